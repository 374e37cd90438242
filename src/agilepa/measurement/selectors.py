"""Reads of commute profiles and savings, scoped by an `Access` like every selector.

Where the days come from, for each person and date (docs/measurement.md, "Which days count"):
the actual day (confirmed or imported) when there is one, else the day of a published plan; a
day with neither but a live or checked-in coworking booking is a coworking day. A remote day
with such a booking is a coworking day; an office or absent day saves nothing, booking or not
(the person still went to the office, if only for half the day). People without a commute
profile save nothing that can be told: they are counted apart (`Rollup.without_profile`).

The body's and the network's savings read the months the indicators' monthly summary has up to
date (`savings_cells`), and sum only the others from the days."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from agilepa.core import disclosure
from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.indicators.models import PersonMonth, SummaryState
from agilepa.indicators.months import month_end, months_between
from agilepa.measurement.factors import Factor
from agilepa.measurement.models import CommuteProfile, ModeFactor
from agilepa.measurement.savings import (
    Commute,
    Tally,
    coworking_day,
    factor_of,
    remote_day,
    road_km,
)
from agilepa.org.models import Body, Membership, MembershipStatus, Network, OrgUnit, Person
from agilepa.org.selectors import people_for
from agilepa.planning.models import ActualDay, PlanDay, PlanDayKind, PlanStatus
from agilepa.spaces.models import LIVE, Booking

# No aggregate is shown to anyone, HR included, for a group of fewer people (DOMAIN.md 6).
MIN_PEOPLE = 5


def body_factors(body: Body) -> dict[str, Factor]:
    """The body's own factors (the defaults of factors.py fill in the rest)."""
    return {
        f.mode: Factor(f.kg_co2_per_km, f.eur_per_km, f.ticket_eur)
        for f in ModeFactor.objects.filter(body=body)
    }


def bodies_factors(body_ids: set[int]) -> dict[int, dict[str, Factor]]:
    """`body_factors` of several bodies in one query: {body id: {mode: factor}}, a body
    without factors of its own missing."""
    found: dict[int, dict[str, Factor]] = defaultdict(dict)
    for f in ModeFactor.objects.filter(body_id__in=body_ids).order_by():
        found[f.body_id][f.mode] = Factor(f.kg_co2_per_km, f.eur_per_km, f.ticket_eur)
    return dict(found)


def suggested_km(person: Person) -> Decimal | None:
    """The road distance from the person's home municipality to their usual office (or the
    body's seat), estimated from coordinates: a suggestion the person corrects."""
    home = person.home_municipality
    if home is None:
        return None
    place = person.office_site
    if place is None or place.latitude is None:
        place = person.body
    return road_km(home.latitude, home.longitude, place.latitude, place.longitude)


def profile_person(access: Access, person_id: int | None = None) -> Person:
    """The caller's own person (no id), or a person of the body for HR: 404 in another body,
    403 beyond the role."""
    if person_id is None:
        if access.person_id is None:
            raise PermissionDeniedForRole
        person_id = access.person_id
    elif not access.is_hr:
        get_object_or_404(Person, body=access.body, pk=person_id)
        raise PermissionDeniedForRole
    return get_object_or_404(
        Person.objects.select_related("home_municipality", "office_site", "body", "unit"),
        body=access.body,
        pk=person_id,
    )


def profile_of(person: Person) -> CommuteProfile | None:
    return CommuteProfile.objects.filter(person=person).first()


@dataclass(frozen=True)
class Day:
    person_id: int
    date: date
    hub_km: Decimal | None = None  # a coworking day: the one-way road distance to the hub
    coworking: bool = False


