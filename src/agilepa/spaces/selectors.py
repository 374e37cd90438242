"""Reads of hubs and bookings, scoped by an `Access` like every selector."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.org.models import Person
from agilepa.org.municipalities import great_circle_km
from agilepa.spaces import services
from agilepa.spaces.models import LIVE, Booking, Hub, Seat
from agilepa.spaces.services import hubs_for


def usable_hubs(access: Access) -> QuerySet[Hub]:
    """Hubs the body's people may book, and the body's own hubs for its HR."""
    ids = set(hubs_for(access.body).values_list("pk", flat=True))
    if access.is_hr:
        ids |= set(Hub.objects.filter(body=access.body).values_list("pk", flat=True))
    return Hub.objects.filter(pk__in=ids).select_related("body")


# Active seats, closures and seats with a live slot on each day of a range.
FREE_SEATS_SQL = (
    "SELECT 's', NULL, COUNT(*) FROM spaces_seat WHERE hub_id = %s AND is_active"
    " UNION ALL SELECT 'c', date, NULL FROM spaces_hubclosure"
    "  WHERE hub_id = %s AND date BETWEEN %s AND %s"
    " UNION ALL SELECT 't', sl.date, COUNT(DISTINCT sl.seat_id) FROM spaces_slot sl"
    "  JOIN spaces_seat st ON st.id = sl.seat_id"
    "  WHERE st.hub_id = %s AND st.is_active AND sl.date BETWEEN %s AND %s"
    "  GROUP BY sl.date"
)


def get_hub(access: Access, pk: int) -> Hub:
    """A hub the body may use (the same rule as `services.hubs_for`, plus the body's own closed
    hubs for its HR); 404 otherwise, so another body's internal hub looks absent.

    One query, in SQL: every hub page and API call (availability, booking) starts here."""
    found = services.visible_hub(pk, access.body.pk, own_closed_too=access.is_hr)
    if found is None:
        raise Http404("No such hub")
    return found


def managed_hub(access: Access, pk: int) -> Hub:
    """The body's own hub, for its HR: 403 for a hub the body only uses."""
    hub = get_hub(access, pk)
    if hub.body_id != access.body.pk or not access.is_hr:
        raise PermissionDeniedForRole
    return hub


@dataclass(frozen=True)
class HubRow:
    hub: Hub
    km: float | None
    free: list[tuple[date, int]]  # free whole-day seats on the next open days


@dataclass(frozen=True)
class Origin:
    """Where distances are measured from: the person's home municipality when they declared
    it, else their usual office, else the body's seat."""

    kind: str  # "home", "office" or "body"
    label: str
    latitude: Decimal | None
    longitude: Decimal | None
    home_unplaced: str = ""  # a declared home municipality the list has no coordinates for


def distance_origin(access: Access) -> Origin:
    body = access.body
    if access.person_id:
        person = Person.objects.select_related("home_municipality", "office_site").get(
            pk=access.person_id
        )
        home = person.home_municipality
        if home is not None and home.latitude is not None:
            return Origin("home", str(home), home.latitude, home.longitude)
        unplaced = str(home) if home is not None else ""
        site = person.office_site
        if site is not None and site.latitude is not None:
            return Origin("office", site.name, site.latitude, site.longitude, unplaced)
        return Origin("body", body.name, body.latitude, body.longitude, unplaced)
    return Origin("body", body.name, body.latitude, body.longitude)


def hub_list(
    access: Access, today: date, days: int = 5, origin: Origin | None = None
) -> list[HubRow]:
    """The hubs the user may book, nearest first (see `distance_origin`), with the free seats
    of the next open days."""
    origin = origin or distance_origin(access)
    rows = []
    for hub in usable_hubs(access).filter(is_active=True):
        open_days = [
            today + timedelta(days=n)
            for n in range(0, 21)
            if not hub.opening_weekdays
            or (today + timedelta(days=n)).weekday() in hub.opening_weekdays
        ][:days]
        rows.append(
            HubRow(
                hub,
                great_circle_km(origin.latitude, origin.longitude, hub.latitude, hub.longitude),
                list(free_seats_by_day(hub, open_days).items()),
            )
        )
    return sorted(rows, key=lambda r: (r.km is None, r.km or 0, r.hub.name))


def free_seats(hub: Hub, day: date) -> int:
    """Seats with no live booking at any time of `day`."""
    return free_seats_by_day(hub, [day])[day]


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def free_seats_by_day(hub: Hub, days: list[date]) -> dict[date, int]:
    """Free seats of each day: the active seats, the closures and the seats with a live slot on
    each day, in one query whatever the number of days (it answers every availability call)."""
    if not days:
        return {}
    first, last = min(days), max(days)
    with connection.cursor() as cursor:
        cursor.execute(
            FREE_SEATS_SQL,
            [hub.pk, hub.pk, first, last, hub.pk, first, last],
        )
        rows = cursor.fetchall()
    seats = next(n for kind, _day, n in rows if kind == "s")
    closed = {_as_date(d) for kind, d, _n in rows if kind == "c"}
    taken = {_as_date(d): n for kind, d, n in rows if kind == "t"}
    return {d: 0 if d in closed else max(0, seats - taken.get(d, 0)) for d in days}


def month_bookings(access: Access, year: int, month: int) -> list[Booking]:
    """The user's own live seat bookings of a month, for their plan."""
    if access.person_id is None:
        return []
    return list(
        Booking.objects.filter(
            person_id=access.person_id, status__in=LIVE, date__year=year, date__month=month
        )
        .select_related("hub", "seat")
        .order_by("date", "half")
    )


def my_bookings(access: Access, since: date) -> QuerySet[Booking]:
    if access.person_id is None:
        return Booking.objects.none()
    return Booking.objects.filter(person_id=access.person_id, date__gte=since).select_related(
        "hub", "seat"
    )


@dataclass(frozen=True)
class Occupancy:
    day: date
    seats: int
    booked: int
    checked_in: int
    no_shows: int

    @property
    def utilisation(self) -> float:
        return self.checked_in / self.seats if self.seats else 0.0

    @property
    def no_show_rate(self) -> float:
        return self.no_shows / self.booked if self.booked else 0.0


def occupancy(hub: Hub, start: date, end: date) -> list[Occupancy]:
    """Per day: seats, bookings, check-ins and no-shows (released bookings)."""
    seats = Seat.objects.filter(hub=hub, is_active=True).count()
    rows = (
        Booking.objects.filter(hub=hub, date__range=(start, end))
        .exclude(status="cancelled")
        .values("date")
        .annotate(
            booked=Count("pk"),
            checked=Count("pk", filter=Q(status="checked_in")),
            released=Count("pk", filter=Q(status="released")),
        )
    )
    by_day = {r["date"]: r for r in rows}
    out = []
    day = start
    while day <= end:
        r = by_day.get(day, {"booked": 0, "checked": 0, "released": 0})
        out.append(Occupancy(day, seats, r["booked"], r["checked"], r["released"]))
        day += timedelta(days=1)
    return out


def bookings_by_body(hub: Hub, start: date, end: date) -> list[tuple[str, int]]:
    rows = (
        Booking.objects.filter(hub=hub, date__range=(start, end), status__in=LIVE)
        .values("person__body__name")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return [(r["person__body__name"], r["n"]) for r in rows]
