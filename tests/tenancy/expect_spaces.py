"""Tenancy expectations of the coworking routes (see extensions.py)."""

from __future__ import annotations

from agilepa.spaces.models import (
    Booking,
    FloorPlan,
    Hub,
    Room,
    RoomBooking,
    RoomSlot,
    Seat,
    Sharing,
    Slot,
    TeamZone,
    WaitlistEntry,
)

BODY_ROLES = {"employee", "manager", "hr_admin", "observer", "platform_admin"}
PEOPLE = {"employee", "manager"}

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    "spaces:hubs": ("get", BODY_ROLES),
    "spaces:hub": ("get", BODY_ROLES),
    "spaces:mine": ("get", BODY_ROLES),
    # The booking of another person (the outsider's): nobody of the matrix may cancel it but HR.
    "spaces:cancel": ("post", {"hr_admin", "platform_admin"}),
    "spaces:check_in": ("get", BODY_ROLES),
    "spaces:hub_new": ("get", {"hr_admin", "platform_admin"}),
    "spaces:manage": ("get", {"hr_admin", "platform_admin"}),
    "spaces:occupancy": ("get", {"hr_admin", "platform_admin"}),
    "spaces:seat_edit": ("get", {"hr_admin", "platform_admin"}),
    "spaces:floor_plans": ("get", {"hr_admin", "platform_admin"}),
    "spaces:floor_plan_file": ("get", BODY_ROLES),
    "spaces:room": ("get", BODY_ROLES),
    # The outsider's room booking, like the seat booking above: only HR may cancel it.
    "spaces:room_cancel": ("post", {"hr_admin", "platform_admin"}),
    "spaces:rooms_manage": ("get", {"hr_admin", "platform_admin"}),
    "spaces:room_edit": ("get", {"hr_admin", "platform_admin"}),
    "spaces:team_zones": ("get", {"hr_admin", "platform_admin"}),
    "spaces:team_zone_edit": ("get", {"hr_admin", "platform_admin"}),
}
A = "/api/v1/bodies/{body}"
API_EXPECT: dict[str, set[str]] = {
    f"GET {A}/hubs": BODY_ROLES,
    f"GET {A}/hubs/{{hub_id}}/availability": BODY_ROLES,
    # Only a person books for themselves; the others of the body are refused.
    f"POST {A}/hubs/{{hub_id}}/bookings": PEOPLE,
    # Only a person books every week, for themselves (without an agreement: 422).
    f"POST {A}/hubs/{{hub_id}}/recurring-bookings": PEOPLE,
    f"GET {A}/bookings": BODY_ROLES,
    f"POST {A}/bookings/{{booking_id}}/cancel": {"hr_admin", "platform_admin"},
    f"GET {A}/hubs/{{hub_id}}/rooms": BODY_ROLES,
    # Only a person books a room, for themselves (the past day then answers 422).
    f"POST {A}/rooms/{{room_id}}/bookings": PEOPLE,
    f"GET {A}/room-bookings": BODY_ROLES,
    f"POST {A}/room-bookings/{{room_booking_id}}/cancel": {"hr_admin", "platform_admin"},
}
API_PAYLOADS: dict[str, object] = {
    f"POST {A}/hubs/{{hub_id}}/bookings": {"date": "2020-01-06"},
    f"POST {A}/hubs/{{hub_id}}/recurring-bookings": {"weekday": 0, "weeks": 1},
    f"POST {A}/rooms/{{room_id}}/bookings": {
        "date": "2020-01-06",
        "starts_at": "10:00",
        "ends_at": "11:00",
    },
}


def _plan_file() -> str:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><rect width="9"/></svg>'
    return default_storage.save("floor-plans/matrix.svg", ContentFile(svg))


def ids(world, side) -> dict[str, object]:
    import secrets
    from datetime import date, time

    hub = Hub.objects.create(
        body=side.body,
        name=f"Hub {side.body.name}",
        address="Via Roma 1",
        municipality=side.body.municipality,
        sharing=Sharing.INTERNAL,
    )
    plan = FloorPlan.objects.create(
        hub=hub, name="Piano terra", file=_plan_file(), kind="svg", width=100, height=50
    )
    seat = Seat.objects.create(hub=hub, code="P01", floor_plan=plan, plan_x=10, plan_y=20)
    booking = Booking.objects.create(
        hub=hub,
        seat=seat,
        person=side.outsider,
        date=date(2099, 1, 5),
        check_in_token=secrets.token_urlsafe(32),
    )
    zone = TeamZone.objects.create(hub=hub, unit=side.outsider.unit, name="Zona")
    zone.seats.add(seat)
    room = Room.objects.create(hub=hub, name="Sala Giunta")
    room_booking = RoomBooking.objects.create(
        room=room,
        person=side.outsider,
        date=date(2099, 1, 5),
        starts_at=time(10, 0),
        ends_at=time(11, 0),
    )
    RoomSlot.objects.bulk_create(
        [
            RoomSlot(booking=room_booking, room=room, date=room_booking.date, start=m)
            for m in (600, 630)
        ]
    )
    return {
        "hub_id": hub.pk,
        "seat_id": seat.pk,
        "floor_plan_id": plan.pk,
        "booking_id": booking.pk,
        "room_id": room.pk,
        "room_booking_id": room_booking.pk,
        "zone_id": zone.pk,
    }


def foreign_rows(body) -> list[list]:
    return [
        list(Hub.objects.filter(body=body).order_by("pk").values_list()),
        list(Booking.objects.filter(hub__body=body).order_by("pk").values_list()),
        list(Slot.objects.filter(seat__hub__body=body).order_by("pk").values_list()),
        list(WaitlistEntry.objects.filter(hub__body=body).order_by("pk").values_list()),
        list(Room.objects.filter(hub__body=body).order_by("pk").values_list()),
        list(FloorPlan.objects.filter(hub__body=body).order_by("pk").values_list()),
        list(RoomBooking.objects.filter(room__hub__body=body).order_by("pk").values_list()),
        list(RoomSlot.objects.filter(room__hub__body=body).order_by("pk").values_list()),
        list(TeamZone.objects.filter(hub__body=body).order_by("pk").values_list()),
    ]