def working_days(people: QuerySet[Person], start: date, end: date) -> list[Day]:
    """The remote and coworking days of `people` from `start` to `end` (see the module doc)."""
    ids = list(people.values_list("pk", flat=True))
    actual = {
        (pid, d): kind
        for pid, d, kind in ActualDay.objects.filter(
            person_id__in=ids, date__range=(start, end)
        ).values_list("person_id", "date", "kind")
    }
    planned = {
        (pid, d): kind
        for pid, d, kind in PlanDay.objects.filter(
            person_id__in=ids, date__range=(start, end), plan__status=PlanStatus.PUBLISHED
        ).values_list("person_id", "date", "kind")
    }
    homes = {
        pid: (lat, lon)
        for pid, lat, lon in Person.objects.filter(pk__in=ids).values_list(
            "pk", "home_municipality__latitude", "home_municipality__longitude"
        )
    }
    booked: dict[tuple[int, date], Decimal | None] = {}
    for pid, d, lat, lon in Booking.objects.filter(
        person_id__in=ids, date__range=(start, end), status__in=LIVE
    ).values_list("person_id", "date", "hub__latitude", "hub__longitude"):
        home = homes.get(pid, (None, None))
        booked[(pid, d)] = road_km(home[0], home[1], lat, lon)
    days = []
    for key in sorted(set(actual) | set(planned) | set(booked)):
        kind = actual.get(key) or planned.get(key)
        if kind is None and key in booked:
            kind = PlanDayKind.REMOTE
        if kind != PlanDayKind.REMOTE:
            continue
        if key in booked:
            days.append(Day(key[0], key[1], booked[key], coworking=True))
        else:
            days.append(Day(key[0], key[1]))
    return days


def day_saving(day: Day, commute: Commute, factor: Factor) -> Tally:
    if day.coworking:
        # A hub at an unknown distance (no coordinates): counted as a day, with no saving.
        if day.hub_km is None:
            return Tally(coworking_days=1)
        return coworking_day(commute, day.hub_km, factor)
    return remote_day(commute, factor)


@dataclass
class Rollup:
    """Savings by person and month (the exact tallies; the pages aggregate them)."""

    by_person_month: dict[tuple[int, str], Tally] = field(default_factory=dict)
    without_profile: set[int] = field(default_factory=set)

    def total(self, keep=lambda pid, month: True) -> Tally:
        total = Tally()
        for (pid, month), tally in self.by_person_month.items():
            if keep(pid, month):
                total.add(tally)
        return total


def rollup(people: QuerySet[Person], start: date, end: date, factors=None) -> Rollup:
    """The savings of `people` between two dates, by person and month ("2027-03")."""
    profiles = {
        pid: (Commute(km, minutes, mode), body_id)
        for pid, km, minutes, mode, body_id in CommuteProfile.objects.filter(
            person__in=people
        ).values_list("person_id", "distance_km", "minutes", "mode", "person__body_id")
    }
    by_body: dict[int, dict[str, Factor]] = {}
    result = Rollup()
    for day in working_days(people, start, end):
        found = profiles.get(day.person_id)
        if found is None:
            result.without_profile.add(day.person_id)
            continue
        commute, body_id = found
        if body_id not in by_body:
            by_body[body_id] = factors if factors is not None else body_factors(Body(pk=body_id))
        tally = day_saving(day, commute, factor_of(commute.mode, by_body[body_id]))
        tally.people.add(day.person_id)
        key = (day.person_id, f"{day.date:%Y-%m}")
        result.by_person_month.setdefault(key, Tally()).add(tally)
    return result


@dataclass(frozen=True)
class Row:
    label: str
    key: object
    tally: Tally
    suppressed: bool


def suppress(rows: list[Row], min_people: int, total: Tally | None = None) -> list[Row]:
    """The rows of one table with the groups to hide marked, for a table alone (the network's
    bodies): `core.disclosure.protect` with the total as the rows' parent, so that however many
    groups are hidden, the total minus the shown ones never gives fewer than `min_people`."""
    if total is None:
        total = Tally()
        for r in rows:
            total.add(r.tally)
    people: dict[object, int] = {i: len(r.tally.people) for i, r in enumerate(rows)}
    people["total"] = len(total.people)
    hidden = disclosure.protect(
        people, [disclosure.Hierarchy("total", tuple(range(len(rows))))], min_people
    )
    return [Row(r.label, r.key, r.tally, i in hidden) for i, r in enumerate(rows)]


@dataclass
class Cells:
    """A body's savings of a year by unit (the person's unit today) and month ("2027-03"):
    what the body's tables are summed from, each cell with the people it counts."""

    by_unit_month: dict[tuple[int | None, str], Tally] = field(default_factory=dict)
    without_profile: set[int] = field(default_factory=set)
    unit_of: dict[int, int | None] = field(default_factory=dict)

    def add(self, unit: int | None, month: str, tally: Tally) -> None:
        self.by_unit_month.setdefault((unit, month), Tally()).add(tally)

    def add_rollup(self, result: Rollup, keep=lambda pid, month: True) -> None:
        for (pid, month), tally in result.by_person_month.items():
            if keep(pid, month):
                self.add(self.unit_of.get(pid), month, tally)

    def total(self) -> Tally:
        total = Tally()
        for tally in self.by_unit_month.values():
            total.add(tally)
        return total


