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
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.agreements.models import Agreement, AgreementStatus
from agilepa.agreements.rules import Pattern
from agilepa.core import formats, rows
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.org.models import Body, MembershipStatus, Person
from agilepa.planning.calendar import national_holidays
from agilepa.spaces.models import (
    LIVE,
    Booking,
    BookingStatus,
    Half,
    Hub,
    Seat,
    Sharing,
    Slot,
    TeamZone,
    WaitlistEntry,
)

HALVES = {Half.DAY: ("am", "pm"), Half.MORNING: ("am",), Half.AFTERNOON: ("pm",)}
RETRIES_ON_LOCK = 20  # SQLite answers "database is locked" under contention: try again


class Full(Exception):
    """No seat is free: the person is on the waitlist."""

    def __init__(self) -> None:
        super().__init__(_("The hub is full on that day: you are on the waitlist."))
        self.message = str(self)


# The hub, when `body` may use it (as `hubs_for` says) or, with the flag set, when it is the
# body's own hub even closed (what its HR sees), and whether it has team zones (`has_zones`).
# Raw SQL: every hub page and API call, and every booking, asks it, and the ORM's compilation
# would cost more than the query.
VISIBLE_HUB_SQL = (
    f"SELECT {rows.select_list(Hub, 'h')},"  # noqa: S608
    " EXISTS (SELECT 1 FROM spaces_teamzone z WHERE z.hub_id = h.id)"
    " FROM spaces_hub h WHERE h.id = %s AND ("
    " (h.is_active AND (h.body_id = %s"
    "  OR (h.sharing = %s AND EXISTS (SELECT 1 FROM spaces_hub_networks hn"
    "   JOIN org_membership m ON m.network_id = hn.network_id"
    "   WHERE hn.hub_id = h.id AND m.body_id = %s AND m.status = %s))"
    "  OR (h.sharing = %s AND EXISTS (SELECT 1 FROM spaces_hub_listed_bodies lb"
    "   WHERE lb.hub_id = h.id AND lb.body_id = %s))))"
    " OR (%s AND h.body_id = %s))"
)


def visible_hub(hub_id: int, body_id: int, own_closed_too: bool = False) -> Hub | None:
    params = [hub_id, body_id, Sharing.NETWORK, body_id, MembershipStatus.ACTIVE]
    params += [Sharing.LISTED, body_id, own_closed_too, body_id]
    with connection.cursor() as cursor:
        cursor.execute(VISIBLE_HUB_SQL, params)
        row = cursor.fetchone()
    found = None
    if row is not None:
        found = rows.instance(Hub, row)
        found.zoned = bool(row[-1])  # type: ignore[attr-defined]
        # Booking asks again unless the hub in hand was found bookable for the same body.
        found.bookable_by = body_id if found.is_active else None
    return found


def has_zones(hub: Hub) -> bool:
    """Whether the hub has team zones: read with the hub by `visible_hub`, asked otherwise."""
    zoned = getattr(hub, "zoned", None)
    return TeamZone.objects.filter(hub=hub).exists() if zoned is None else bool(zoned)


# The seats of the hub's team zones held on the days from the first to the last (the anchor
# days of each zone's unit), with the unit's path and name; and the unit path of a person.
HELD_SEATS_SQL = (
    "SELECT 'held', a.date, zs.seat_id, u.path, u.name FROM spaces_teamzone z"
    " JOIN planning_anchorday a ON a.unit_id = z.unit_id AND a.date BETWEEN %s AND %s"
    " JOIN org_orgunit u ON u.id = z.unit_id"
    " JOIN spaces_teamzone_seats zs ON zs.teamzone_id = z.id"
    " WHERE z.hub_id = %s"
    " UNION ALL SELECT 'person', NULL, NULL, u.path, NULL FROM org_person p"
    "  JOIN org_orgunit u ON u.id = p.unit_id WHERE p.id = %s"
)


