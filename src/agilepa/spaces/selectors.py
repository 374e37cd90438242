"""Reads of hubs and bookings, scoped by an `Access` like every selector."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.org.models import Person
from agilepa.org.municipalities import great_circle_km
from agilepa.planning import selectors as planning_selectors
from agilepa.planning.models import PlanDayKind
from agilepa.spaces import services
from agilepa.spaces.models import (
    LIVE,
    SEAT_FEATURES,
    Booking,
    FloorPlan,
    Half,
    Hub,
    Room,
    Seat,
    Slot,
    seat_features,
)
from agilepa.spaces.services import hubs_for


def usable_hubs(access: Access) -> QuerySet[Hub]:
    """Hubs the body's people may book, and the body's own hubs for its HR."""
    ids = set(hubs_for(access.body).values_list("pk", flat=True))
    if access.is_hr:
        ids |= set(Hub.objects.filter(body=access.body).values_list("pk", flat=True))
    return Hub.objects.filter(pk__in=ids).select_related("body")


# Active seats, closures (with their reason) and seats with a live slot on each day of a range.
FREE_SEATS_SQL = (
    "SELECT 's', NULL, COUNT(*), NULL FROM spaces_seat WHERE hub_id = %s AND is_active"
    " UNION ALL SELECT 'c', date, NULL, reason FROM spaces_hubclosure"
    "  WHERE hub_id = %s AND date BETWEEN %s AND %s"
    " UNION ALL SELECT 't', sl.date, COUNT(DISTINCT sl.seat_id), NULL FROM spaces_slot sl"
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


def open_days(hub: Hub, start: date, end: date) -> list[date]:
    """The days from `start` to `end` (both included) on the hub's opening weekdays; holidays
    and closures included, as the day list shows them closed."""
    return [
        start + timedelta(days=n)
        for n in range((end - start).days + 1)
        if not hub.opening_weekdays or (start + timedelta(days=n)).weekday() in hub.opening_weekdays
    ]


def hub_list(
    access: Access, today: date, days: int = 5, origin: Origin | None = None
) -> list[HubRow]:
    """The hubs the user may book, nearest first (see `distance_origin`), with the free seats
    of the next open days."""
    origin = origin or distance_origin(access)
    rows = []
    for hub in usable_hubs(access).filter(is_active=True):
        upcoming = open_days(hub, today, today + timedelta(days=20))
        states = day_states(hub, upcoming, access.person_id)
        rows.append(
            HubRow(
                hub,
                great_circle_km(origin.latitude, origin.longitude, hub.latitude, hub.longitude),
                [(d, s.free) for d, s in states.items() if not s.closed][:days],
            )
        )
    return sorted(rows, key=lambda r: (r.km is None, r.km or 0, r.hub.name))


def free_seats(hub: Hub, day: date) -> int:
    """Seats with no live booking at any time of `day`."""
    return free_seats_by_day(hub, [day])[day]


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


@dataclass(frozen=True)
class DayState:
    free: int  # free whole-day seats (0 on a closed day)
    closed: str  # why the hub is closed that day (a holiday, a closure), "" when open
    held: int = 0  # seats not taken but held that day by a team zone the person is not in


def day_states(hub: Hub, days: list[date], person_id: int | None = None) -> dict[date, DayState]:
    """Free seats and closure of each day: the active seats, the closures and the seats with a
    live slot on each day, in one query whatever the number of days (it answers every
    availability call); the national holidays from the calendar, without a query. In a hub with
    team zones, the seats a zone holds on its unit's anchor days are not free to the others
    (`person_id`: whom the days are shown to; nobody's unit when None)."""
    if not days:
        return {}
    first, last = min(days), max(days)
    with connection.cursor() as cursor:
        cursor.execute(
            FREE_SEATS_SQL,
            [hub.pk, hub.pk, first, last, hub.pk, first, last],
        )
        rows = cursor.fetchall()
    seats = next(n for kind, _day, n, _r in rows if kind == "s")
    closures = {_as_date(d): reason for kind, d, _n, reason in rows if kind == "c"}
    taken = {_as_date(d): n for kind, d, n, _r in rows if kind == "t"}
    held = _held_for_others(hub, first, last, person_id)
    states = {}
    for d in days:
        closed = services.closed_reason(hub, d, closures.get(d))
        kept = 0 if closed else held.get(d, 0)
        free = 0 if closed else max(0, seats - taken.get(d, 0) - kept)
        states[d] = DayState(free, closed, kept)
    return states


def _held_for_others(hub: Hub, first: date, last: date, person_id: int | None) -> dict[date, int]:
    """Per day, the active seats not taken that team zones hold for units the person is not
    in: no query for a hub without zones."""
    if not services.has_zones(hub):
        return {}
    person_path, holds = services.zone_holds(hub, first, last, person_id)
    others = {
        (d, seat_id)
        for d, seats in holds.items()
        for seat_id, hold in seats.items()
        if not hold.admits(person_path)
    }
    if not others:
        return {}
    busy = set(
        Slot.objects.filter(seat_id__in={s for _d, s in others}, date__range=(first, last))
        .values_list("date", "seat_id")
        .distinct()
    )
    active = set(
        Seat.objects.filter(pk__in={s for _d, s in others}, is_active=True).values_list(
            "pk", flat=True
        )
    )
    held: dict[date, int] = {}
    for d, seat_id in others - busy:
        if seat_id in active:
            held[d] = held.get(d, 0) + 1
    return held


def free_seats_by_day(hub: Hub, days: list[date]) -> dict[date, int]:
    """Free whole-day seats of each day (see `day_states`)."""
    return {d: s.free for d, s in day_states(hub, days).items()}


def booking_days(hub: Hub, today: date, person_id: int | None = None) -> dict[date, DayState]:
    """Every day the booking page offers: the hub's open weekdays up to its booking horizon,
    the closed ones (holidays, closures) marked."""
    days = open_days(hub, today, today + timedelta(days=hub.book_ahead_days))
    return day_states(hub, days, person_id)


@dataclass(frozen=True)
class SeatState:
    seat: Seat
    features: list[str]
    free: bool
    held_for: str = ""  # the unit whose team zone holds the seat that day, when not the person's


def seat_states(
    hub: Hub, day: date, half: str, features: list[str], person_id: int | None = None
) -> list[SeatState]:
    """The hub's active seats with the asked features, each free or taken at the asked times of
    `day`, by code: the accessible list of the booking page. A seat a team zone holds that day
    for a unit the person (`person_id`) is not in is not free: it is held for that unit."""
    halves = services.HALVES[Half(half) if half in Half.values else Half.DAY]
    wanted = {f: True for f in features if f in SEAT_FEATURES}
    seats = (
        Seat.objects.filter(hub=hub, is_active=True, **wanted)
        .annotate(taken=Exists(Slot.objects.filter(seat=OuterRef("pk"), date=day, half__in=halves)))
        .order_by("code")
    )
    held: dict[int, services.Hold] = {}
    person_path = ""
    if services.has_zones(hub):
        person_path, holds = services.zone_holds(hub, day, day, person_id)
        held = holds.get(day, {})
    states = []
    for s in seats:
        hold = held.get(s.pk)
        held_for = hold.unit_name if hold and not hold.admits(person_path) else ""
        states.append(SeatState(s, seat_features(s), not s.taken and not held_for, held_for))
    return states


def _place(thing: Seat | Room, plan: FloorPlan) -> tuple[float, float] | None:
    """Where a seat or a room is on `plan`, in the plan's coordinate box (0-100 across,
    0-`ratio_height` down), or None when it is not placed there."""
    if thing.floor_plan_id != plan.pk or thing.plan_x is None or thing.plan_y is None:
        return None
    return float(thing.plan_x), float(thing.plan_y) * plan.ratio_height / 100


@dataclass(frozen=True)
class Place:
    x: float  # in the plan's coordinate box: 0-100 across, 0-`ratio_height` down
    y: float

    @property
    def label_y(self) -> float:
        """Where the name is written: just above the marker, or below it at the top."""
        return self.y - 2.4 if self.y > 4 else self.y + 4.4


@dataclass(frozen=True)
class Marker(Place):
    """A seat of the list, drawn as a circle (green free, red taken)."""

    state: SeatState


@dataclass(frozen=True)
class RoomMarker(Place):
    """A meeting room, drawn as a square in a third colour with its name beside it: its shape
    and its name, not its colour alone, tell it from a seat."""

    room: Room
    half_side: float = 1.8  # as the seats' circles' radius

    @property
    def corner_x(self) -> float:
        return self.x - self.half_side

    @property
    def corner_y(self) -> float:
        return self.y - self.half_side

    @property
    def side(self) -> float:
        return 2 * self.half_side


@dataclass(frozen=True)
class PlanView:
    plan: FloorPlan
    markers: list[Marker]  # the listed seats placed on this plan
    rooms: list[RoomMarker]  # the rooms placed on it

    @property
    def shown(self) -> bool:
        """Whether the plan is worth drawing: something of the page is placed on it."""
        return bool(self.markers or self.rooms)


def plans_with_places(hub: Hub, seats: list[SeatState], rooms: Iterable[Room]) -> list[PlanView]:
    """The hub's floor plans, each with the seats of the list and the rooms placed on it (the
    map beside the lists shows the same seats, in the same state, and the same rooms)."""
    rooms = list(rooms)
    views = []
    for plan in FloorPlan.objects.filter(hub=hub):
        markers = [
            Marker(*place, state=s) for s in seats if (place := _place(s.seat, plan)) is not None
        ]
        room_markers = [
            RoomMarker(*place, room=r) for r in rooms if (place := _place(r, plan)) is not None
        ]
        views.append(PlanView(plan, markers, room_markers))
    return views


def plan_of_room(room: Room) -> PlanView | None:
    """The floor plan a room is placed on, with the room marked; None when it is not placed."""
    if room.floor_plan is None or (place := _place(room, room.floor_plan)) is None:
        return None
    return PlanView(room.floor_plan, [], [RoomMarker(*place, room=room)])


def planned_office_day(access: Access, day: date) -> bool:
    """Whether the person's published plan has them in the office on `day`: booking a hub seat
    then is allowed, with a warning."""
    return any(
        d.date == day and d.kind == PlanDayKind.OFFICE
        for d in planning_selectors.my_days(access, day.year, day.month)
    )


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
