"""Booking the same remote weekday for some weeks: only on a weekday of the agreement in force,
within its period and quota; each day booked or listed with the reason it was not."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agilepa.spaces import services
from agilepa.spaces.models import Booking
from tests.factories import make_agreement
from tests.spaces.test_booking import TODAY, access_of, make_hub

TUESDAYS = [date(2026, 12, 1), date(2026, 12, 8), date(2026, 12, 15), date(2026, 12, 22)]


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def agreement(world):
    return make_agreement(world.a.employee_person, status="active", weekdays=[1, 3])


def test_every_tuesday_for_four_weeks_skips_the_holiday_with_its_reason(world, agreement) -> None:
    hub = make_hub(world.a.body)
    days = services.book_recurring(access_of(world, "employee"), hub, 1, 4, today=TODAY)
    assert [d.day for d in days] == TUESDAYS
    assert [d.booking is not None for d in days] == [True, False, True, True]
    assert "Immacolata Concezione" in days[1].reason
    assert sorted(Booking.objects.values_list("date", flat=True)) == [
        TUESDAYS[0],
        TUESDAYS[2],
        TUESDAYS[3],
    ]


def test_a_weekday_outside_the_agreement_is_refused(world, agreement) -> None:
    hub = make_hub(world.a.body)
    with pytest.raises(ValidationError) as refused:
        services.book_recurring(access_of(world, "employee"), hub, 2, 4, today=TODAY)
    assert "weekday" in refused.value.message_dict
    assert not Booking.objects.exists()


def test_without_an_agreement_in_force_nothing_is_booked(world) -> None:
    make_agreement(world.a.employee_person, status="draft", weekdays=[1])
    hub = make_hub(world.a.body)
    with pytest.raises(ValidationError) as refused:
        services.book_recurring(access_of(world, "employee"), hub, 1, 2, today=TODAY)
    assert "you have none in force" in refused.value.message_dict["weekday"][0]


def test_the_days_after_the_agreement_ends_are_not_booked(world) -> None:
    make_agreement(
        world.a.employee_person, status="active", weekdays=[1], end_date=date(2026, 12, 16)
    )
    days = services.book_recurring(
        access_of(world, "employee"), make_hub(world.a.body), 1, 4, today=TODAY
    )
    assert days[3].reason == "Your agreement does not cover that day."
    assert days[2].booking is not None


def test_a_monthly_quota_agreement_stops_at_its_quota(world) -> None:
    make_agreement(
        world.a.employee_person,
        status="active",
        pattern="monthly_quota",
        weekdays=[],
        monthly_quota=2,
    )
    days = services.book_recurring(
        access_of(world, "employee"), make_hub(world.a.body), 3, 4, today=TODAY
    )
    # Thursdays 3, 10, 17, 24 December: the third and fourth beyond a quota of 2.
    assert [d.booking is not None for d in days] == [True, True, False, False]
    assert "2 remote days that month" in days[2].reason


def test_the_hubs_weekly_rule_applies_to_each_day(world, agreement) -> None:
    hub = make_hub(world.a.body, max_days_per_week=1)
    services.book(access_of(world, "employee"), hub, date(2026, 12, 14), today=TODAY)
    days = services.book_recurring(access_of(world, "employee"), hub, 1, 4, today=TODAY)
    assert "At most 1 days a week" in days[2].reason
    assert days[3].booking is not None


def test_the_api_answers_each_day(world, api_as, agreement, fixed_today) -> None:
    hub = make_hub(world.a.body)
    answer = api_as("employee", token=True).post(
        f"/api/v1/bodies/{world.a.body.slug}/hubs/{hub.pk}/recurring-bookings",
        {"weekday": 1, "weeks": 2},
    )
    assert answer.status_code == 200
    first, holiday = answer.json()
    assert first["booking"]["seat"] == "P01" and first["reason"] == ""
    assert holiday["booking"] is None and "Immacolata Concezione" in holiday["reason"]


def test_the_api_refuses_too_many_weeks(world, api_as, agreement, fixed_today) -> None:
    hub = make_hub(world.a.body)
    answer = api_as("employee", token=True).post(
        f"/api/v1/bodies/{world.a.body.slug}/hubs/{hub.pk}/recurring-bookings",
        {"weekday": 1, "weeks": 52},
    )
    assert answer.status_code == 422 and not Booking.objects.exists()


def test_the_page_lists_booked_and_refused_days(world, client_as, agreement, fixed_today) -> None:
    hub = make_hub(world.a.body)
    page = client_as("employee").post(
        f"/b/{world.a.body.slug}/hubs/{hub.pk}/",
        {"action": "recurring", "weekday": "1", "weeks": "2", "half": "day"},
        follow=True,
    )
    html = page.content.decode()
    assert "Booked 01/12/2026: seat P01." in html
    assert "Not booked 08/12/2026: Immacolata Concezione" in html
    assert Booking.objects.count() == 1