def _exact(value: float | None) -> Decimal:
    """A sum of the summary's floats as the decimal it stands for. Each person's month is held
    to a float's fifteen digits, so the sum is true to the millionth: far below the tenth (km,
    hours, kg) and the cent shown, and rounding it there first keeps a sum that is exactly on a
    half (12.35 kg) from falling below it (12.3499999998)."""
    return Decimal(repr(value or 0.0)).quantize(Decimal("0.000001"))


def summarised_months(body_id: int, year: int) -> set[date]:
    """The months of the year whose summary (`indicators.PersonMonth`) is up to date."""
    return set(
        SummaryState.objects.filter(
            body_id=body_id, month__year=year, dirty=False, refreshed_at__isnull=False
        ).values_list("month", flat=True)
    )


def savings_cells(body: Body, year: int, factors: dict[str, Factor]) -> Cells:
    """The body's savings of a year by unit and month. The months the indicators' monthly
    summary has up to date are read from it (a body of 5,000 people in a few statements, not
    a million days summed in Python); the months waiting to be rebuilt, or never built, are
    summed from the days (`rollup`), so the figures are always those of the records. The days
    of lavoro da remoto are counted apart in the summary without saying which were at a hub:
    the few person-months that have some are summed from the days too."""
    everyone = Person.objects.filter(body=body)
    cells = Cells(unit_of=dict(everyone.order_by().values_list("pk", "unit_id")))
    summarised = summarised_months(body.pk, year)
    month_keys = {m: f"{m:%Y-%m}" for m in summarised}
    rows = (
        PersonMonth.objects.filter(body=body, month__in=summarised, person__body=body)
        .alias(days=F("remote_days") + F("coworking_days") + F("fixed_remote_days"))
        .filter(days__gt=0)
    )
    profiled = Exists(CommuteProfile.objects.filter(person_id=OuterRef("person_id")))
    # One pass over the rows (about 15,000 for a body of 5,000 people), summed here: the sums
    # and the people of each cell from one scan, not one for each.
    sums: dict[tuple[int | None, str], list] = {}
    fixed: set[tuple[int, str]] = set()
    for pid, unit, month, remote, coworking, fixed_days, km, minutes, kg, eur, has in (
        rows.annotate(profiled=profiled)
        .values_list(
            "person_id",
            "person__unit_id",
            "month",
            "remote_days",
            "coworking_days",
            "fixed_remote_days",
            "km",
            "minutes",
            "kg_co2",
            "eur",
            "profiled",
        )
        .order_by()
    ):
        key = month_keys[month]
        if not has:
            cells.without_profile.add(pid)
        elif fixed_days:
            fixed.add((pid, key))
        else:
            cell = sums.get((unit, key))
            if cell is None:
                cell = sums[(unit, key)] = [0, 0, 0.0, 0.0, 0.0, 0.0, set()]
            cell[0] += remote
            cell[1] += coworking
            cell[2] += km
            cell[3] += minutes
            cell[4] += kg
            cell[5] += eur
            cell[6].add(pid)
    for key, (remote, coworking, km, minutes, kg, eur, people) in sums.items():
        cells.by_unit_month[key] = Tally(
            remote, coworking, _exact(km), _exact(minutes), _exact(kg), _exact(eur), people
        )
    if fixed:
        ids = {pid for pid, _m in fixed}
        first, last = min(summarised), max(summarised)
        found = rollup(everyone.filter(pk__in=ids), first, month_end(last), factors)
        cells.add_rollup(found, lambda pid, month: (pid, month) in fixed)
    rest = [m for m in months_between(date(year, 1, 1), date(year, 12, 1)) if m not in summarised]
    if rest:
        found = rollup(everyone, rest[0], month_end(rest[-1]), factors)
        wanted = {f"{m:%Y-%m}" for m in rest}
        cells.add_rollup(found, lambda pid, month: month in wanted)
        cells.without_profile |= found.without_profile
    return cells


