"""A person registers for an event: a place while there is one, then the waitlist, which a
cancellation promotes first come first served."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from agilepa.core.access import PermissionDeniedForRole, resolve_access
from agilepa.core.models import RoleKind
from agilepa.events import selectors, services
from agilepa.events.models import Registration
from agilepa.org.models import Membership, MembershipStatus
from tests.events.conftest import NOW, STARTS, make_event
from tests.factories import PersonFactory, UserFactory, grant


def person_access(world, side: str = "a"):
    body = getattr(world, side).body
    person = PersonFactory(body=body, unit=getattr(world, side).service)
    person.user = UserFactory()
    person.save(update_fields=["user"])
    return resolve_access(person.user, body)


def test_places_go_first_then_the_waitlist_in_order(world) -> None:
    event = make_event(world.a.body, capacity=2)
    people = [person_access(world) for _ in range(4)]
    outcomes = [
        services.register(p, event, now=NOW + timedelta(minutes=i)) for i, p in enumerate(people)
    ]
    assert [r.status for r in outcomes] == ["registered", "registered", "waitlisted", "waitlisted"]
    assert sorted(r.place for r in outcomes[:2]) == [1, 2]
    assert [selectors.waitlist_position(r) for r in outcomes[2:]] == [1, 2]


def test_a_cancellation_gives_the_place_to_the_first_on_the_waitlist(world) -> None:
    event = make_event(world.a.body, capacity=1)
    first, second, third = (person_access(world) for _ in range(3))
    held = services.register(first, event, now=NOW)
    waiting = services.register(second, event, now=NOW + timedelta(minutes=1))
    last = services.register(third, event, now=NOW + timedelta(minutes=2))
    services.cancel(first, held, now=NOW + timedelta(hours=1))
    waiting.refresh_from_db()
    last.refresh_from_db()
    assert waiting.status == "registered" and waiting.place == 1
    assert last.status == "waitlisted" and selectors.waitlist_position(last) == 1
    held.refresh_from_db()
    assert held.status == "cancelled" and held.place is None


def test_registering_again_after_cancelling_goes_to_the_end_of_the_waitlist(world) -> None:
    event = make_event(world.a.body, capacity=1)
    first, second = person_access(world), person_access(world)
    held = services.register(first, event, now=NOW)
    services.cancel(first, held, now=NOW + timedelta(minutes=1))
    services.register(second, event, now=NOW + timedelta(minutes=2))
    again = services.register(first, event, now=NOW + timedelta(minutes=3))
    assert again.status == "waitlisted"
    with pytest.raises(ValidationError, match="already registered"):
        services.register(first, event, now=NOW + timedelta(minutes=4))


def test_registration_outside_its_window_is_refused(world) -> None:
    event = make_event(
        world.a.body,
        registration_opens=NOW + timedelta(days=1),
        registration_closes=NOW + timedelta(days=5),
    )
    person = person_access(world)
    with pytest.raises(ValidationError, match="not open"):
        services.register(person, event, now=NOW)
    with pytest.raises(ValidationError, match="not open"):
        services.register(person, event, now=NOW + timedelta(days=6))
    assert services.register(person, event, now=NOW + timedelta(days=2)).status == "registered"


def test_a_cancellation_after_the_start_is_refused(world) -> None:
    event = make_event(world.a.body)
    person = person_access(world)
    registration = services.register(person, event, now=NOW)
    with pytest.raises(ValidationError, match="started"):
        services.cancel(person, registration, now=STARTS)


def test_a_body_event_is_invisible_to_another_body_a_network_event_to_its_members(world) -> None:
    body_only = make_event(world.a.body, title="Interno")
    for_network = make_event(world.a.body, title="Rete", audience="network", network=world.network)
    public = make_event(world.a.body, title="Pubblico", audience="public")
    foreign = person_access(world, "b")
    visible = set(selectors.events_for(foreign).values_list("title", flat=True))
    assert visible == {"Pubblico"}
    with pytest.raises(PermissionDeniedForRole):
        services.register(foreign, body_only, now=NOW)
    Membership.objects.create(
        network=world.network,
        body=world.b.body,
        applied_on="2026-01-10",
        status=MembershipStatus.ACTIVE,
    )
    visible = set(selectors.events_for(foreign).values_list("title", flat=True))
    assert visible == {"Rete", "Pubblico"}
    assert services.register(foreign, for_network, now=NOW).status == "registered"
    assert services.register(foreign, public, now=NOW).status == "registered"


def test_the_capacity_cannot_fall_below_the_places_held_and_a_larger_one_promotes(
    world, access_of
) -> None:
    event = make_event(world.a.body, capacity=2)
    people = [person_access(world) for _ in range(3)]
    registrations = [services.register(p, event, now=NOW) for p in people]
    hr = access_of("hr_admin")
    with pytest.raises(ValidationError, match="2 people hold a place"):
        services.update_event(hr, event, capacity=1)
    services.update_event(hr, event, capacity=3)
    registrations[2].refresh_from_db()
    assert registrations[2].status == "registered" and registrations[2].place == 3


def test_only_the_network_coordinating_body_organises_for_the_network(world) -> None:
    hr_user = UserFactory(email="hr.b@b.it")
    grant(hr_user, RoleKind.HR_ADMIN, body=world.b.body)
    hr_b = resolve_access(hr_user, world.b.body)
    with pytest.raises(ValidationError) as refused:
        services.create_event(
            hr_b,
            kind="workshop",
            title="Laboratorio",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=2),
            online_url="https://meet.example.it/lab",
            capacity=30,
            audience="network",
            network=world.network,
        )
    assert "network" in refused.value.message_dict


def test_an_event_needs_a_place_or_a_link_and_training_needs_hours(world, access_of) -> None:
    with pytest.raises(ValidationError) as refused:
        services.create_event(
            access_of("hr_admin"),
            kind="course",
            title="Corso",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=2),
            capacity=10,
            training_topic="safety",
        )
    assert set(refused.value.message_dict) == {"place", "training_hours"}


def test_the_api_registers_waitlists_and_cancels(world) -> None:
    event = make_event(
        world.a.body,
        capacity=1,
        starts_at=STARTS.replace(year=2030),
        ends_at=STARTS.replace(year=2030, hour=12),
    )
    other = person_access(world)
    services.register(other, event)
    client = Client()
    client.force_login(world.users["employee"])
    url = f"/api/v1/bodies/{world.a.body.slug}/events/{event.pk}/registration"
    response = client.post(url)
    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"
    assert response.json()["waitlist_position"] == 1
    again = client.post(url)
    assert again.status_code == 422
    assert again["Content-Type"] == "application/problem+json"
    Registration.objects.filter(event=event, person_id=other.person_id).delete()
    services.promote(event)
    detail = client.get(f"/api/v1/bodies/{world.a.body.slug}/events/{event.pk}").json()
    assert detail["my_status"] == "registered"
    assert client.delete(url).json()["status"] == "cancelled"
