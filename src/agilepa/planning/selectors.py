"""Reads of the body's calendar and of plans, scoped by an `Access` like every selector."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.agreements.rules import PresenceBalance
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.policies import manages_unit_or_hr
from agilepa.org.models import Body, OfficeSite, OrgUnit, Person
from agilepa.org.selectors import subtree_q
from agilepa.planning import person_calendar as pc
from agilepa.planning.calendar import CalendarFacts, Patron, days_between, month_bounds
from agilepa.planning.models import (
    Absence,
    ActualDay,
    ActualSource,
    AnchorDay,
    Closure,
    MonthPlan,
    PatronDay,
    PlanDay,
    PlanningProfile,
    PlanStatus,
    PresenceRequirement,
)


def calendar_facts(body: Body, site: OfficeSite | None = None) -> CalendarFacts:
    """The calendar of one office of the body (or of its seat, when no office is given): the
    patron day of the office's comune and the closures of the whole body and of that office."""
    municipality = (site.municipality if site and site.municipality else "") or body.municipality
    patron = PatronDay.objects.filter(body=body, municipality__iexact=municipality).first()
    closures = Closure.objects.filter(body=body, site__isnull=True)
    if site is not None:
        closures = closures | Closure.objects.filter(body=body, site=site)
    return CalendarFacts(
        patron=Patron(patron.month, patron.day, patron.saint) if patron else None,
        closures={c.date: c.reason for c in closures},
    )


def calendars_of(
    body: Body, site_ids: set[int], first: date, last: date
) -> dict[int | None, CalendarFacts]:
    """`calendar_facts` from `first` to `last` for the body's seat (key None) and for each of
    the offices `site_ids`, in three queries whatever the number of offices: the planning
    problem of an Area reads the calendars of all its people's offices."""
    municipality_of = dict(
        OfficeSite.objects.filter(pk__in=site_ids).values_list("pk", "municipality")
    )
    patrons: dict[str, Patron] = {}
    # What `calendar_facts` finds for a comune (`iexact`, then `.first()` in the model's order,
    # by name): the first, by name, of the spellings of the comune.
    for municipality, month, day, saint in (
        PatronDay.objects.filter(body=body)
        .order_by("municipality")
        .values_list("municipality", "month", "day", "saint")
    ):
        patrons.setdefault(municipality.upper(), Patron(month, day, saint))
    everywhere: dict[date, str] = {}
    by_site: dict[int, dict[date, str]] = defaultdict(dict)
    for site_id, when, reason in Closure.objects.filter(
        body=body, date__range=(first, last)
    ).values_list("site_id", "date", "reason"):
        if site_id is None:
            everywhere[when] = reason
        else:
            by_site[site_id][when] = reason

    def facts(site_id: int | None) -> CalendarFacts:
        municipality = (municipality_of.get(site_id) or "") if site_id else ""
        closures = {**everywhere, **by_site.get(site_id, {})} if site_id else everywhere
        return CalendarFacts(
            patron=patrons.get((municipality or body.municipality).upper()),
            closures=dict(closures),
        )

    return {None: facts(None), **{site_id: facts(site_id) for site_id in site_ids}}


# --- plans -----------------------------------------------------------------------------------


def plans_for(access: Access) -> QuerySet[MonthPlan]:
    """The month plans the user may see and edit: HR all, a manager those of their subtrees."""
    plans = MonthPlan.objects.filter(body=access.body).select_related("unit")
    if access.is_hr:
        return plans
    if not access.is_manager:
        raise PermissionDeniedForRole
    return plans.filter(subtree_q(access.managed_paths, prefix="unit__"))


def get_plan(access: Access, pk: int) -> MonthPlan:
    plan = get_object_or_404(
        MonthPlan.objects.select_related("unit", "body"), body=access.body, pk=pk
    )
    if not plans_for(access).filter(pk=pk).exists():
        raise PermissionDeniedForRole
    return plan


def plannable_units(access: Access) -> QuerySet[OrgUnit]:
    units = OrgUnit.objects.filter(body=access.body)
    if access.is_hr:
        return units.order_by("path")
    return units.filter(subtree_q(access.managed_paths)).order_by("path")


@dataclass(frozen=True)
class GridRow:
    person_id: int
    name: str
    unit: str
    cells: list[tuple[date, str, str]]  # (day, kind, fixed hours of lavoro da remoto)
    remote: int
    # The manager's plan page only: presence over the Regolamento's window so far.
    balance: PresenceBalance | None = None
    window: int = 1


