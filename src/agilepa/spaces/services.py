"""Booking seats: validated, atomic, and never overbooked.

The guarantee is in the database, not in this code: each live booking holds its half-day slots,
and a unique constraint refuses a second holder of a slot. Concurrent requests for the last
seats therefore produce exactly as many bookings as seats; the others are answered "full" and
join the waitlist, which is promoted first come first served when a seat frees up."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.org.models import Body, MembershipStatus, Person
from agilepa.spaces.models import (
    LIVE,
    Booking,
    BookingStatus,
    Half,
    Hub,
    Seat,
    Sharing,
    Slot,
    WaitlistEntry,
)

HALVES = {Half.DAY: ("am", "pm"), Half.MORNING: ("am",), Half.AFTERNOON: ("pm",)}
RETRIES_ON_LOCK = 20  # SQLite answers "database is locked" under contention: try again


class Full(Exception):
    """No seat is free: the person is on the waitlist."""

    def __init__(self, entry: WaitlistEntry) -> None:
        super().__init__(_("The hub is full on that day: you are on the waitlist."))
        self.entry = entry
        self.message = str(self)


def hubs_for(body: Body) -> QuerySet[Hub]:
    """Hubs the people of `body` may use: their own, those shared with a network where the body
    is an active member, and those that list it."""
    networks = body.memberships.filter(status=MembershipStatus.ACTIVE).values("network_id")
    return (
        Hub.objects.filter(is_active=True)
        .filter(
            Q(body=body)
            | Q(sharing=Sharing.NETWORK, networks__in=networks)
            | Q(sharing=Sharing.LISTED, listed_bodies=body)
        )
        .distinct()
    )


def _check_day(hub: Hub, day: date, today: date) -> None:
    if day < today:
        raise ValidationError({"date": _("The day has passed.")})
    if day > today + timedelta(days=hub.book_ahead_days):
        raise ValidationError(
            {"date": _("This hub is booked at most %(n)d days ahead.") % {"n": hub.book_ahead_days}}
        )
    if hub.opening_weekdays and day.weekday() not in hub.opening_weekdays:
        raise ValidationError({"date": _("The hub is closed on that weekday.")})
    closure = hub.closures.filter(date=day).first()
    if closure is not None:
        raise ValidationError(
            {"date": _("The hub is closed that day: %(r)s.") % {"r": closure.reason}}
        )


def _check_quota(hub: Hub, person: Person, day: date) -> None:
    used = (
        Booking.objects.filter(
            hub=hub, person=person, status__in=LIVE, date__year=day.year, date__month=day.month
        )
        .values("date")
        .distinct()
        .count()
    )
    if used >= hub.max_days_per_month:
        raise ValidationError(
            _("At most %(n)d days a month in this hub: you have booked them all.")
            % {"n": hub.max_days_per_month}
        )


@dataclass(frozen=True)
class Outcome:
    booking: Booking | None
    waitlisted: WaitlistEntry | None


def book(
    access: Access,
    hub: Hub,
    day: date,
    half: str = Half.DAY,
    person: Person | None = None,
    today: date | None = None,
) -> Booking:
    """A seat for the person (oneself; HR for a person of the body) in a hub their body may
    use. Raises `Full` (and waitlists) when no seat is free, ValidationError for a rule."""
    if person is None:
        if access.person_id is None:
            raise PermissionDeniedForRole
        person = Person.objects.get(pk=access.person_id)
    elif person.pk != access.person_id and not (access.is_hr and person.body_id == access.body.pk):
        raise PermissionDeniedForRole
    if not hubs_for(person.body).filter(pk=hub.pk).exists():
        raise PermissionDeniedForRole
    if half not in HALVES:
        raise ValidationError({"half": _("Choose the whole day, the morning or the afternoon.")})
    _check_day(hub, day, today or timezone.localdate())
    _check_quota(hub, person, day)
    booking = _take_a_seat(hub, person, day, half, access.user_id)
    if booking is None:
        entry, _created = WaitlistEntry.objects.get_or_create(
            hub=hub, person=person, date=day, promoted__isnull=True, defaults={"half": half}
        )
        raise Full(entry)
    return booking


def _take_a_seat(
    hub: Hub, person: Person, day: date, half: str, user_id: int | None
) -> Booking | None:
    """Try the free seats in order; the database refuses a taken slot, and the next is tried."""
    halves = HALVES[half]
    seats = list(Seat.objects.filter(hub=hub, is_active=True).order_by("code"))
    taken = set(
        Slot.objects.filter(seat__hub=hub, date=day, half__in=halves).values_list(
            "seat_id", flat=True
        )
    )
    # Only the seats free in this snapshot: one taken meanwhile is refused by the database and
    # the next is tried; one freed meanwhile goes to the waitlist's promotion.
    for seat in [s for s in seats if s.pk not in taken]:
        for _attempt in range(RETRIES_ON_LOCK):
            try:
                with transaction.atomic():
                    booking = Booking.objects.create(
                        hub=hub,
                        seat=seat,
                        person=person,
                        date=day,
                        half=half,
                        check_in_token=secrets.token_urlsafe(32),
                        created_by_id=user_id,
                    )
                    Slot.objects.bulk_create(
                        [
                            Slot(booking=booking, seat=seat, person=person, date=day, half=h)
                            for h in halves
                        ]
                    )
                return booking
            except IntegrityError as exc:
                if Slot.objects.filter(person=person, date=day, half__in=halves).exists():
                    raise ValidationError(
                        _("You already have a seat booked at that time.")
                    ) from exc
                break  # the seat was taken meanwhile: the next one
            except OperationalError:
                continue  # SQLite's lock under contention: the same seat again
    return None


def _free(booking: Booking, status: str) -> None:
    with transaction.atomic():
        Slot.objects.filter(booking=booking).delete()
        booking.status = status
        booking.save(update_fields=["status"])
    promote(booking.hub, booking.date)


def cancel(access: Access, booking: Booking, now: datetime | None = None) -> Booking:
    """The person (or HR) cancels until the hub's deadline, the day before."""
    if not (booking.person_id == access.person_id or access.is_hr):
        raise PermissionDeniedForRole
    if booking.status != BookingStatus.BOOKED:
        raise ValidationError(_("Only a booking not yet used can be cancelled."))
    now = now or timezone.localtime()
    deadline = timezone.make_aware(
        datetime.combine(booking.date - timedelta(days=1), booking.hub.cancel_until)
    )
    if now > deadline and not access.is_hr:
        raise ValidationError(
            _("Bookings are cancelled until %(t)s of the day before.")
            % {"t": booking.hub.cancel_until.strftime("%H:%M")}
        )
    _free(booking, BookingStatus.CANCELLED)
    return booking


