"""Choosing a seat: from the accessible list of the day (with its features, free or taken),
filtered by features; the booking holds the chosen seat, and the service refuses a seat of
another hub, one out of use or one taken. "Any free seat" keeps the automatic pick. A day the
person's published plan has them in the office is warned about, not refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agilepa.planning.models import MonthPlan, PlanDay, PlanDayKind, PlanStatus
from agilepa.spaces import services
from agilepa.spaces.models import Booking, Seat
from tests.spaces.test_booking import MONDAY, TODAY, access_of, make_hub


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def test_the_booking_holds_the_chosen_seat(world) -> None:
    hub = make_hub(world.a.body, seats=3)
    chosen = hub.seats.get(code="P03")
    booking = services.book(
        access_of(world, "employee"), hub, MONDAY, today=TODAY, seat_id=chosen.pk
    )
    assert booking.seat == chosen


def test_any_free_seat_is_still_the_first_free(world) -> None:
    hub = make_hub(world.a.body, seats=3)
    assert services.book(access_of(world, "employee"), hub, MONDAY, today=TODAY).seat.code == "P01"


def test_a_taken_seat_is_refused_and_nobody_is_waitlisted(world) -> None:
    hub = make_hub(world.a.body, seats=2)
    p01 = hub.seats.get(code="P01")
    services.book(access_of(world, "employee"), hub, MONDAY, today=TODAY, seat_id=p01.pk)
    with pytest.raises(ValidationError) as refused:
        services.book(access_of(world, "manager"), hub, MONDAY, today=TODAY, seat_id=p01.pk)
    assert refused.value.message_dict == {
        "seat": ["Seat P01 is taken at that time: choose another one."]
    }
    assert Booking.objects.count() == 1 and not hub.waitlist.exists()


def test_a_seat_out_of_use_or_of_another_hub_is_refused(world) -> None:
    hub = make_hub(world.a.body, seats=2)
    other = make_hub(world.a.body, name="Hub Rimini", seats=1)
    retired = hub.seats.get(code="P02")
    retired.is_active = False
    retired.save()
    access = access_of(world, "employee")
    for seat, text in [
        (retired, "Seat P02 is not in use."),
        (other.seats.get(), "not in this hub"),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.book(access, hub, MONDAY, today=TODAY, seat_id=seat.pk)
        assert text in refused.value.message_dict["seat"][0]
    assert not Booking.objects.exists()


def test_the_api_books_the_chosen_seat_and_refuses_a_foreign_one(
    world, api_as, fixed_today
) -> None:
    hub = make_hub(world.a.body, seats=2)
    foreign = make_hub(world.b.body, name="Hub B", seats=1).seats.get()
    url = f"/api/v1/bodies/{world.a.body.slug}/hubs/{hub.pk}/bookings"
    employee = api_as("employee", token=True)
    refused = employee.post(url, {"date": MONDAY.isoformat(), "seat_id": foreign.pk})
    assert refused.status_code == 422 and "not in this hub" in refused.content.decode()
    p02 = hub.seats.get(code="P02")
    booked = employee.post(url, {"date": MONDAY.isoformat(), "seat_id": p02.pk})
    assert booked.status_code == 201 and booked.json()["seat"] == "P02"


def test_the_page_lists_the_seats_of_the_day_with_features_and_state(
    world, client_as, fixed_today
) -> None:
    hub = make_hub(world.a.body, seats=2)
    Seat.objects.filter(code="P02").update(monitor=True, standing_desk=True)
    services.book(access_of(world, "manager"), hub, MONDAY, today=TODAY)  # takes P01
    url = f"/b/{world.a.body.slug}/hubs/{hub.pk}/?date={MONDAY.isoformat()}&half=day"
    html = client_as("employee").get(url).content.decode()
    p01 = html[html.index(f'id="seat-{hub.seats.get(code="P01").pk}"') :]
    assert p01[: p01.index("</div>")].count("disabled") == 1 and "P01 — taken" in p01
    assert "P02 — free · step-free access · monitor · standing desk" in html
    assert '<input type="radio" id="seat-any" name="seat" value="" checked>' in html


def test_the_feature_filter_keeps_only_the_seats_with_every_feature(
    world, client_as, fixed_today
) -> None:
    hub = make_hub(world.a.body, seats=3)
    Seat.objects.filter(code__in=["P02", "P03"]).update(monitor=True)
    Seat.objects.filter(code="P03").update(quiet_room=True)
    url = f"/b/{world.a.body.slug}/hubs/{hub.pk}/?date={MONDAY.isoformat()}"
    html = client_as("employee").get(f"{url}&feature=monitor&feature=quiet_room").content.decode()
    assert "P03 — free" in html and "P02 — free" not in html and "P01 — free" not in html


def test_the_page_books_the_chosen_seat(world, client_as, fixed_today) -> None:
    hub = make_hub(world.a.body, seats=2)
    p02 = hub.seats.get(code="P02")
    page = client_as("employee").post(
        f"/b/{world.a.body.slug}/hubs/{hub.pk}/?date={MONDAY.isoformat()}",
        {"date": MONDAY.isoformat(), "half": "day", "seat": str(p02.pk)},
        follow=True,
    )
    assert Booking.objects.get().seat == p02
    assert "Seat P02 is yours" in page.content.decode()


def test_a_planned_office_day_is_warned_about_not_refused(world, client_as, fixed_today) -> None:
    hub = make_hub(world.a.body, seats=1)
    plan = MonthPlan.objects.create(
        body=world.a.body, unit=world.a.area, year=2026, month=12, status=PlanStatus.PUBLISHED
    )
    PlanDay.objects.create(
        plan=plan, person=world.a.employee_person, date=MONDAY, kind=PlanDayKind.OFFICE
    )
    client = client_as("employee")
    url = f"/b/{world.a.body.slug}/hubs/{hub.pk}/?date={MONDAY.isoformat()}"
    assert "has you in the office on this day" in client.get(url).content.decode()
    other_day = MONDAY.replace(day=MONDAY.day + 1).isoformat()
    url_other = f"/b/{world.a.body.slug}/hubs/{hub.pk}/?date={other_day}"
    assert "has you in the office" not in client.get(url_other).content.decode()
    client.post(url, {"date": MONDAY.isoformat(), "half": "day"})
    assert Booking.objects.get().person == world.a.employee_person