def plan_units(plan: MonthPlan) -> list[tuple[int, str, int]]:
    """The units of the plan's people: (id, name, people), in tree order."""
    # The plan's people first (DISTINCT over the plan's index), then their units: grouping the
    # plan's every day with its person and unit took a hundred milliseconds for an Area.
    people = PlanDay.objects.filter(plan=plan).values("person_id").distinct()
    rows = (
        Person.objects.filter(pk__in=people)
        .values("unit_id", "unit__name", "unit__path")
        .annotate(people=Count("pk"))
        .order_by("unit__path")
    )
    return [(r["unit_id"], r["unit__name"], r["people"]) for r in rows]


def grid(plan: MonthPlan, unit_id: int | None = None) -> tuple[list[date], list[GridRow]]:
    """The plan as a table: a row a person, a column a working day (one unit's people when
    `unit_id` is given: a large area is read unit by unit)."""
    cells = PlanDay.objects.filter(plan=plan)
    if unit_id is not None:
        # Through the plan's (plan, person, date) index, not a scan of the whole plan.
        cells = cells.filter(person__in=Person.objects.filter(unit_id=unit_id))
    # The people in the grid's order, then their days in the order of the plan's index: sorting
    # every day of an Area by unit path and name took longer than reading them.
    rows: dict[int, GridRow] = {
        person_id: GridRow(person_id, f"{last} {first}", unit, [], 0)
        for person_id, last, first, unit in Person.objects.filter(
            pk__in=cells.values("person_id").distinct()
        )
        .order_by("unit__path", "last_name", "pk")
        .values_list("pk", "last_name", "first_name", "unit__name")
    }
    # Plain values, not model instances: a month of an Area is thousands of cells.
    dates: set[date] = set()
    for person_id, day, kind, hours in cells.order_by("person_id", "date").values_list(
        "person_id", "date", "kind", "hours"
    ):
        row = rows.get(person_id)
        if row is not None:  # None: a person added to the plan since the first read
            row.cells.append((day, kind, hours))
            dates.add(day)
    # The columns: the plan's days (for a unit, its people's: a closure of its site is not one).
    days = sorted(dates)
    return days, [
        GridRow(
            r.person_id, r.name, r.unit, r.cells, sum(1 for _d, k, _h in r.cells if k == "remote")
        )
        for r in rows.values()
    ]


def my_days(access: Access, year: int, month: int) -> list[PlanDay]:
    """The user's own days in the published plans of the month."""
    if access.person_id is None:
        return []
    return list(
        PlanDay.objects.filter(
            person_id=access.person_id,
            plan__status=PlanStatus.PUBLISHED,
            plan__year=year,
            plan__month=month,
        )
        .select_related("site", "plan")
        .order_by("date")
    )


def unit_days(
    access: Access, year: int, month: int, unit_id: int | None = None
) -> tuple[list[date], list[GridRow]]:
    """The published month of the user's own unit (colleagues' office or remote days only);
    `unit_id` saves the read of the person when the caller knows their unit."""
    if access.person_id is None:
        return [], []
    if unit_id is None:
        unit_id = Person.objects.get(pk=access.person_id).unit_id
    # The plans are found from the unit's people's days (the person index), not by joining
    # every day of the body's plans.
    first, last = month_bounds(year, month)
    unit_plans = PlanDay.objects.filter(
        person__in=Person.objects.filter(unit_id=unit_id), date__range=(first, last)
    ).values("plan_id")
    plan = (
        MonthPlan.objects.filter(
            pk__in=unit_plans,
            body=access.body,
            year=year,
            month=month,
            status=PlanStatus.PUBLISHED,
        )
        .order_by("-published_at")
        .first()
    )
    if plan is None:
        return [], []
    # Only the unit's rows are read: a plan of a whole Area holds hundreds of people.
    return grid(plan, unit_id)


