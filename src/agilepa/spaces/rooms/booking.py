"""Meeting rooms booked by the hour: services (book, cancel) and selectors (the day's grid,
one's bookings), scoped by an `Access` like the rest of the app.

A room booking holds one `RoomSlot` per 30 minutes it covers; a unique constraint on (room,
date, start) makes the database refuse a second holder of any half hour. Two bookings of a room
therefore never overlap, on SQLite and PostgreSQL alike, however many requests race: the same
technique as the seats' half-day slots (see spaces/services.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.org.models import Person
from agilepa.spaces import selectors
from agilepa.spaces.models import Hub, Room, RoomBooking, RoomBookingStatus, RoomSlot
from agilepa.spaces.services import RETRIES_ON_LOCK, check_day, closed_reason, visible_hub

SLOT_MINUTES = 30
# A room is a shared resource: four hours is a long meeting, and a longer hold (a whole day
# "just in case") keeps the room from everyone else. Beyond it, book again after a break.
MAX_BOOKING_HOURS = 4


class RoomTaken(ValidationError):
    """The room is booked at some of the asked time (the API answers 409)."""


def minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def clock(m: int) -> time:
    return time(m // 60, m % 60)


def _hhmm(t: time) -> str:
    return t.strftime("%H:%M")


def slot_starts(start: time, end: time) -> list[int]:
    """The minutes of the day at which the 30-minute slots from `start` to `end` begin."""
    return list(range(minutes(start), minutes(end), SLOT_MINUTES))


def _on_boundary(t: time) -> bool:
    return t.minute % SLOT_MINUTES == 0 and t.second == 0 and t.microsecond == 0


def _check_times(hub: Hub, start: time, end: time) -> None:
    errors: dict[str, str] = {}
    if not _on_boundary(start):
        errors["start"] = _("Start on the hour or at half past.")
    if not _on_boundary(end):
        errors["end"] = _("End on the hour or at half past.")
    if errors:
        raise ValidationError(errors)
    if start >= end:
        raise ValidationError({"end": _("The end must come after the start.")})
    if start < hub.opens_at or end > hub.closes_at:
        raise ValidationError(
            {
                "start": _("The hub is open from %(opens)s to %(closes)s.")
                % {"opens": _hhmm(hub.opens_at), "closes": _hhmm(hub.closes_at)}
            }
        )
    if minutes(end) - minutes(start) > MAX_BOOKING_HOURS * 60:
        raise ValidationError(
            {"end": _("A room is booked for %(n)d hours at most.") % {"n": MAX_BOOKING_HOURS}}
        )


def _conflicts(room: Room, day: date, starts: list[int]) -> list[RoomBooking]:
    held = RoomSlot.objects.filter(room=room, date=day, start__in=starts).values("booking_id")
    return list(RoomBooking.objects.filter(pk__in=held).order_by("starts_at"))


def _taken(bookings: list[RoomBooking]) -> RoomTaken:
    ranges = ", ".join(
        _("from %(start)s to %(end)s") % {"start": _hhmm(b.starts_at), "end": _hhmm(b.ends_at)}
        for b in bookings
    )
    return RoomTaken(_("The room is taken %(ranges)s.") % {"ranges": ranges})


def book_room(
    access: Access,
    room: Room,
    day: date,
    start: time,
    end: time,
    purpose: str = "",
    today: date | None = None,
    now: datetime | None = None,
) -> RoomBooking:
    """The room for the caller (a person of a body that may use the hub) from `start` to `end`.

    Raises `RoomTaken` when another booking holds part of that time, ValidationError (keyed by
    the form's fields: date, start, end, purpose) for a rule. `now` (the current time when
    neither `now` nor `today` is given) refuses a start already past today."""
    if access.person_id is None:
        raise PermissionDeniedForRole
    person = Person.objects.get(pk=access.person_id)
    hub = room.hub
    if not room.is_active or visible_hub(hub.pk, person.body_id) is None:
        raise PermissionDeniedForRole
    if today is None:
        now = now or timezone.localtime()
        today = now.date()
    check_day(hub, day, today)
    _check_times(hub, start, end)
    if now is not None and day == now.date() and start < now.time():
        raise ValidationError({"start": _("That time has passed.")})
    purpose = purpose.strip()
    if len(purpose) > 200:
        raise ValidationError({"purpose": _("Describe the purpose in 200 characters at most.")})
    starts = slot_starts(start, end)
    # A cheap look first, for a clear answer; the constraint below is the guarantee.
    conflicts = _conflicts(room, day, starts)
    if conflicts:
        raise _taken(conflicts)
    for _attempt in range(RETRIES_ON_LOCK):
        try:
            with transaction.atomic():
                booking = RoomBooking.objects.create(
                    room=room,
                    person=person,
                    date=day,
                    starts_at=start,
                    ends_at=end,
                    purpose=purpose,
                    created_by_id=access.user_id,
                )
                RoomSlot.objects.bulk_create(
                    [RoomSlot(booking=booking, room=room, date=day, start=m) for m in starts]
                )
            return booking
        except IntegrityError:
            conflicts = _conflicts(room, day, starts)
            if conflicts:
                raise _taken(conflicts) from None
            continue  # the holder cancelled meanwhile: try again
        except OperationalError:
            continue  # SQLite's lock under contention: try again
    raise ValidationError(_("The room is busy right now: try again in a moment."))


def starts(booking: RoomBooking) -> datetime:
    return timezone.make_aware(datetime.combine(booking.date, booking.starts_at))


def may_cancel(access: Access, booking: RoomBooking) -> bool:
    """The person who booked, or HR of that person's body."""
    return booking.person_id == access.person_id or (
        access.is_hr and booking.person.body_id == access.body.pk
    )