@dataclass(frozen=True)
class Hold:
    unit_path: str
    unit_name: str
    day: date

    def admits(self, person_path: str) -> bool:
        """Whether a person of the unit at `person_path` is in the zone's unit's subtree."""
        return bool(person_path) and person_path.startswith(self.unit_path)


def zone_holds(
    hub: Hub, first: date, last: date, person_id: int | None
) -> tuple[str, dict[date, dict[int, Hold]]]:
    """The person's unit path ("" for none) and, per day, the seats team zones hold: one query,
    made only for a hub with zones (see `has_zones`)."""
    holds: dict[date, dict[int, Hold]] = {}
    person_path = ""
    with connection.cursor() as cursor:
        cursor.execute(HELD_SEATS_SQL, [first, last, hub.pk, person_id or 0])
        for kind, day, seat_id, path, name in cursor.fetchall():
            if kind == "person":
                person_path = path
                continue
            held = day if isinstance(day, date) else date.fromisoformat(day)
            holds.setdefault(held, {})[seat_id] = Hold(path, name, held)
    return person_path, holds


def _zone_refusal(hold: Hold) -> str:
    return _("The seat is held for the team zone of %(unit)s on the anchor day %(of_day)s.") % {
        "unit": hold.unit_name,
        "of_day": formats.with_article("del", hold.day),
    }


def _zoned_seats(
    hub: Hub,
    person_id: int,
    day: date,
    free: list[int],
    seat_id: int | None = None,
    zoned: object = None,
) -> list[int]:
    """The free seats the person may take on `day`, their team zone's seats first: a seat a
    zone holds that day goes only to the people of the zone's unit. A chosen seat held for
    another unit is refused. `zoned`: whether the hub has zones, when read with the hub (see
    `has_zones`): a hub without zones costs no query here."""
    if not (has_zones(hub) if zoned is None else zoned):
        return free
    person_path, holds = zone_holds(hub, day, day, person_id)
    held = holds.get(day, {})
    if seat_id is not None and seat_id in held and not held[seat_id].admits(person_path):
        raise ValidationError({"seat": _zone_refusal(held[seat_id])})
    allowed = [s for s in free if s not in held or held[s].admits(person_path)]
    return sorted(allowed, key=lambda s: s not in held)


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


# In one round trip, for a booking: the hub's closure of the day, the days the person has
# booked in the hub that month and that week, whether they hold a seat (in any hub) at the asked
# times, and the active seats free at the asked times, in order.
BOOKING_STATE_SQL = (
    "SELECT 'closed', reason, NULL FROM spaces_hubclosure WHERE hub_id = %s AND date = %s"
    " UNION ALL SELECT 'held', NULL, COUNT(*) FROM spaces_slot"
    "  WHERE person_id = %s AND date = %s AND half IN (%s, %s)"
    " UNION ALL SELECT 'used', NULL, COUNT(DISTINCT date) FROM spaces_booking"
    "  WHERE hub_id = %s AND person_id = %s AND status IN (%s, %s) AND date BETWEEN %s AND %s"
    " UNION ALL SELECT 'week', NULL, COUNT(DISTINCT date) FROM spaces_booking"
    "  WHERE hub_id = %s AND person_id = %s AND status IN (%s, %s) AND date BETWEEN %s AND %s"
    " UNION ALL SELECT 'free', code, id FROM spaces_seat s WHERE hub_id = %s AND is_active"
    "  AND NOT EXISTS (SELECT 1 FROM spaces_slot sl"
    "   WHERE sl.seat_id = s.id AND sl.date = %s AND sl.half IN (%s, %s))"
)


@dataclass(frozen=True)
class BookingState:
    closure: str | None  # the hub's closure reason of the day
    month_days: int  # days the person has booked in the hub that month
    week_days: int  # and that week (Monday to Sunday)
    held: bool  # whether the person already holds a seat (in any hub) at the asked times
    free: list[int]  # ids of the free seats, by code


