"""The rules each hub sets, enforced in the service whatever the way in: the API cannot bypass
what the page enforces. Days ahead, days per week and per month, cancellation deadline, and
who may book (the sharing of the hub)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agilepa.spaces import services
from agilepa.spaces.models import Booking, Sharing
from tests.spaces.test_booking import MONDAY, TODAY, access_of, make_hub


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def api_book(world, api_as, hub, day, role: str = "employee"):
    return api_as(role, token=True).post(
        f"/api/v1/bodies/{world.a.body.slug}/hubs/{hub.pk}/bookings", {"date": day.isoformat()}
    )


def test_the_weekly_limit_is_enforced_with_a_field_error(world) -> None:
    hub = make_hub(world.a.body, max_days_per_week=2)
    access = access_of(world, "employee")
    services.book(access, hub, MONDAY, today=TODAY)
    services.book(access, hub, MONDAY + timedelta(days=1), today=TODAY)
    with pytest.raises(ValidationError) as refused:
        services.book(access, hub, MONDAY + timedelta(days=2), today=TODAY)
    assert refused.value.message_dict == {
        "date": ["At most 2 days a week in this hub: you have booked them all."]
    }
    # The next week counts afresh.
    assert services.book(access, hub, MONDAY + timedelta(days=7), today=TODAY)


def test_the_weekly_limit_holds_through_the_api(world, api_as, fixed_today) -> None:
    hub = make_hub(world.a.body, max_days_per_week=1)
    assert api_book(world, api_as, hub, MONDAY).status_code == 201
    refused = api_book(world, api_as, hub, MONDAY + timedelta(days=1))
    assert refused.status_code == 422 and "At most 1 days a week" in refused.content.decode()
    assert Booking.objects.count() == 1


def test_the_days_ahead_hold_through_the_api(world, api_as, fixed_today) -> None:
    hub = make_hub(world.a.body, book_ahead_days=7)
    refused = api_book(world, api_as, hub, MONDAY)  # 14 days ahead
    assert refused.status_code == 422 and "at most 7 days ahead" in refused.content.decode()


def test_the_monthly_limit_holds_through_the_api(world, api_as, fixed_today) -> None:
    hub = make_hub(world.a.body, max_days_per_month=1)
    assert api_book(world, api_as, hub, MONDAY).status_code == 201
    refused = api_book(world, api_as, hub, MONDAY + timedelta(days=2))
    assert refused.status_code == 422 and "At most 1 days a month" in refused.content.decode()


def test_the_cancellation_deadline_holds_through_the_api(world, api_as, monkeypatch) -> None:
    hub = make_hub(world.a.body, cancel_until=time(18, 0))
    booking = services.book(access_of(world, "employee"), hub, MONDAY, today=TODAY)
    late = timezone.make_aware(datetime.combine(MONDAY - timedelta(days=1), time(19, 0)))
    monkeypatch.setattr(timezone, "localtime", lambda *args, **kwargs: late)
    refused = api_as("employee", token=True).post(
        f"/api/v1/bodies/{world.a.body.slug}/bookings/{booking.pk}/cancel"
    )
    assert refused.status_code == 422 and "18:00 of the day before" in refused.content.decode()
    assert Booking.objects.get().status == "booked"


def test_only_the_listed_bodies_book_a_listed_hub_through_the_api(
    world, api_as, fixed_today
) -> None:
    hub = make_hub(world.b.body, sharing=Sharing.LISTED)
    url = f"/api/v1/bodies/{world.a.body.slug}/hubs/{hub.pk}/bookings"
    employee = api_as("employee", token=True)
    assert employee.post(url, {"date": MONDAY.isoformat()}).status_code == 404
    hub.listed_bodies.add(world.a.body)
    assert employee.post(url, {"date": MONDAY.isoformat()}).status_code == 201


def test_hr_edits_the_weekly_limit_in_the_hub_form(world, client_as) -> None:
    hub = make_hub(world.a.body)
    client = client_as("hr_admin")
    url = f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/"
    assert 'name="max_days_per_week"' in client.get(url).content.decode()
    data = {
        "action": "hub",
        "name": hub.name,
        "address": hub.address,
        "municipality": hub.municipality,
        "sharing": "internal",
        "opening_weekdays": ["0", "1", "2", "3", "4"],
        "opens_at": "08:00",
        "closes_at": "19:00",
        "max_days_per_month": "8",
        "max_days_per_week": "0",
        "book_ahead_days": "30",
        "cancel_until": "18:00",
        "release_no_show_at": "10:30",
        "is_active": "on",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "max_days_per_week" in refused.context["form"].errors
    client.post(url, {**data, "max_days_per_week": "2"})
    hub.refresh_from_db()
    assert hub.max_days_per_week == 2