def person_calendar(
    access: Access, start: date, end: date, today: date
) -> tuple[pc.Calendar, Person | None]:
    """The user's own days from `start` to `end` as a Monday-Friday calendar: the published
    plan, what they confirmed or the attendance system recorded, their live coworking bookings,
    their event registrations, their absences, and the holidays of their office. Only the
    user's own person is ever read (no parameter names another), in a fixed number of queries
    whatever the number of days."""
    from agilepa.events.models import RegistrationStatus
    from agilepa.events.selectors import my_registrations
    from agilepa.spaces.models import LIVE
    from agilepa.spaces.selectors import my_bookings

    first, last = pc.grid_span(start, end)
    person = (
        Person.objects.select_related("office_site").filter(pk=access.person_id).first()
        if access.person_id is not None
        else None
    )
    facts = calendar_facts(access.body, person.office_site if person else None)
    holidays = {d.day: d.reason for d in days_between(facts, first, last) if d.reason}
    if person is None:
        empty = pc.PersonDays(holidays, {}, {}, {}, {}, {})
        return pc.build(empty, start, end, today), None
    planned = {
        d.date: pc.Planned(d.kind, d.site.name if d.site else "", d.hours)
        for d in PlanDay.objects.filter(
            person=person, plan__status=PlanStatus.PUBLISHED, date__range=(first, last)
        ).select_related("site")
    }
    worked = {
        a.date: pc.Worked(a.kind, a.source == ActualSource.IMPORTED)
        for a in ActualDay.objects.filter(person=person, date__range=(first, last))
    }
    seats: dict[date, list[pc.Seat]] = {}
    for booking in (
        my_bookings(access, first).filter(date__lte=last, status__in=LIVE).order_by("date", "half")
    ):
        half = "" if booking.half == "day" else booking.get_half_display().lower()
        seats.setdefault(booking.date, []).append(
            pc.Seat(booking.hub.name, booking.seat.code, half)
        )
    events: dict[date, list[str]] = {}
    for registration in my_registrations(access).filter(
        event__starts_at__date__lte=last, event__ends_at__date__gte=first
    ):
        event = registration.event
        title = (
            event.title
            if registration.status == RegistrationStatus.REGISTERED
            else _("%(event)s (waitlist)") % {"event": event.title}
        )
        day = max(timezone.localtime(event.starts_at).date(), first)
        while day <= min(timezone.localtime(event.ends_at).date(), last):
            events.setdefault(day, []).append(title)
            day += timedelta(days=1)
    absences: dict[date, str] = {}
    for absence in Absence.objects.filter(Q(start__lte=last) & Q(end__gte=first), person=person):
        day = max(absence.start, first)
        while day <= min(absence.end, last):
            absences[day] = absence.get_kind_display()
            day += timedelta(days=1)
    known = pc.PersonDays(holidays, planned, worked, seats, events, absences)
    return pc.build(known, start, end, today), person


# --- the planning settings people keep --------------------------------------------------------


def may_plan(access: Access, unit: OrgUnit) -> bool:
    """HR plans any unit; a manager the units of their subtrees."""
    if unit.body_id != access.body.pk:
        return False
    return manages_unit_or_hr(access, unit)


def unit_to_plan(access: Access, unit_id: int) -> OrgUnit:
    """A unit of the body whose planning rules the user keeps (HR any, a manager their
    subtrees): 404 outside the body, 403 outside the subtrees."""
    unit = get_object_or_404(OrgUnit, body=access.body, pk=unit_id)
    if not may_plan(access, unit):
        raise PermissionDeniedForRole
    return unit


@dataclass(frozen=True)
class UnitRules:
    by_weekday: dict[int, PresenceRequirement]
    role_rules: list[PresenceRequirement]
    anchors: list[AnchorDay]


def unit_rules(unit: OrgUnit) -> UnitRules:
    """The unit's minimum presence (per weekday, and per role) and its latest anchor days."""
    return UnitRules(
        by_weekday={r.weekday: r for r in unit.presence_requirements.filter(role="")},
        role_rules=list(unit.presence_requirements.exclude(role="")),
        anchors=list(unit.anchor_days.order_by("-date")[:50]),
    )


def patron_days_for(access: Access) -> QuerySet[PatronDay]:
    return PatronDay.objects.filter(body=access.body)


def closures_for(access: Access, since: date) -> QuerySet[Closure]:
    return Closure.objects.filter(body=access.body, date__gte=since)


def absences_for(access: Access) -> QuerySet[Absence]:
    """The body's latest absences (HR's page)."""
    if not access.is_hr:
        raise PermissionDeniedForRole
    return Absence.objects.filter(body=access.body).select_related("person").order_by("-start")


def preferred_weekdays(access: Access) -> list[int]:
    """The person's preferred weekdays for remote work (none before they choose)."""
    if access.person_id is None:
        raise PermissionDeniedForRole
    return list(
        PlanningProfile.objects.filter(person_id=access.person_id)
        .values_list("preferred_weekdays", flat=True)
        .first()
        or []
    )