def savings_withheld(cells: Cells) -> frozenset:
    """The cells of a body's savings to withhold, for every viewer: each unit (by the people
    attached to it) and the body, in the year and in each month. The body is covered by its
    units, a year by its months: a month of a unit is not to be had by subtracting the others
    from the year, nor a unit by subtracting the others from the body."""
    sets: dict[tuple, set[int]] = defaultdict(set)
    months: set[str] = set()
    for (unit, month), tally in cells.by_unit_month.items():
        if not tally.people:
            continue
        months.add(month)
        for group in (("unit", unit), ("body",)):
            sets[(*group, month)] |= tally.people
            sets[(*group, "year")] |= tally.people
    units = sorted({unit for unit, _m in cells.by_unit_month}, key=str)
    hierarchies = []
    for period in [*sorted(months), "year"]:
        hierarchies.append(
            disclosure.Hierarchy(("body", period), tuple(("unit", u, period) for u in units))
        )
    for group in [("body",), *(("unit", u) for u in units)]:
        hierarchies.append(
            disclosure.Hierarchy((*group, "year"), tuple((*group, m) for m in sorted(months)))
        )
    people = {cell: len(found) for cell, found in sets.items()}
    return disclosure.protect(people, hierarchies, MIN_PEOPLE)


@dataclass(frozen=True)
class BodySavings:
    year: int
    by_unit: list[Row]
    by_month: list[Row]
    total: Tally
    without_profile: int
    suppressed: bool  # groups under MIN_PEOPLE (and their complements) are hidden
    total_hidden: bool = False  # the whole (body or unit) is such a group


def may_see_aggregates(access: Access) -> bool:
    return access.is_hr or access.is_manager or access.has_any(Role.OBSERVER)


def body_savings(access: Access, year: int, unit_id: int | None = None) -> BodySavings:
    """The body's savings of a year by unit and by month (or one unit's, by month), for HR,
    managers and observers (CUG/RSU) alike: a group of fewer than MIN_PEOPLE people is hidden,
    with the groups that would give it away by subtraction (`savings_withheld`)."""
    if not may_see_aggregates(access):
        raise PermissionDeniedForRole
    cells = savings_cells(access.body, year, body_factors(access.body))
    withheld = savings_withheld(cells)
    labels = dict(OrgUnit.objects.filter(body=access.body).values_list("pk", "name"))
    group = ("body",) if unit_id is None else ("unit", unit_id)
    by_unit: dict[int | None, Tally] = defaultdict(Tally)
    by_month: dict[str, Tally] = defaultdict(Tally)
    total = Tally()
    for (unit, month), tally in cells.by_unit_month.items():
        if unit_id is not None and unit != unit_id:
            continue
        by_unit[unit].add(tally)
        by_month[month].add(tally)
        total.add(tally)
    unit_rows = [
        Row(labels.get(u), u, t, ("unit", u, "year") in withheld) for u, t in by_unit.items()
    ]
    unit_rows.sort(key=lambda r: r.label or "")
    month_rows = [Row(m, m, by_month[m], (*group, m) in withheld) for m in sorted(by_month)]
    without = {
        p for p in cells.without_profile if unit_id is None or cells.unit_of.get(p) == unit_id
    }
    return BodySavings(
        year,
        unit_rows,
        month_rows,
        total,
        len(without),
        True,
        (*group, "year") in withheld,
    )


def my_savings(access: Access, year: int) -> list[Row]:
    """The caller's own savings of a year, by month."""
    if access.person_id is None:
        raise PermissionDeniedForRole
    people = people_for(access).filter(pk=access.person_id)
    result = rollup(people, date(year, 1, 1), date(year, 12, 31), body_factors(access.body))
    return [
        Row(month, month, tally, False)
        for (_pid, month), tally in sorted(result.by_person_month.items(), key=lambda kv: kv[0])
    ]


def network_bodies(network: Network) -> QuerySet[Body]:
    """The network's coordinating body and its members that signed the protocol."""
    members = Membership.objects.filter(
        network=network, status__in=[MembershipStatus.SIGNED, MembershipStatus.ACTIVE]
    ).values("body_id")
    return Body.objects.filter(pk__in=members) | Body.objects.filter(pk=network.coordinator_id)


def network_savings(network: Network, year: int) -> tuple[list[Row], Tally]:
    """Each body's savings of a year, for the network's coordinator: a body with fewer than
    MIN_PEOPLE people saving is hidden (complementary suppression as for units)."""
    rows = []
    grand = Tally()
    for body in network_bodies(network).distinct().order_by("name"):
        total = savings_cells(body, year, body_factors(body)).total()
        grand.add(total)
        rows.append(Row(body.name, body.pk, total, False))
    return suppress(rows, MIN_PEOPLE, grand), grand