def check_in(token: str, now: datetime | None = None) -> Booking:
    """The link (or QR code) of the booking: valid on its day, until the hub closes."""
    booking = Booking.objects.select_related("hub").filter(check_in_token=token).first()
    now = now or timezone.localtime()
    if booking is None or booking.date != now.date():
        raise ValidationError(_("This check-in link is not valid today."))
    if booking.status == BookingStatus.CHECKED_IN:
        return booking
    if booking.status != BookingStatus.BOOKED:
        raise ValidationError(_("This booking was cancelled or released."))
    booking.status = BookingStatus.CHECKED_IN
    booking.checked_in_at = now
    booking.save(update_fields=["status", "checked_in_at"])
    return booking


def release_no_shows(now: datetime | None = None) -> int:
    """Free today's seats of people who did not check in by the hub's release time."""
    now = now or timezone.localtime()
    released = 0
    for booking in Booking.objects.filter(
        date=now.date(), status=BookingStatus.BOOKED, half__in=[Half.DAY, Half.MORNING]
    ).select_related("hub"):
        if now.time() >= booking.hub.release_no_show_at:
            _free(booking, BookingStatus.RELEASED)
            released += 1
    return released


def promote(hub: Hub, day: date) -> int:
    """Give freed seats to the waitlist, first come first served."""
    promoted = 0
    for entry in WaitlistEntry.objects.filter(hub=hub, date=day, promoted__isnull=True).order_by(
        "created_at", "pk"
    ):
        try:
            booking = _take_a_seat(hub, entry.person, day, entry.half, None)
        except ValidationError:
            continue  # they found a seat elsewhere meanwhile
        if booking is None:
            break
        entry.promoted = booking
        entry.save(update_fields=["promoted"])
        promoted += 1
    return promoted
