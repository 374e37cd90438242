"""Shared setup of the events tests: an event factory and accesses by role."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from agilepa.core.access import resolve_access
from agilepa.events.models import Event

ROME = ZoneInfo("Europe/Rome")
# A fixed clock: registration opens before NOW, the events start after it.
NOW = datetime(2026, 5, 4, 10, 0, tzinfo=ROME)
STARTS = datetime(2026, 5, 20, 9, 0, tzinfo=ROME)


def make_event(body, **overrides: object) -> Event:
    values: dict[str, object] = {
        "organiser": body,
        "kind": "course",
        "title": "Sicurezza informatica per il lavoro agile",
        "starts_at": STARTS,
        "ends_at": STARTS.replace(hour=12),
        "place": "Sala del consiglio",
        "capacity": 2,
    }
    values.update(overrides)
    return Event.objects.create(**values)


@pytest.fixture
def access_of(world):
    def access(role: str, side: str = "a"):
        return resolve_access(world.users[role], getattr(world, side).body)

    return access
