"""The event pages: the list, registering from the page, the calendar file, the organiser's
form; and what the public network page may show of events."""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta

from django.test import Client
from icalendar import Calendar

from agilepa.core.access import resolve_access
from agilepa.events import selectors, services
from agilepa.events.models import Event, Registration
from agilepa.org.models import Membership, MembershipStatus
from tests.events.conftest import NOW, make_event
from tests.factories import BodyFactory, NetworkFactory

FUTURE = NOW.replace(year=2030)


def test_a_person_registers_from_the_event_page_and_sees_it_in_their_list(world, client_as) -> None:
    event = make_event(world.a.body, starts_at=FUTURE, ends_at=FUTURE + timedelta(hours=2))
    client = client_as("employee")
    base = f"/b/{world.a.body.slug}/events/"
    assert f'data-event="{event.pk}"' in client.get(base).content.decode()
    page = client.get(f"{base}{event.pk}/").content.decode()
    assert 'id="register"' in page
    response = client.post(f"{base}{event.pk}/register/")
    assert response.status_code == 302
    listing = client.get(base).content.decode()
    assert f'<li data-event="{event.pk}" data-status="registered">' in listing
    detail = client.get(f"{base}{event.pk}/").content.decode()
    assert 'data-status="registered"' in detail
    assert client.post(f"{base}{event.pk}/cancel/").status_code == 302
    assert Registration.objects.get(event=event).status == "cancelled"


def test_the_calendar_file_has_the_event_and_no_attendee(world, client_as) -> None:
    event = make_event(world.a.body, online_url="https://meet.example.it/corso")
    services.register(
        resolve_access(world.users["employee"], world.a.body),
        event,
        now=NOW,
    )
    response = client_as("observer").get(f"/b/{world.a.body.slug}/events/{event.pk}/event.ics")
    assert response["Content-Type"].startswith("text/calendar")
    entry = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(entry["summary"]) == event.title
    assert entry.decoded("dtstart") == event.starts_at
    assert "meet.example.it" in str(entry["location"])
    assert "ATTENDEE" not in response.content.decode()
    assert world.a.employee_person.last_name not in response.content.decode()


def test_only_a_public_event_has_a_calendar_file_without_login(world) -> None:
    internal = make_event(world.a.body)
    public = make_event(world.a.body, audience="public")
    anonymous = Client()
    assert anonymous.get(f"/events/{internal.pk}/event.ics").status_code == 404
    assert anonymous.get(f"/events/{public.pk}/event.ics").status_code == 200


def test_hr_organises_an_event_from_the_form(world, client_as) -> None:
    client = client_as("hr_admin")
    url = f"/b/{world.a.body.slug}/events/new/"
    data = {
        "kind": "webinar",
        "title": "Benessere digitale",
        "starts_at": "2030-03-02T10:00",
        "ends_at": "2030-03-02T11:30",
        "online_url": "https://meet.example.it/benessere",
        "capacity": "50",
        "audience": "network",
        "network": str(world.network.pk),
        "training_topic": "digital_wellbeing",
        "training_hours": "1.5",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    event = Event.objects.get(title="Benessere digitale")
    assert event.network == world.network and event.organiser == world.a.body
    bad = client.post(url, dict(data, ends_at="2030-03-02T09:00", title="Rovesciato"))
    assert bad.status_code == 422
    assert 'id="id_ends_at_error"' in bad.content.decode()


def test_upcoming_public_events_of_a_network_carry_no_personal_data(world) -> None:
    member = BodyFactory()
    Membership.objects.create(
        network=world.network, body=member, applied_on="2026-01-10", status=MembershipStatus.ACTIVE
    )
    outsider_network = NetworkFactory(coordinator=BodyFactory())
    make_event(member, title="Pubblico del membro", audience="public", capacity=1)
    make_event(world.a.body, title="Della rete", audience="network", network=world.network)
    make_event(world.a.body, title="Interno")
    make_event(outsider_network.coordinator, title="Di un'altra rete", audience="public")
    make_event(
        world.a.body,
        title="Passato",
        audience="public",
        starts_at=NOW - timedelta(days=10),
        ends_at=NOW - timedelta(days=10) + timedelta(hours=1),
    )
    shown = selectors.upcoming_public_events(world.network, limit=5, now=NOW)
    assert [e.title for e in shown] == ["Pubblico del membro"]
    assert shown[0].has_places is True
    names = {f.name for f in fields(shown[0])}
    assert not names & {"person", "people", "registrations", "registered", "email"}
