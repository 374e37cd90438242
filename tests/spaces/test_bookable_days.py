"""Which days a hub can be booked: never on a national holiday or a closure of the hub, and
every open day up to the hub's horizon (the 30 days the page promises), not the first 14."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agilepa.spaces import services
from agilepa.spaces.models import Booking
from tests.spaces.test_booking import TODAY, access_of, make_hub

IMMACOLATA = date(2026, 12, 8)  # a Tuesday, a national holiday


@pytest.fixture
def fixed_today(monkeypatch):
    """The pages and the API read today from the clock: 30 November 2026 for these tests."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def test_a_national_holiday_is_refused_by_the_service(world) -> None:
    hub = make_hub(world.a.body)
    with pytest.raises(ValidationError) as refused:
        services.book(access_of(world, "employee"), hub, IMMACOLATA, today=TODAY)
    assert refused.value.message_dict == {
        "date": ["Immacolata Concezione is a public holiday: the hub is closed."]
    }
    assert not Booking.objects.exists()


def test_the_holiday_refusal_is_in_italian(world, settings) -> None:
    from django.utils import translation

    hub = make_hub(world.a.body)
    with translation.override("it"), pytest.raises(ValidationError) as refused:
        services.book(access_of(world, "employee"), hub, IMMACOLATA, today=TODAY)
    assert refused.value.message_dict["date"] == [
        "Immacolata Concezione: festività nazionale, l'hub è chiuso."
    ]


def test_a_holiday_is_refused_through_the_page(world, client_as, fixed_today) -> None:
    hub = make_hub(world.a.body)
    page = client_as("employee").post(
        f"/b/{world.a.body.slug}/hubs/{hub.pk}/",
        {"date": IMMACOLATA.isoformat(), "half": "day"},
        follow=True,
    )
    assert "Immacolata Concezione is a public holiday" in page.content.decode()
    assert not Booking.objects.exists()


def test_a_holiday_is_refused_through_the_api(world, api_as, fixed_today) -> None:
    hub = make_hub(world.a.body)
    answer = api_as("employee", token=True).post(
        f"/api/v1/bodies/{world.a.body.slug}/hubs/{hub.pk}/bookings",
        {"date": IMMACOLATA.isoformat()},
    )
    assert answer.status_code == 422
    assert "Immacolata Concezione" in answer.content.decode()
    assert not Booking.objects.exists()


def test_a_closure_of_the_hub_is_refused_through_the_api(world, api_as, fixed_today) -> None:
    hub = make_hub(world.a.body)
    hub.closures.create(date=date(2026, 12, 9), reason="Disinfestazione")
    answer = api_as("employee", token=True).post(
        f"/api/v1/bodies/{world.a.body.slug}/hubs/{hub.pk}/bookings", {"date": "2026-12-09"}
    )
    assert answer.status_code == 422 and "Disinfestazione" in answer.content.decode()


def test_the_availability_marks_holidays_and_closures_closed(world, api_as, fixed_today) -> None:
    hub = make_hub(world.a.body)
    hub.closures.create(date=date(2026, 12, 9), reason="Disinfestazione")
    days = api_as("employee", token=True).get(
        f"/api/v1/bodies/{world.a.body.slug}/hubs/{hub.pk}/availability?start=2026-12-07"
    )
    by_day = {d["date"]: d for d in days.json()}
    assert by_day["2026-12-07"] == {
        "date": "2026-12-07",
        "free_seats": 2,
        "closed": "",
        "held_seats": 0,
    }
    assert by_day["2026-12-08"]["free_seats"] == 0
    assert "Immacolata Concezione" in by_day["2026-12-08"]["closed"]
    assert by_day["2026-12-09"]["free_seats"] == 0
    assert "Disinfestazione" in by_day["2026-12-09"]["closed"]


def test_the_day_list_marks_the_holiday_and_cannot_choose_it(world, client_as, fixed_today) -> None:
    hub = make_hub(world.a.body)
    html = client_as("employee").get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/").content.decode()
    holiday = html[html.index('value="2026-12-08"') :]
    holiday = holiday[: holiday.index("</option>")]
    assert " disabled" in holiday and "Immacolata Concezione is a public holiday" in holiday


def test_the_day_list_offers_every_open_day_up_to_the_horizon(
    world, client_as, fixed_today
) -> None:
    hub = make_hub(world.a.body)  # open Monday to Friday, booked up to 30 days ahead
    html = client_as("employee").get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/").content.decode()
    assert "up to 30 days ahead" in html
    # 30 November to 30 December 2026: 23 weekdays, of which 8, 25 December are holidays.
    assert html.count('<option value="2026-') == 23
    assert 'value="2026-12-30"' in html and 'value="2026-12-31"' not in html
    assert html.count(" disabled>") == 2