def cancel_room_booking(
    access: Access, booking: RoomBooking, now: datetime | None = None
) -> RoomBooking:
    """Until the booking starts; cancelling frees its slots at once."""
    if not may_cancel(access, booking):
        raise PermissionDeniedForRole
    if booking.status != RoomBookingStatus.BOOKED:
        raise ValidationError(_("This booking is already cancelled."))
    if (now or timezone.localtime()) >= starts(booking):
        raise ValidationError(_("A booking can be cancelled only before it starts."))
    with transaction.atomic():
        RoomSlot.objects.filter(booking=booking).delete()
        booking.status = RoomBookingStatus.CANCELLED
        booking.save(update_fields=["status"])
    return booking


# Selectors


def rooms_of(hub: Hub) -> QuerySet[Room]:
    """The rooms one can book in a hub (already reached through a scoped selector)."""
    return hub.rooms.filter(is_active=True)


def get_room(access: Access, hub_id: int, room_id: int) -> Room:
    """404 for a room of a hub the body may not use, or a room out of use."""
    hub = selectors.get_hub(access, hub_id)
    return get_object_or_404(rooms_of(hub).select_related("hub"), pk=room_id)


def bookable_room(access: Access, room_id: int) -> Room:
    """A room in use in a hub the body may use, by its id alone (the API's booking route)."""
    hubs = selectors.usable_hubs(access).filter(is_active=True)
    return get_object_or_404(
        Room.objects.filter(hub__in=hubs, is_active=True).select_related("hub"), pk=room_id
    )


def managed_room(access: Access, hub_id: int, room_id: int) -> Room:
    """A room of the body's own hub, for its HR (403 for a hub the body only uses)."""
    hub = selectors.managed_hub(access, hub_id)
    return get_object_or_404(hub.rooms.select_related("hub"), pk=room_id)


def room_booking_of_body(access: Access, booking_id: int) -> RoomBooking:
    """A booking by a person of the caller's body (404 otherwise); `may_cancel` says more."""
    return get_object_or_404(
        RoomBooking.objects.select_related("room__hub", "person"),
        pk=booking_id,
        person__body=access.body,
    )


def my_room_bookings(access: Access, since: date) -> QuerySet[RoomBooking]:
    if access.person_id is None:
        return RoomBooking.objects.none()
    return RoomBooking.objects.filter(person_id=access.person_id, date__gte=since).select_related(
        "room__hub"
    )


@dataclass(frozen=True)
class RoomSlotView:
    start: time
    end: time
    taken_from: time | None  # the holder's booking, never the holder's name
    taken_to: time | None

    @property
    def free(self) -> bool:
        return self.taken_from is None


@dataclass(frozen=True)
class RoomDay:
    room: Room
    day: date
    closed: str  # why the hub is closed that day, or "" when it is open
    slots: list[RoomSlotView]

    @property
    def free_slots(self) -> list[RoomSlotView]:
        return [] if self.closed else [s for s in self.slots if s.free]


def room_day(room: Room, day: date) -> RoomDay:
    """The day's 30-minute slots of the room, from the hub's opening to its closing, free or
    taken (with the taken booking's time range; who holds it is nobody else's business)."""
    hub = room.hub
    first = -(-minutes(hub.opens_at) // SLOT_MINUTES) * SLOT_MINUTES  # the next boundary
    last = minutes(hub.closes_at)
    held = {
        s.start: s.booking
        for s in RoomSlot.objects.filter(room=room, date=day).select_related("booking")
    }
    slots = []
    for m in range(first, last - SLOT_MINUTES + 1, SLOT_MINUTES):
        booking = held.get(m)
        slots.append(
            RoomSlotView(
                start=clock(m),
                end=clock(m + SLOT_MINUTES),
                taken_from=booking.starts_at if booking else None,
                taken_to=booking.ends_at if booking else None,
            )
        )
    return RoomDay(room=room, day=day, closed=closed_reason(hub, day), slots=slots)


def time_choices(hub: Hub) -> list[tuple[str, str]]:
    """Every :00 and :30 from the hub's opening to its closing, for the form's selects."""
    first = -(-minutes(hub.opens_at) // SLOT_MINUTES) * SLOT_MINUTES
    return [
        (clock(m).strftime("%H:%M"), clock(m).strftime("%H:%M"))
        for m in range(first, minutes(hub.closes_at) + 1, SLOT_MINUTES)
    ]