def _booking_state(hub: Hub, person_id: int, day: date, halves: tuple[str, ...]) -> BookingState:
    month_start = day.replace(day=1)
    month_end = (month_start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    monday = day - timedelta(days=day.weekday())
    with connection.cursor() as cursor:
        closure = [hub.pk, day]
        held = [person_id, day, halves[0], halves[-1]]
        used = [hub.pk, person_id, *LIVE, month_start, month_end]
        week = [hub.pk, person_id, *LIVE, monday, monday + timedelta(days=6)]
        free = [hub.pk, day, halves[0], halves[-1]]
        cursor.execute(BOOKING_STATE_SQL, [*closure, *held, *used, *week, *free])
        states = cursor.fetchall()
    counts = {kind: n for kind, _text, n in states if kind in ("held", "used", "week")}
    return BookingState(
        closure=next((text for kind, text, _n in states if kind == "closed"), None),
        month_days=counts["used"],
        week_days=counts["week"],
        held=counts["held"] > 0,
        free=[n for _kind, _code, n in sorted(r for r in states if r[0] == "free")],
    )


_READ = object()


def closed_reason(hub: Hub, day: date, closure: object = _READ) -> str:
    """Why the hub is closed on `day` (a weekday it does not open, a national holiday, or a
    closure), or "" when
    it is open. `closure`: the day's closure reason (None for none) when the caller has already
    read it; read here otherwise."""
    if hub.opening_weekdays and day.weekday() not in hub.opening_weekdays:
        return _("The hub is closed on that weekday.")
    holiday = national_holidays(day.year).get(day)
    if holiday is not None:
        return _("%(name)s is a public holiday: the hub is closed.") % {"name": holiday}
    if closure is _READ:
        closure = hub.closures.filter(date=day).values_list("reason", flat=True).first()
    if closure is not None:
        return _("The hub is closed that day: %(r)s.") % {"r": closure}
    return ""


def check_day(hub: Hub, day: date, today: date, closure: object = _READ) -> None:
    """The day's rules of the hub: not past, within the booking horizon, open that day (see
    `closed_reason` for `closure`)."""
    if day < today:
        raise ValidationError({"date": _("The day has passed.")})
    if day > today + timedelta(days=hub.book_ahead_days):
        raise ValidationError(
            {"date": _("This hub is booked at most %(n)d days ahead.") % {"n": hub.book_ahead_days}}
        )
    reason = closed_reason(hub, day, closure)
    if reason:
        raise ValidationError({"date": reason})


def book(
    access: Access,
    hub: Hub,
    day: date,
    half: str = Half.DAY,
    person: Person | None = None,
    today: date | None = None,
    seat_id: int | None = None,
) -> Booking:
    """A seat for the person (oneself; HR for a person of the body) in a hub their body may
    use: the chosen seat, or any free one when none is chosen. Raises `Full` (and waitlists)
    when no seat is free, ValidationError for a rule or a chosen seat that is not free."""
    if person is None:
        if access.person_id is None:
            raise PermissionDeniedForRole
        person_id, body_id = access.person_id, access.body.pk
    elif person.pk == access.person_id or (access.is_hr and person.body_id == access.body.pk):
        person_id, body_id = person.pk, person.body_id
    else:
        raise PermissionDeniedForRole
    zoned = getattr(hub, "zoned", None)
    if getattr(hub, "bookable_by", None) != body_id:
        found = visible_hub(hub.pk, body_id)
        if found is None:
            raise PermissionDeniedForRole
        zoned = getattr(found, "zoned", None)
    if half not in HALVES:
        raise ValidationError({"half": _("Choose the whole day, the morning or the afternoon.")})
    state = _booking_state(hub, person_id, day, HALVES[half])
    check_day(hub, day, today or timezone.localdate(), state.closure)
    if state.held:
        raise ValidationError({"date": _("You already have a seat booked at that time.")})
    if state.month_days >= hub.max_days_per_month:
        raise ValidationError(
            {
                "date": _("At most %(n)d days a month in this hub: you have booked them all.")
                % {"n": hub.max_days_per_month}
            }
        )
    if state.week_days >= hub.max_days_per_week:
        raise ValidationError(
            {
                "date": _("At most %(n)d days a week in this hub: you have booked them all.")
                % {"n": hub.max_days_per_week}
            }
        )
    free = _zoned_seats(hub, person_id, day, state.free, seat_id, zoned)
    if seat_id is not None:
        if seat_id not in state.free:
            raise ValidationError({"seat": _seat_refusal(hub, seat_id)})
        booking = _take_a_seat(hub, person_id, day, half, access.user_id, [seat_id])
        if booking is None:
            raise ValidationError({"seat": _("That seat was just taken: choose another one.")})
        return booking
    booking = _take_a_seat(hub, person_id, day, half, access.user_id, free)
    if booking is None:
        _waitlist(hub, person_id, day, half)
        raise Full
    return booking


MAX_RECURRING_WEEKS = 12


@dataclass(frozen=True)
class RecurringDay:
    day: date
    booking: Booking | None
    reason: str  # why the day was not booked, "" when it was


def book_recurring(
    access: Access,
    hub: Hub,
    weekday: int,
    weeks: int,
    half: str = Half.DAY,
    seat_id: int | None = None,
    today: date | None = None,
) -> list[RecurringDay]:
    """The same weekday for `weeks` weeks from today, for oneself, on a remote weekday of one's
    agreement in force and within its limits. Each day is booked by `book` in its own
    transaction: a day that breaks a rule (or finds the hub full, and joins its waitlist) is
    returned with the reason, the others are booked."""
    if access.person_id is None:
        raise PermissionDeniedForRole
    if not 1 <= weeks <= MAX_RECURRING_WEEKS:
        raise ValidationError(
            {"weeks": _("Choose from 1 to %(n)d weeks.") % {"n": MAX_RECURRING_WEEKS}}
        )
    if weekday not in range(7):
        raise ValidationError({"weekday": _("Choose a weekday.")})
    today = today or timezone.localdate()
    agreement = (
        Agreement.objects.filter(person_id=access.person_id, status=AgreementStatus.ACTIVE)
        .order_by("-start_date")
        .first()
    )
    if agreement is None:
        raise ValidationError(
            {"weekday": _("Recurring bookings follow your agreement: you have none in force.")}
        )
    fixed = agreement.pattern == Pattern.FIXED_WEEKDAYS.value
    if fixed and weekday not in [int(d) for d in agreement.weekdays]:
        raise ValidationError(
            {"weekday": _("That is not one of the remote weekdays of your agreement.")}
        )
    first = today + timedelta(days=(weekday - today.weekday()) % 7)
    outcome = []
    for n in range(weeks):
        day = first + timedelta(weeks=n)
        reason = _agreement_refusal(agreement, access.person_id, day, fixed)
        booking = None
        if not reason:
            try:
                booking = book(access, hub, day, half, today=today, seat_id=seat_id)
            except Full as full:
                reason = full.message
            except ValidationError as exc:
                reason = " ".join(exc.messages)
        outcome.append(RecurringDay(day, booking, reason))
    return outcome


def _agreement_refusal(agreement: Agreement, person_id: int, day: date, fixed: bool) -> str:
    """Why the agreement does not allow a hub day on `day`: outside its period, or beyond its
    monthly quota of remote days (counted as the days booked in any hub that month)."""
    if not agreement.covers(day):
        return _("Your agreement does not cover that day.")
    if fixed:
        return ""
    booked = (
        Booking.objects.filter(
            person_id=person_id, status__in=LIVE, date__year=day.year, date__month=day.month
        )
        .values("date")
        .distinct()
        .count()
    )
    if booked >= agreement.monthly_quota:
        return _("Your agreement allows %(n)d remote days that month: they are all booked.") % {
            "n": agreement.monthly_quota
        }
    return ""


def _seat_refusal(hub: Hub, seat_id: int) -> str:
    """Why a chosen seat cannot be booked: asked only on refusal, off the booking's hot path."""
    seat = Seat.objects.filter(hub=hub, pk=seat_id).first()
    if seat is None:
        return _("That seat is not in this hub.")
    if not seat.is_active:
        return _("Seat %(code)s is not in use.") % {"code": seat.code}
    return _("Seat %(code)s is taken at that time: choose another one.") % {"code": seat.code}


def _waitlist(hub: Hub, person_id: int, day: date, half: str) -> None:
    """Join the day's waitlist of the hub, once: a second "full" answer keeps the first place
    (the unique constraint drops the second entry). One statement, as every "full" answer of
    a busy day comes here."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO spaces_waitlistentry (hub_id, person_id, date, half, created_at)"
            " VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            [hub.pk, person_id, day, half, now],
        )


def _take_a_seat(
    hub: Hub,
    person_id: int,
    day: date,
    half: str,
    user_id: int | None,
    free: list[int] | None = None,
) -> Booking | None:
    """Try the seats free in a snapshot, in order; the database refuses a slot taken meanwhile,
    and the next seat is tried. One freed meanwhile goes to the waitlist's promotion."""
    halves = HALVES[half]
    if free is None:
        free = _zoned_seats(hub, person_id, day, _booking_state(hub, person_id, day, halves).free)
    for seat_id in free:
        for _attempt in range(RETRIES_ON_LOCK):
            try:
                with transaction.atomic():
                    booking = Booking.objects.create(
                        hub=hub,
                        seat_id=seat_id,
                        person_id=person_id,
                        date=day,
                        half=half,
                        check_in_token=secrets.token_urlsafe(32),
                        created_by_id=user_id,
                    )
                    Slot.objects.bulk_create(
                        [
                            Slot(
                                booking=booking,
                                seat_id=seat_id,
                                person_id=person_id,
                                date=day,
                                half=h,
                            )
                            for h in halves
                        ]
                    )
                return booking
            except IntegrityError as exc:
                if Slot.objects.filter(person_id=person_id, date=day, half__in=halves).exists():
                    raise ValidationError(
                        {"date": _("You already have a seat booked at that time.")}
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
    """Free today's seats of people who did not check in by the hub's release time, and give
    them to the waitlist. A booking made after that time (on the day, or a promotion from the
    waitlist) is never released: its holder could not have checked in before."""
    now = now or timezone.localtime()
    released = 0
    for booking in Booking.objects.filter(
        date=now.date(), status=BookingStatus.BOOKED, half__in=[Half.DAY, Half.MORNING]
    ).select_related("hub"):
        release_at = timezone.make_aware(
            datetime.combine(now.date(), booking.hub.release_no_show_at)
        )
        if now >= release_at and booking.created_at < release_at:
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
            booking = _take_a_seat(hub, entry.person_id, day, entry.half, None)
        except ValidationError:
            continue  # they found a seat elsewhere meanwhile
        if booking is None:
            break
        entry.promoted = booking
        entry.save(update_fields=["promoted"])
        promoted += 1
    return promoted


def save_team_zone(access: Access, zone: TeamZone, seats: list[Seat]) -> TeamZone:
    """HR of the hub's body saves a team zone: a unit of that body, seats of that hub, a name
    the hub has not given another zone."""
    if not access.is_hr or zone.hub.body_id != access.body.pk:
        raise PermissionDeniedForRole
    errors: dict[str, str] = {}
    if zone.unit.body_id != zone.hub.body_id:
        errors["unit"] = _("Choose a unit of the body that owns the hub.")
    if any(seat.hub_id != zone.hub_id for seat in seats):
        errors["seats"] = _("Choose seats of this hub.")
    if errors:
        raise ValidationError(errors)
    zone.validate_constraints()
    with transaction.atomic():
        zone.save()
        zone.seats.set(seats)
    return zone
