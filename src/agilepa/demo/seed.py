"""The order in which the demo network is loaded and removed: the organisation first, then each
app's step over it (agreements before the plans that read them, the plans before the attendance
history, the history before the indicators and awards that summarise it).

`python -m agilepa seed-demo` calls `seed_network` and `reset`; each step lives in demo/<app>.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection

from agilepa.demo import agreements, community, objectives, org, surveys
from agilepa.demo.awards import seed_awards
from agilepa.demo.data import BODIES, NETWORK_SLUG
from agilepa.demo.events import seed_events
from agilepa.demo.indicators import seed_history
from agilepa.demo.maturity import seed_maturity
from agilepa.demo.measurement import seed_commute
from agilepa.demo.org import DemoResult, demo_present
from agilepa.demo.planning import seed_planning
from agilepa.demo.spaces import seed_spaces
from agilepa.demo.timings import phase
from agilepa.indicators import summary
from agilepa.org.models import Body, Network, Person
from agilepa.planning.services import prefill_patron_days

__all__ = ["demo_present", "load_settings", "reset", "seed_network"]

# SQLite's page cache for the load (KiB, as `PRAGMA cache_size` takes a negative number): the
# default 2 MiB makes the attendance history's index builds and the summary's aggregates over
# millions of rows go back to the file again and again; 128 MiB holds their working set.
LOAD_CACHE_KIB = 131072


@contextmanager
def load_settings() -> Iterator[None]:
    """On SQLite, a larger page cache and temporary B-trees (sorts, index builds) in memory for
    the duration of the load, then the connection's own values again. Durability is unchanged
    (the WAL and `synchronous` are left as settings.py sets them): these only decide what SQLite
    keeps in memory. Elsewhere, or inside a transaction (where SQLite refuses to change
    `temp_store`: the tests' case), nothing is done."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache = cursor.fetchone()[0]
        cursor.execute("PRAGMA temp_store")
        temp = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{LOAD_CACHE_KIB}")
        cursor.execute("PRAGMA temp_store = MEMORY")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache)}")
            cursor.execute(f"PRAGMA temp_store = {int(temp)}")


def reset() -> None:
    """Remove the demo data: the apps' records that outlive their body first, then the
    organisation (its bodies, network and `.demo` logins, with what cascades from them)."""
    community.reset()
    surveys.reset()
    objectives.reset()
    agreements.reset()
    org.reset_demo()


def seed_network(
    scale: float,
    history_months: int,
    progress: Callable[[str], None],
    timings: Callable[[str], None] | None = None,
) -> tuple[DemoResult, int]:
    """Load the whole demo network; returns the organisation's counts and logins, and the number
    of agreements. `timings`, when given, receives each step's wall and CPU time."""
    with phase("organisation", timings):
        result = org.seed_org(scale=scale, progress=progress)
    with phase("agreements", timings):
        agreement_count = agreements.seed_agreements(progress=progress)
    bodies = list(Body.objects.filter(slug__in=[spec.slug for spec in BODIES]))
    with phase("patron days", timings):
        for body in bodies:
            prefill_patron_days(body)
    manager = Person.objects.filter(user__email="dirigente@comune-bologna.demo").first()
    area = manager.headed_units.first() if manager else None
    network = Network.objects.get(slug=NETWORK_SLUG)
    with phase("planning", timings):
        seed_planning(bodies, area, progress)
    with phase("spaces", timings):
        seed_spaces(network, progress)
    with phase("objectives", timings):
        objectives.seed_objectives(area, progress)
    with phase("commute", timings):
        seed_commute(bodies, network, progress)
    with phase("surveys", timings):
        surveys.seed_surveys(area.body if area else None, progress)
    with phase("attendance history and indicators", timings):
        seed_history(bodies, network, progress, history_months, timings)
    bologna = Body.objects.get(slug="c_a944")
    with phase("events", timings):
        seed_events(network, bologna, progress)
    with phase("maturity", timings):
        seed_maturity(bodies, bologna, progress)
    with phase("awards", timings):
        seed_awards(network, progress)
    with phase("community", timings):
        community.seed_community(network, progress)
    with phase("the summary's other months", timings):
        # What the worker's ten-minute job does on a running site: the months the steps above
        # marked changed outside the history (agreements from before it, a body with no
        # attendance) are rebuilt, so that no page of the fresh demo sums them from the days.
        summary.refresh_dirty_months()
    return result, agreement_count
