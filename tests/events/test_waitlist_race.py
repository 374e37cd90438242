"""Two people never both take the last place: concurrent registrations, each from its own
thread and database connection, hold exactly the capacity, on distinct places."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from agilepa.core.access import resolve_access
from agilepa.events import services
from agilepa.events.models import Registration
from tests.events.conftest import NOW, make_event
from tests.factories import PersonFactory, UserFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("capacity", "people"), [(1, 2), (5, 16)])
def test_racing_for_the_last_places_never_overbooks(world, capacity: int, people: int) -> None:
    event = make_event(world.a.body, capacity=capacity)
    accesses = []
    for _ in range(people):
        person = PersonFactory(body=world.a.body, unit=world.a.service)
        person.user = UserFactory()
        person.save(update_fields=["user"])
        accesses.append(resolve_access(person.user, world.a.body))
    outcomes: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(people)

    def attempt(access) -> None:
        try:
            barrier.wait()
            outcomes.append(services.register(access, event, now=NOW).status)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(a,)) for a in accesses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(outcomes) == ["registered"] * capacity + ["waitlisted"] * (people - capacity)
    held = list(
        Registration.objects.filter(event=event, status="registered").values_list(
            "place", flat=True
        )
    )
    assert sorted(held) == list(range(1, capacity + 1))
    assert Registration.objects.filter(event=event, status="waitlisted").count() == (
        people - capacity
    )
