"""API routes of the coworking hubs, with the same permissions as the pages."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status

from agilepa.core.api_types import text_of
from agilepa.core.policies import api_access
from agilepa.spaces import selectors, services
from agilepa.spaces.models import Booking, Half

router = Router(tags=["spaces"])
BASE = "/bodies/{body}"


class HubOut(Schema):
    id: int
    name: str
    address: str
    municipality: str
    owner: str
    km: float | None
    free_seats: dict[str, int]  # ISO date -> free whole-day seats


class HubDayOut(Schema):
    date: date
    free_seats: int
    closed: str  # why the hub is closed that day (a holiday, a closure), "" when open
    held_seats: int  # seats not free to the caller: held by a team zone on its unit's anchor day


class BookingIn(Schema):
    date: date
    half: text_of(Booking, "half") = Half.DAY
    seat_id: int | None = None  # the chosen seat; any free seat when left out


class BookingOut(Schema):
    id: int
    hub_id: int
    seat: str
    date: date
    half: str
    status: str


class RecurringIn(Schema):
    weekday: int  # 0 Monday ... 4 Friday
    weeks: int
    half: text_of(Booking, "half") = Half.DAY
    seat_id: int | None = None


class RecurringDayOut(Schema):
    date: date
    booking: BookingOut | None
    reason: str  # why the day was not booked, "" when it was


class WaitlistedOut(Schema):
    detail: str
    waitlisted: bool


def _booking_out(b: Booking) -> dict[str, object]:
    return {
        "id": b.pk,
        "hub_id": b.hub_id,
        "seat": b.seat.code,
        "date": b.date,
        "half": b.half,
        "status": b.status,
    }


@router.get(f"{BASE}/hubs", response=list[HubOut])
def list_hubs(request: HttpRequest, body: str):
    """The hubs the caller's body may use, nearest first, with the free seats of the next days."""
    access = api_access(request, body)
    return [
        {
            "id": r.hub.pk,
            "name": r.hub.name,
            "address": r.hub.address,
            "municipality": r.hub.municipality,
            "owner": r.hub.body.name,
            "km": round(r.km, 1) if r.km is not None else None,
            "free_seats": {d.isoformat(): n for d, n in r.free},
        }
        for r in selectors.hub_list(access, timezone.localdate())
    ]


@router.get(f"{BASE}/hubs/{{hub_id}}/availability", response=list[HubDayOut])
def availability(request: HttpRequest, body: str, hub_id: int, start: date | None = None):
    """Free seats per day for two weeks from `start` (today by default), why the hub is closed
    on a closed day, and the seats a team zone holds for a unit the caller is not in."""
    access = api_access(request, body)
    hub = selectors.get_hub(access, hub_id)
    start = start or timezone.localdate()
    days = [start + timedelta(days=n) for n in range(14)]
    states = selectors.day_states(hub, days, access.person_id)
    return [
        {
            "date": d,
            "free_seats": states[d].free,
            "closed": states[d].closed,
            "held_seats": states[d].held,
        }
        for d in days
    ]


@router.post(f"{BASE}/hubs/{{hub_id}}/bookings", response={201: BookingOut, 409: WaitlistedOut})
def book(request: HttpRequest, body: str, hub_id: int, payload: BookingIn):
    """Book a seat (the chosen one, or any free seat); 409 when the hub is full (the caller is
    then on the waitlist)."""
    access = api_access(request, body)
    hub = selectors.get_hub(access, hub_id)
    try:
        booking = services.book(access, hub, payload.date, payload.half, seat_id=payload.seat_id)
    except services.Full as full:
        return Status(409, {"detail": full.message, "waitlisted": True})
    return Status(201, _booking_out(booking))


@router.post(f"{BASE}/hubs/{{hub_id}}/recurring-bookings", response=list[RecurringDayOut])
def book_recurring(request: HttpRequest, body: str, hub_id: int, payload: RecurringIn):
    """Book the same remote weekday of one's agreement for a number of weeks: each day booked,
    or listed with the reason it was not."""
    access = api_access(request, body)
    hub = selectors.get_hub(access, hub_id)
    days = services.book_recurring(
        access, hub, payload.weekday, payload.weeks, payload.half, seat_id=payload.seat_id
    )
    return [
        {
            "date": d.day,
            "booking": _booking_out(d.booking) if d.booking else None,
            "reason": d.reason,
        }
        for d in days
    ]


@router.get(f"{BASE}/bookings", response=list[BookingOut])
def my_bookings(request: HttpRequest, body: str):
    access = api_access(request, body)
    since = timezone.localdate() - timedelta(days=30)
    return [_booking_out(b) for b in selectors.my_bookings(access, since).order_by("date")]


@router.post(f"{BASE}/bookings/{{booking_id}}/cancel", response=BookingOut)
def cancel(request: HttpRequest, body: str, booking_id: int):
    access = api_access(request, body)
    booking = get_object_or_404(
        Booking.objects.select_related("hub", "seat"), pk=booking_id, person__body=access.body
    )
    return _booking_out(services.cancel(access, booking))
