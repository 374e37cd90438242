"""API routes of the meeting rooms, with the same permissions as the pages."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status

from agilepa.core.api_types import LocalTime, problems, text_of
from agilepa.core.policies import api_access
from agilepa.spaces import selectors
from agilepa.spaces.models import RoomBooking
from agilepa.spaces.rooms import booking as rooms

router = Router(tags=["spaces"])
BASE = "/bodies/{body}"


class RoomOut(Schema):
    id: int
    name: str
    capacity: int
    video_conference: bool
    screen: bool
    step_free: bool
    date: date
    free_slots: list[str]  # "HH:MM", the start of each free 30-minute slot


class RoomBookingIn(Schema):
    date: date
    starts_at: LocalTime
    ends_at: LocalTime
    purpose: text_of(RoomBooking, "purpose") = ""


class RoomBookingOut(Schema):
    id: int
    room_id: int
    hub_id: int
    date: date
    starts_at: LocalTime
    ends_at: LocalTime
    purpose: str
    status: str


def _booking_out(b: RoomBooking) -> dict[str, object]:
    return {
        "id": b.pk,
        "room_id": b.room_id,
        "hub_id": b.room.hub_id,
        "date": b.date,
        "starts_at": b.starts_at,
        "ends_at": b.ends_at,
        "purpose": b.purpose,
        "status": b.status,
    }


def _taken(request: HttpRequest, exc: rooms.RoomTaken) -> HttpResponse:
    # Imported here: agilepa.api mounts this router while it is being imported.
    from agilepa.api import problem

    return problem(request, 409, "Conflict", exc.messages[0])


@router.get(f"{BASE}/hubs/{{hub_id}}/rooms", response=list[RoomOut])
def list_rooms(request: HttpRequest, body: str, hub_id: int, date: date | None = None):
    """The hub's rooms in use, with their free 30-minute slots on `date` (today by default);
    none on a day the hub is closed."""
    hub = selectors.get_hub(api_access(request, body), hub_id)
    day = date or timezone.localdate()
    out = []
    for room in rooms.rooms_of(hub).select_related("hub"):
        grid = rooms.room_day(room, day)
        out.append(
            {
                "id": room.pk,
                "name": room.name,
                "capacity": room.capacity,
                "video_conference": room.video_conference,
                "screen": room.screen,
                "step_free": room.step_free,
                "date": day,
                "free_slots": [s.start.strftime("%H:%M") for s in grid.free_slots],
            }
        )
    return out


@router.post(f"{BASE}/rooms/{{room_id}}/bookings", response={201: RoomBookingOut, **problems(409)})
def book_room(request: HttpRequest, body: str, room_id: int, payload: RoomBookingIn):
    """Book a room from `starts_at` to `ends_at` (on :00 or :30); 409 when another booking
    holds part of that time, 422 for a rule."""
    access = api_access(request, body)
    room = rooms.bookable_room(access, room_id)
    try:
        booking = rooms.book_room(
            access, room, payload.date, payload.starts_at, payload.ends_at, payload.purpose
        )
    except rooms.RoomTaken as exc:
        return _taken(request, exc)
    return Status(201, _booking_out(booking))


@router.get(f"{BASE}/room-bookings", response=list[RoomBookingOut])
def my_room_bookings(request: HttpRequest, body: str):
    """The caller's room bookings from 30 days ago on."""
    access = api_access(request, body)
    since = timezone.localdate() - timedelta(days=30)
    bookings = rooms.my_room_bookings(access, since).order_by("date", "starts_at")
    return [_booking_out(b) for b in bookings]


@router.post(f"{BASE}/room-bookings/{{room_booking_id}}/cancel", response=RoomBookingOut)
def cancel_room_booking(request: HttpRequest, body: str, room_booking_id: int):
    """Cancel a room booking before it starts (the person who booked, or their body's HR)."""
    access = api_access(request, body)
    booking = rooms.room_booking_of_body(access, room_booking_id)
    return _booking_out(rooms.cancel_room_booking(access, booking))
