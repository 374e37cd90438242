"""Closing a hub, retiring a seat or a room: what becomes of the bookings and waitlists they hold.

A closure is one transaction: the hub, seat or room is marked, each live booking on or after
the date is moved to a free seat of the same hub on the same day and half (when a seat is
retired and one is free) or cancelled, the waitlist entries that can no longer be served are
dropped, and an audit entry says how many. Moving a booking takes the new seat's slots through
the same unique constraint as any booking (`services._take_a_seat`), so a closure can never
overbook. After the commit each person affected gets one e-mail naming what happened to which
booking; the e-mail's key names the closure and the person, so running the closure again (or
the task being retried) never tells them twice."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from agilepa.audit import services as audit
from agilepa.core import formats
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.mail import send_once
from agilepa.core.worker import retryable
from agilepa.org.models import Person
from agilepa.spaces.models import (
    LIVE,
    Booking,
    BookingStatus,
    Half,
    Hub,
    HubClosure,
    Room,
    RoomBooking,
    RoomBookingStatus,
    RoomSlot,
    Seat,
    Slot,
    WaitlistEntry,
)
from agilepa.spaces.services import HALVES, _booking_state


@dataclass(frozen=True)
class Outcome:
    """What a closure did: bookings moved and cancelled, waitlist entries dropped."""

    moved: int = 0
    cancelled: int = 0
    dropped: int = 0


def _check(access: Access, hub: Hub, from_date: date, today: date | None) -> None:
    if not (access.is_hr and hub.body_id == access.body.pk):
        raise PermissionDeniedForRole
    if from_date < (today or timezone.localdate()):
        raise ValidationError({"date": _("A closure cannot start on a day that has passed.")})


def _cancel(booking: Booking) -> None:
    """Free the slots and cancel. No promotion from the waitlist: the seat is gone."""
    Slot.objects.filter(booking=booking).delete()
    booking.status = BookingStatus.CANCELLED
    booking.save(update_fields=["status"])


def _move(booking: Booking) -> bool:
    """Move the booking to a free active seat of its hub at the same times; False when none is.
    The new slots are written under the unique constraints: a seat taken meanwhile is refused
    by the database and the next one is tried."""
    halves = HALVES[Half(booking.half)]
    free = _booking_state(booking.hub, booking.person_id, booking.date, halves).free
    for seat_id in free:
        try:
            with transaction.atomic():
                Slot.objects.filter(booking=booking).delete()
                Slot.objects.bulk_create(
                    [
                        Slot(
                            booking=booking,
                            seat_id=seat_id,
                            person_id=booking.person_id,
                            date=booking.date,
                            half=h,
                        )
                        for h in halves
                    ]
                )
                Booking.objects.filter(pk=booking.pk).update(seat_id=seat_id)
        except IntegrityError:
            continue
        booking.seat_id = seat_id
        return True
    return False


News = dict[int, list[dict[str, Any]]]  # person id -> what happened to their bookings


def _told(news: News, person_id: int, **item: object) -> None:
    news[person_id].append({k: str(v) for k, v in item.items()})


def _tell_after_commit(key: str, news: News) -> None:
    for person_id, items in news.items():
        transaction.on_commit(
            lambda p=person_id, i=items: tell.enqueue(f"{key}:{p}", p, i)  # type: ignore[misc]
        )


def _record_and_tell(
    action: str, hub: Hub, obj: Hub | Seat | Room, changes: dict[str, Any], key: str, news: News
) -> None:
    """The tail of every closure: one audit entry with the counts, and each person told once
    after the commit (under `key`, so that a retried task mails nobody twice)."""
    audit.record(action, body=hub.body_id, obj=obj, changes=changes)
    _tell_after_commit(key, news)


def _cancel_seat_booking(booking: Booking, hub: Hub, seat_code: str, news: News) -> None:
    _cancel(booking)
    _told(
        news,
        booking.person_id,
        kind="cancelled",
        hub=hub.name,
        date=booking.date,
        half=booking.half,
        seat=seat_code,
    )


def _cancel_room_bookings(bookings: Any, hub: Hub, news: News) -> int:
    """Cancel these room bookings (their half-hour slots freed) and note each for its person."""
    cancelled = 0
    for booking in bookings.select_related("room"):
        RoomSlot.objects.filter(booking=booking).delete()
        booking.status = RoomBookingStatus.CANCELLED
        booking.save(update_fields=["status"])
        cancelled += 1
        _told(
            news,
            booking.person_id,
            kind="room_cancelled",
            hub=hub.name,
            date=booking.date,
            room=booking.room.name,
            starts=booking.starts_at.strftime("%H:%M"),
            ends=booking.ends_at.strftime("%H:%M"),
        )
    return cancelled


def _drop_waitlist(entries: Any, hub: Hub, news: News) -> int:
    """Drop waitlist entries no seat can serve any more, noting each for its person."""
    dropped = 0
    for entry in entries:
        _told(
            news,
            entry.person_id,
            kind="unwaitlisted",
            hub=hub.name,
            date=entry.date,
            half=entry.half,
        )
        entry.delete()
        dropped += 1
    return dropped


def close_hub(
    access: Access,
    hub: Hub,
    from_date: date,
    reason: str,
    until: date | None = None,
    today: date | None = None,
) -> Outcome:
    """Close the hub from `from_date`: through `until` (a closure per day, as the management
    page's "closure" writes one) or, without `until`, for good (the hub is closed at once to new
    bookings; those before `from_date` stay). Every live seat and room booking of the closed
    days is cancelled, their waitlist dropped, and each person told once."""
    _check(access, hub, from_date, today)
    if until is not None and until < from_date:
        raise ValidationError({"until": _("The closure cannot end before it starts.")})
    reason = reason[:200]
    days: dict[str, date] = {"date__gte": from_date}
    if until is not None:
        days["date__lte"] = until
    news: News = defaultdict(list)
    cancelled = 0
    with transaction.atomic():
        if until is None:
            hub.is_active = False
            hub.save(update_fields=["is_active"])
        else:
            have = set(hub.closures.filter(**days).values_list("date", flat=True))
            HubClosure.objects.bulk_create(
                [
                    HubClosure(hub=hub, date=from_date + timedelta(days=n), reason=reason)
                    for n in range((until - from_date).days + 1)
                    if from_date + timedelta(days=n) not in have
                ]
            )
        for booking in (
            Booking.objects.select_for_update()
            .filter(hub=hub, status__in=LIVE, **days)
            .select_related("seat")
        ):
            _cancel_seat_booking(booking, hub, booking.seat.code, news)
            cancelled += 1
        cancelled += _cancel_room_bookings(
            RoomBooking.objects.select_for_update().filter(
                room__hub=hub, status=RoomBookingStatus.BOOKED, **days
            ),
            hub,
            news,
        )
        dropped = _drop_waitlist(
            WaitlistEntry.objects.filter(hub=hub, promoted__isnull=True, **days), hub, news
        )
        _record_and_tell(
            "spaces.hub_close",
            hub,
            hub,
            {
                "from": from_date.isoformat(),
                "until": until.isoformat() if until else None,
                "reason": reason,
                "cancelled": cancelled,
                "waitlist_dropped": dropped,
            },
            f"spaces-hub-close:{hub.pk}:{from_date.isoformat()}:{until or 'on'}",
            news,
        )
    return Outcome(cancelled=cancelled, dropped=dropped)


def retire_seat(
    access: Access, seat: Seat, from_date: date | None = None, today: date | None = None
) -> Outcome:
    """Take a seat out of use (at once for new bookings). Its live bookings on or after
    `from_date` (today by default) move to a free seat of the hub at the same times, or are
    cancelled when none is free; when the hub has no seat left in use, its waitlist from that
    day is dropped. Each person is told once."""
    hub = seat.hub
    today = today or timezone.localdate()
    from_date = from_date or today
    _check(access, hub, from_date, today)
    news: News = defaultdict(list)
    moved = cancelled = dropped = 0
    with transaction.atomic():
        Seat.objects.filter(pk=seat.pk).update(is_active=False)
        seat.is_active = False
        for booking in (
            Booking.objects.select_for_update()
            .filter(seat=seat, status__in=LIVE, date__gte=from_date)
            .select_related("hub")
            .order_by("date", "created_at", "pk")
        ):
            if _move(booking):
                moved += 1
                new_code = Seat.objects.filter(pk=booking.seat_id).values_list("code", flat=True)[0]
                _told(
                    news,
                    booking.person_id,
                    kind="moved",
                    hub=hub.name,
                    date=booking.date,
                    half=booking.half,
                    seat=seat.code,
                    to=new_code,
                )
            else:
                _cancel_seat_booking(booking, hub, seat.code, news)
                cancelled += 1
        if not hub.seats.filter(is_active=True).exists():
            dropped = _drop_waitlist(
                WaitlistEntry.objects.filter(hub=hub, promoted__isnull=True, date__gte=from_date),
                hub,
                news,
            )
        _record_and_tell(
            "spaces.seat_retire",
            hub,
            seat,
            {
                "from": from_date.isoformat(),
                "moved": moved,
                "cancelled": cancelled,
                "waitlist_dropped": dropped,
            },
            f"spaces-seat-retire:{seat.pk}:{from_date.isoformat()}",
            news,
        )
    return Outcome(moved=moved, cancelled=cancelled, dropped=dropped)


def retire_room(
    access: Access, room: Room, from_date: date | None = None, today: date | None = None
) -> Outcome:
    """Take a room out of use (at once for new bookings); its bookings on or after `from_date`
    (today by default) are cancelled (a room is not moved: another has another size and
    equipment) and each person told once."""
    hub = room.hub
    today = today or timezone.localdate()
    from_date = from_date or today
    _check(access, hub, from_date, today)
    news: News = defaultdict(list)
    with transaction.atomic():
        Room.objects.filter(pk=room.pk).update(is_active=False)
        room.is_active = False
        cancelled = _cancel_room_bookings(
            RoomBooking.objects.select_for_update().filter(
                room=room, status=RoomBookingStatus.BOOKED, date__gte=from_date
            ),
            hub,
            news,
        )
        _record_and_tell(
            "spaces.room_retire",
            hub,
            room,
            {"from": from_date.isoformat(), "cancelled": cancelled},
            f"spaces-room-retire:{room.pk}:{from_date.isoformat()}",
            news,
        )
    return Outcome(cancelled=cancelled)


def _line(item: dict[str, Any]) -> str:
    day = formats.day(date.fromisoformat(item["date"]))
    when = str(Half(item["half"]).label) if item.get("half") in Half.values else ""
    values = {**item, "day": day, "when": when}
    if item["kind"] == "moved":
        return (
            _(
                "%(hub)s, %(day)s (%(when)s): your seat %(seat)s was taken out of use; "
                "you now have seat %(to)s."
            )
            % values
        )
    if item["kind"] == "cancelled":
        return _("%(hub)s, %(day)s (%(when)s): your booking of seat %(seat)s was cancelled.") % (
            values
        )
    if item["kind"] == "room_cancelled":
        return (
            _(
                "%(hub)s, %(day)s %(starts)s-%(ends)s: your booking of the room %(room)s "
                "was cancelled."
            )
            % values
        )
    return _("%(hub)s, %(day)s (%(when)s): you are no longer on the waitlist.") % values


@retryable()
@task()
def tell(key: str, person_id: int, items: list[dict[str, Any]]) -> int:
    """One e-mail to the person listing what the closure did to each of their bookings."""
    person = Person.objects.select_related("user").filter(pk=person_id).first()
    if person is None:
        return 0
    address = person.email or (person.user.email if person.user is not None else "")
    if not address:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Coworking: changes to your bookings")
        lines = [_("A hub, seat or room you booked was closed or taken out of use:"), ""]
        lines += [f"- {_line(item)}" for item in items]
        lines += ["", _("You can book again from the list of hubs.")]
    return send_once(key, subject, "\n".join(lines), [address])
