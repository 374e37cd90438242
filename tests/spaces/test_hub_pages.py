"""Finding a hub, booking a seat, one's bookings, checking in at the seat."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from agilepa.planning.calendar import national_holidays
from agilepa.spaces.models import Booking, Sharing
from tests.spaces.test_booking import make_hub


def next_weekday(after: int = 1) -> date:
    """The first weekday at least `after` days from today that is not a national holiday."""
    day = timezone.localdate() + timedelta(days=after)
    while day.weekday() > 4 or day in national_holidays(day.year):
        day += timedelta(days=1)
    return day


def test_hubs_are_listed_nearest_first_with_their_free_seats(world, client_as) -> None:
    world.a.body.latitude, world.a.body.longitude = Decimal("44.4949"), Decimal("11.3426")
    world.a.body.save()
    far = make_hub(
        world.a.body, name="Hub Rimini", latitude=Decimal("44.0678"), longitude=Decimal("12.5695")
    )
    near = make_hub(
        world.a.body,
        name="Hub Casalecchio",
        latitude=Decimal("44.4745"),
        longitude=Decimal("11.2760"),
    )
    html = client_as("employee").get(f"/b/{world.a.body.slug}/hubs/").content.decode()
    assert html.index(near.name) < html.index(far.name)
    assert "6 km" in html


def test_a_person_books_sees_and_cancels(world, client_as) -> None:
    hub = make_hub(world.a.body, seats=1)
    day = next_weekday(after=8)
    client = client_as("employee")
    client.post(f"/b/{world.a.body.slug}/hubs/{hub.pk}/", {"date": day.isoformat(), "half": "day"})
    booking = Booking.objects.get()
    assert booking.person == world.a.employee_person
    full = client_as("manager").post(
        f"/b/{world.a.body.slug}/hubs/{hub.pk}/",
        {"date": day.isoformat(), "half": "day"},
        follow=True,
    )
    assert "you are on the waitlist" in full.content.decode()
    mine = client.get(f"/b/{world.a.body.slug}/hubs/bookings/").content.decode()
    assert hub.name in mine
    client.post(f"/b/{world.a.body.slug}/hubs/bookings/{booking.pk}/cancel/")
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"
    assert Booking.objects.get(status="booked").person == world.a.manager_person  # promoted


def test_the_seat_link_checks_in_todays_booking(world, client_as) -> None:
    hub = make_hub(world.a.body, seats=1, opening_weekdays=[])
    seat = hub.seats.get()
    today = timezone.localdate()
    Booking.objects.create(
        hub=hub, seat=seat, person=world.a.employee_person, date=today, check_in_token="t" * 43
    )
    url = f"/b/{world.a.body.slug}/hubs/{hub.pk}/seats/{seat.pk}/check-in/"
    client = client_as("employee")
    assert "Check in" in client.get(url).content.decode()
    client.post(url)
    assert Booking.objects.get().status == "checked_in"
    other = client_as("manager").get(url).content.decode()
    assert "You have no booking of this seat today." in other


def test_another_bodys_internal_hub_is_not_found(world, client_as) -> None:
    hub = make_hub(world.b.body, sharing=Sharing.INTERNAL)
    assert client_as("employee").get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/").status_code == 404


def test_hubs_availability_and_bookings_through_the_api(world, api_as) -> None:
    hub = make_hub(world.a.body, seats=1)
    day = next_weekday(after=8)
    base = f"/api/v1/bodies/{world.a.body.slug}"
    employee = api_as("employee", token=True)
    manager = api_as("manager", token=True)
    hubs = employee.get(f"{base}/hubs").json()
    assert hubs[0]["name"] == hub.name
    free = employee.get(f"{base}/hubs/{hub.pk}/availability?start={day.isoformat()}")
    assert free.json()[0] == {
        "date": day.isoformat(),
        "free_seats": 1,
        "closed": "",
        "held_seats": 0,
    }
    payload = {"date": day.isoformat()}
    made = employee.post(f"{base}/hubs/{hub.pk}/bookings", payload)
    assert made.status_code == 201 and made.json()["seat"] == "P01"
    full = manager.post(f"{base}/hubs/{hub.pk}/bookings", payload)
    assert full.status_code == 409 and full.json()["waitlisted"] is True
    cancelled = employee.post(f"{base}/bookings/{made.json()['id']}/cancel")
    assert cancelled.json()["status"] == "cancelled"
    mine = manager.get(f"{base}/bookings").json()
    assert [b["status"] for b in mine] == ["booked"]  # promoted from the waitlist
