"""Team zones: seats of a hub a unit holds on its anchor days. On such a day the zone's seats go
to the people of the unit's subtree only (first to them, by the automatic pick), a chosen one is
refused to the others, on the page and in the API alike, and the availability shows them held;
on the other days they are ordinary seats. HR keeps the zones on a page of the hub."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agilepa.planning.models import AnchorDay
from agilepa.spaces import selectors, services
from agilepa.spaces.models import Booking, Seat, TeamZone
from tests.spaces.test_booking import MONDAY, TODAY, access_of, make_hub

TUESDAY = MONDAY.replace(day=MONDAY.day + 1)


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def zoned(world):
    """A hub of three seats; the Servizio Anagrafe (the employee's unit, not the manager's:
    the manager heads the area above it) holds P01 and P02 on its anchor day, Monday."""
    hub = make_hub(world.a.body, seats=3)
    zone = TeamZone.objects.create(hub=hub, unit=world.a.service, name="Anagrafe")
    zone.seats.set(hub.seats.filter(code__in=["P01", "P02"]))
    AnchorDay.objects.create(
        body=world.a.body, unit=world.a.service, date=MONDAY, reason="Riunione di servizio"
    )
    return hub


def seat(hub, code: str) -> Seat:
    return hub.seats.get(code=code)


def test_an_outsider_is_given_a_seat_outside_the_held_zone_on_the_anchor_day(world, zoned) -> None:
    booking = services.book(access_of(world, "manager"), zoned, MONDAY, today=TODAY)
    assert booking.seat.code == "P03"


def test_an_outsider_finds_the_hub_full_when_only_held_seats_are_left(world, zoned) -> None:
    services.book(access_of(world, "manager"), zoned, MONDAY, today=TODAY)
    hr = access_of(world, "hr_admin")
    with pytest.raises(services.Full):
        services.book(hr, zoned, MONDAY, person=world.a.outsider, today=TODAY)
    assert not Booking.objects.filter(seat__code__in=["P01", "P02"]).exists()


def test_a_member_of_the_unit_is_given_the_zone_seat_first(world, zoned) -> None:
    zoned.seats.filter(code="P01").update(is_active=False)
    booking = services.book(access_of(world, "employee"), zoned, MONDAY, today=TODAY)
    assert booking.seat.code == "P02"


def test_the_units_below_the_zone_unit_are_members_too(world, zoned) -> None:
    TeamZone.objects.all().update(unit=world.a.area)
    AnchorDay.objects.all().update(unit=world.a.area)
    chosen = seat(zoned, "P02")
    booking = services.book(
        access_of(world, "employee"), zoned, MONDAY, today=TODAY, seat_id=chosen.pk
    )
    assert booking.seat == chosen


def test_an_outsider_choosing_a_held_seat_is_refused_on_the_seat_field(world, zoned) -> None:
    with pytest.raises(ValidationError) as refused:
        services.book(
            access_of(world, "manager"), zoned, MONDAY, today=TODAY, seat_id=seat(zoned, "P01").pk
        )
    assert refused.value.message_dict == {
        "seat": [
            "The seat is held for the team zone of Servizio Anagrafe on the anchor day "
            "of 14/12/2026."
        ]
    }
    assert not Booking.objects.exists()


def test_the_page_refuses_a_held_seat_to_an_outsider_in_italian(
    world, zoned, client_as, fixed_today
) -> None:
    url = f"/b/{world.a.body.slug}/hubs/{zoned.pk}/"
    page = client_as("manager", HTTP_ACCEPT_LANGUAGE="it").post(
        url, {"date": MONDAY.isoformat(), "seat": seat(zoned, "P02").pk}, follow=True
    )
    assert (
        "La postazione è riservata alla zona del team Servizio Anagrafe nella giornata di "
        "presenza del 14/12/2026" in page.content.decode()
    )
    assert not Booking.objects.exists()


def test_the_api_refuses_a_held_seat_to_an_outsider(world, zoned, api_as, fixed_today) -> None:
    url = f"/api/v1/bodies/{world.a.body.slug}/hubs/{zoned.pk}/bookings"
    manager = api_as("manager", token=True)
    refused = manager.post(url, {"date": MONDAY.isoformat(), "seat_id": seat(zoned, "P01").pk})
    assert refused.status_code == 422 and "team zone" in refused.content.decode()
    picked = manager.post(url, {"date": MONDAY.isoformat()})
    assert picked.status_code == 201 and picked.json()["seat"] == "P03"
    assert (
        api_as("employee", token=True)
        .post(url, {"date": MONDAY.isoformat(), "seat_id": seat(zoned, "P01").pk})
        .json()["seat"]
        == "P01"
    )


def test_on_a_day_that_is_not_an_anchor_day_the_zone_seats_are_ordinary(world, zoned) -> None:
    manager = access_of(world, "manager")
    assert services.book(manager, zoned, TUESDAY, today=TODAY).seat.code == "P01"
    other = services.book(
        access_of(world, "hr_admin"),
        zoned,
        TUESDAY,
        person=world.a.outsider,
        today=TODAY,
        seat_id=seat(zoned, "P02").pk,
    )
    assert other.seat.code == "P02"


def test_the_availability_shows_held_seats_as_held_to_outsiders_only(
    world, zoned, api_as, fixed_today
) -> None:
    url = f"/api/v1/bodies/{world.a.body.slug}/hubs/{zoned.pk}/availability?start={MONDAY}"
    outside = {d["date"]: d for d in api_as("manager").get(url).json()}
    inside = {d["date"]: d for d in api_as("employee").get(url).json()}
    monday, tuesday = MONDAY.isoformat(), TUESDAY.isoformat()
    assert (outside[monday]["free_seats"], outside[monday]["held_seats"]) == (1, 2)
    assert (inside[monday]["free_seats"], inside[monday]["held_seats"]) == (3, 0)
    assert (outside[tuesday]["free_seats"], outside[tuesday]["held_seats"]) == (3, 0)


def test_the_page_lists_a_held_seat_as_held_for_the_unit(
    world, zoned, client_as, fixed_today
) -> None:
    url = f"/b/{world.a.body.slug}/hubs/{zoned.pk}/?date={MONDAY.isoformat()}"
    page = client_as("manager").get(url).content.decode()
    assert "P01 — held for the team zone of Servizio Anagrafe" in page
    assert "P03 — free" in page
    states = selectors.seat_states(zoned, MONDAY, "day", [], world.a.employee_person.pk)
    assert all(s.free for s in states)


def test_a_waitlisted_outsider_is_not_promoted_to_a_held_seat(world, zoned) -> None:
    manager = access_of(world, "manager")
    services.book(manager, zoned, MONDAY, today=TODAY)
    hr = access_of(world, "hr_admin")
    with pytest.raises(services.Full):
        services.book(hr, zoned, MONDAY, person=world.a.outsider, today=TODAY)
    assert services.promote(zoned, MONDAY) == 0


def test_hr_creates_and_edits_a_zone_on_the_hub_page(world, client_as) -> None:
    hub = make_hub(world.a.body, seats=3)
    hr = client_as("hr_admin")
    url = f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/zones/"
    p01, p02 = seat(hub, "P01"), seat(hub, "P02")
    created = hr.post(url, {"name": "Anagrafe", "unit": world.a.service.pk, "seats": [p01.pk]})
    assert created.status_code == 302
    zone = TeamZone.objects.get()
    assert (zone.unit, list(zone.seats.all())) == (world.a.service, [p01])
    hr.post(
        f"{url}{zone.pk}/", {"name": "Anagrafe", "unit": world.a.area.pk, "seats": [p01.pk, p02.pk]}
    )
    zone.refresh_from_db()
    assert zone.unit == world.a.area and zone.seats.count() == 2
    assert "Anagrafe" in hr.get(url).content.decode()


def test_the_form_refuses_a_seat_of_another_hub_and_a_unit_of_another_body(
    world, client_as
) -> None:
    hub = make_hub(world.a.body, seats=1)
    other = make_hub(world.a.body, name="Hub Rimini", seats=1)
    url = f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/zones/"
    page = client_as("hr_admin").post(
        url, {"name": "Z", "unit": world.b.service.pk, "seats": [other.seats.get().pk]}
    )
    form = page.context["form"]
    assert set(form.errors) == {"unit", "seats"}
    assert not TeamZone.objects.exists()


def test_the_service_refuses_a_seat_of_another_hub_and_a_foreign_unit(world) -> None:
    hub = make_hub(world.a.body, seats=1)
    other = make_hub(world.a.body, name="Hub Rimini", seats=1)
    zone = TeamZone(hub=hub, unit=world.b.service, name="Z")
    with pytest.raises(ValidationError) as refused:
        services.save_team_zone(access_of(world, "hr_admin"), zone, [other.seats.get()])
    assert set(refused.value.message_dict) == {"unit", "seats"}


def test_a_second_zone_with_the_same_name_is_refused_on_the_name(world, client_as) -> None:
    hub = make_hub(world.a.body, seats=1)
    TeamZone.objects.create(hub=hub, unit=world.a.service, name="Anagrafe")
    url = f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/zones/"
    page = client_as("hr_admin").post(
        url, {"name": "Anagrafe", "unit": world.a.area.pk, "seats": [seat(hub, "P01").pk]}
    )
    assert page.context["form"].errors["name"] == [
        "The hub already has a team zone with this name."
    ]


def test_the_zones_of_a_hub_the_body_only_uses_are_not_its_hrs(world, client_as) -> None:
    hub = make_hub(world.b.body, seats=1)
    zone = TeamZone.objects.create(hub=hub, unit=world.b.service, name="B")
    url = f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/zones/{zone.pk}/"
    assert client_as("hr_admin").get(url).status_code == 404
    assert client_as("employee").get(f"/b/{world.a.body.slug}/hubs/").status_code == 200


def test_the_booking_page_preselects_the_day_of_the_query_string(
    world, client_as, fixed_today
) -> None:
    hub = make_hub(world.a.body, seats=1)
    url = f"/b/{world.a.body.slug}/hubs/{hub.pk}/?date={TUESDAY.isoformat()}"
    page = client_as("employee").get(url)
    assert page.context["day"] == TUESDAY
    assert f'value="{TUESDAY.isoformat()}" selected' in page.content.decode()


def held_seat_queries(queries) -> int:
    return sum("planning_anchorday" in q["sql"] for q in queries)


def test_a_booking_in_a_hub_without_zones_asks_nothing_about_zones(
    world, api_as, fixed_today
) -> None:
    hub = make_hub(world.a.body, seats=2)
    url = f"/api/v1/bodies/{world.a.body.slug}/hubs/{hub.pk}/bookings"
    employee = api_as("employee", token=True)
    with CaptureQueriesContext(connection) as plain:
        assert employee.post(url, {"date": MONDAY.isoformat()}).status_code == 201
    assert held_seat_queries(plain.captured_queries) == 0
    assert not any('FROM "spaces_teamzone"' in q["sql"] for q in plain.captured_queries)


def test_a_booking_in_a_hub_with_zones_asks_one_query_more(
    world, zoned, api_as, fixed_today
) -> None:
    url = f"/api/v1/bodies/{world.a.body.slug}/hubs/{zoned.pk}/bookings"
    with CaptureQueriesContext(connection) as zoned_booking:
        assert (
            api_as("manager", token=True).post(url, {"date": MONDAY.isoformat()}).status_code == 201
        )
    assert held_seat_queries(zoned_booking.captured_queries) == 1


def test_the_hub_list_passes_the_calendars_day_on_to_each_hub_page(
    world, client_as, fixed_today
) -> None:
    hub = make_hub(world.a.body, seats=1)
    hubs = f"/b/{world.a.body.slug}/hubs/"
    employee = client_as("employee")
    linked = f'href="{hubs}{hub.pk}/?date={TUESDAY.isoformat()}"'
    assert linked in employee.get(f"{hubs}?date={TUESDAY.isoformat()}").content.decode()
    assert f'href="{hubs}{hub.pk}/"' in employee.get(f"{hubs}?date=nonsense").content.decode()
