"""Keeping `PersonMonth` up to date: one row per person and month, rebuilt from the records.

A day counts where it was really worked (`ActualDay`), else where the published plan put it
(`PlanDay` of a published `MonthPlan`); a live hub booking on a remote day, or on a day with no
record, makes it a coworking day. This is the rule of the commute savings
(`measurement.selectors.working_days`), and the savings are computed with the same functions
(`measurement.savings`), so the indicators and the savings pages agree.

The day counts are SQL aggregates (one statement for the actuals, one for the planned days
without an actual); only the hub bookings, a few per person, are read row by row. Writes that
change a month's figures call `mark_dirty`; a background task, the nightly
`indicators-refresh` command and the "refresh now" button rebuild the dirty months."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from agilepa.agreements.models import (
    Activity,
    Agreement,
    AgreementStatus,
    EquipmentItem,
    Regulation,
    TrainingCompletion,
    TrainingTopic,
)
from agilepa.indicators.models import PersonMonth, SummaryState
from agilepa.measurement.models import CommuteProfile
from agilepa.measurement.savings import (
    Commute,
    Tally,
    coworking_day,
    factor_of,
    remote_day,
    road_km,
)
from agilepa.measurement.selectors import body_factors
from agilepa.objectives.models import Level, Objective, State
from agilepa.objectives.progress import period_bounds
from agilepa.org.models import Body, OrgUnit, Person
from agilepa.planning.models import ActualDay, PlanDay, PlanDayKind, PlanStatus
from agilepa.spaces.models import LIVE, Booking

# An agreement that held the person's calendar on a day of the month, whatever became of it.
HELD_STATUSES = (
    AgreementStatus.ACTIVE,
    AgreementStatus.SUSPENDED,
    AgreementStatus.WITHDRAWN,
    AgreementStatus.EXPIRED,
)
DIGITAL_TOPICS = (TrainingTopic.CYBERSECURITY, TrainingTopic.DIGITAL_WELLBEING)
BATCH = 5000


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def months_between(start: date, end: date) -> list[date]:
    months, current = [], month_start(start)
    while current <= end:
        months.append(current)
        current = (month_end(current) + timedelta(days=1)).replace(day=1)
    return months


# -- what the summary is made of ---------------------------------------------------------------


def people_of_month(body_id: int, start: date, end: date):
    """The body's people employed on a day of the month: (id, unit_id, home lat, home lon)."""
    employed = Q(hire_date__isnull=True) | Q(hire_date__lte=end)
    not_ended = Q(ended_on__isnull=True, is_active=True) | Q(ended_on__gte=start)
    return list(
        Person.objects.filter(employed & not_ended, body_id=body_id).values_list(
            "pk", "unit_id", "home_municipality__latitude", "home_municipality__longitude"
        )
    )


def potential_units(body_id: int, day: date) -> set[int] | None:
    """The units whose people can work remotely on `day`, by the activity catalogue of the
    Regolamento in force (the latest version effective by then); None means every unit."""
    regulation = (
        Regulation.objects.filter(body_id=body_id, effective_from__lte=day)
        .order_by("-effective_from", "-version")
        .first()
    )
    if regulation is None:
        return set()
    rows = list(
        Activity.objects.filter(regulation=regulation, remotable=True).values_list(
            "unit_id", "unit__path"
        )
    )
    if any(unit_id is None for unit_id, _ in rows):
        return None
    q = Q(pk__in=[]) if not rows else Q()
    for _unit_id, path in rows:
        q |= Q(path__startswith=path)
    return set(OrgUnit.objects.filter(q, body_id=body_id).values_list("pk", flat=True))


def _ids(queryset) -> set[int]:
    return set(queryset.values_list("person_id", flat=True))


def flags_of_month(body_id: int, start: date, end: date) -> dict[str, set[int]]:
    """The people of the body that had, in the month: an agreement, a unit to head, training,
    equipment, individual objectives."""
    objective_periods = [
        (year, period)
        for year in {start.year}
        for period in ("Y", "S1", "S2", "Q1", "Q2", "Q3", "Q4")
        if period_bounds(year, period)[0] <= end and period_bounds(year, period)[1] >= start
    ]
    in_period = Q(pk__in=[])
    for year, period in objective_periods:
        in_period |= Q(year=year, period=period)
    return {
        "agreement": _ids(
            Agreement.objects.filter(
                # A withdrawn agreement held the calendar up to its last day.
                Q(status=AgreementStatus.WITHDRAWN)
                & (Q(withdrawal_effective_on__isnull=True) | Q(withdrawal_effective_on__gte=start))
                | ~Q(status=AgreementStatus.WITHDRAWN)
                & (Q(end_date__isnull=True) | Q(end_date__gte=start)),
                body_id=body_id,
                status__in=HELD_STATUSES,
                start_date__lte=end,
            )
        ),
        "manager": set(
            OrgUnit.objects.filter(body_id=body_id, head__isnull=False).values_list(
                "head_id", flat=True
            )
        ),
        "trained_digital": _ids(
            TrainingCompletion.objects.filter(
                course__body_id=body_id, course__topic__in=DIGITAL_TOPICS, completed_on__lte=end
            )
        ),
        "trained_agile": _ids(
            TrainingCompletion.objects.filter(
                course__body_id=body_id,
                course__topic=TrainingTopic.AGILE_WORK,
                completed_on__lte=end,
            )
        ),
        "device": _ids(
            EquipmentItem.objects.filter(
                Q(handed_over_on__isnull=True) | Q(handed_over_on__lte=end),
                Q(returned_on__isnull=True) | Q(returned_on__gte=start),
                body_id=body_id,
                person__isnull=False,
            )
        ),
        "objectives": set(
            Objective.objects.filter(in_period, body_id=body_id, level=Level.PERSON)
            .exclude(state=State.CANCELLED)
            .values_list("owner_id", flat=True)
        ),
    }


def day_counts(body_id: int, start: date, end: date) -> dict[int, dict[str, int]]:
    """Days by person and kind: the actuals, and the published plan where there is none."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    actual = ActualDay.objects.filter(body_id=body_id, date__range=(start, end))
    for pid, kind, n in actual.values_list("person_id", "kind").annotate(n=Count("pk")):
        counts[pid][kind] += n
    recorded = ActualDay.objects.filter(person_id=OuterRef("person_id"), date=OuterRef("date"))
    planned = (
        PlanDay.objects.filter(
            plan__body_id=body_id, plan__status=PlanStatus.PUBLISHED, date__range=(start, end)
        )
        .exclude(Exists(recorded))
        .values_list("person_id", "kind")
        .annotate(n=Count("date", distinct=True))
    )
    for pid, kind, n in planned:
        counts[pid][kind] += n
    return counts


def hub_days(body_id: int, start: date, end: date) -> dict[tuple[int, date], tuple]:
    """The live hub bookings of the body's people: (person, day) -> (hub lat, hub lon)."""
    return {
        (pid, d): (lat, lon)
        for pid, d, lat, lon in Booking.objects.filter(
            person__body_id=body_id, date__range=(start, end), status__in=LIVE
        ).values_list("person_id", "date", "hub__latitude", "hub__longitude")
    }


def kinds_on(keys: Iterable[tuple[int, date]], start: date, end: date) -> dict:
    """Where each (person, day) counts: the actual, else the published plan, else nothing."""
    keys = set(keys)
    if not keys:
        return {}
    people = {pid for pid, _ in keys}
    found = {
        (pid, d): kind
        for pid, d, kind in PlanDay.objects.filter(
            person_id__in=people, date__range=(start, end), plan__status=PlanStatus.PUBLISHED
        ).values_list("person_id", "date", "kind")
        if (pid, d) in keys
    }
    for pid, d, kind in ActualDay.objects.filter(
        person_id__in=people, date__range=(start, end)
    ).values_list("person_id", "date", "kind"):
        if (pid, d) in keys:
            found[(pid, d)] = kind
    return found


# -- the rebuild ---------------------------------------------------------------------------------


def build_month(body_id: int, first: date) -> list[PersonMonth]:
    """The summary rows of one body's month, computed from the records (nothing written)."""

    start, end = first, month_end(first)
    people = people_of_month(body_id, start, end)
    units = potential_units(body_id, end)
    flags = flags_of_month(body_id, start, end)
    counts = day_counts(body_id, start, end)
    booked = hub_days(body_id, start, end)
    kinds = kinds_on(booked, start, end)
    homes = {pid: (lat, lon) for pid, _unit, lat, lon in people}
    coworking: dict[int, list[Decimal | None]] = defaultdict(list)
    for (pid, d), (lat, lon) in booked.items():
        kind = kinds.get((pid, d))
        if kind == PlanDayKind.REMOTE:
            counts[pid][PlanDayKind.REMOTE] -= 1
        elif kind is not None:
            continue  # a booked office or absence day is not a coworking day
        home = homes.get(pid, (None, None))
        coworking[pid].append(road_km(home[0], home[1], lat, lon))
    factors = body_factors(Body(pk=body_id))
    profiles = {
        pid: Commute(km, minutes, mode)
        for pid, km, minutes, mode in CommuteProfile.objects.filter(
            person__body_id=body_id
        ).values_list("person_id", "distance_km", "minutes", "mode")
    }
    rows = []
    for pid, unit_id, _lat, _lon in people:
        days = counts.get(pid, {})
        remote = days.get(PlanDayKind.REMOTE, 0)
        hubs = coworking.get(pid, [])
        saved = Tally()
        commute = profiles.get(pid)
        if commute is not None:
            factor = factor_of(commute.mode, factors)
            if remote:
                one = remote_day(commute, factor)
                saved.km += one.km * remote
                saved.minutes += one.minutes * remote
                saved.kg_co2 += one.kg_co2 * remote
                saved.eur += one.eur * remote
            for hub_km in hubs:
                if hub_km is not None:
                    saved.add(coworking_day(commute, hub_km, factor))
        agile = remote + len(hubs)
        rows.append(
            PersonMonth(
                body_id=body_id,
                unit_id=unit_id,
                person_id=pid,
                month=first,
                potential=(units is None or unit_id in units)
                or pid in flags["agreement"]
                or agile > 0,
                agreement=pid in flags["agreement"],
                manager=pid in flags["manager"],
                trained_digital=pid in flags["trained_digital"],
                trained_agile=pid in flags["trained_agile"],
                device=pid in flags["device"],
                objectives=pid in flags["objectives"],
                office_days=days.get(PlanDayKind.OFFICE, 0),
                remote_days=remote,
                coworking_days=len(hubs),
                absent_days=days.get(PlanDayKind.ABSENT, 0),
                km=float(saved.km),
                minutes=float(saved.minutes),
                kg_co2=float(saved.kg_co2),
                eur=float(saved.eur),
            )
        )
    return rows


COLUMNS = [f.column for f in PersonMonth._meta.concrete_fields if not f.primary_key]
ATTRS = [f.attname for f in PersonMonth._meta.concrete_fields if not f.primary_key]


def insert(rows: list[PersonMonth]) -> None:
    """Many rows in one prepared statement (bulk_create compiles each row: 20x slower)."""
    if not rows:
        return
    table = PersonMonth._meta.db_table
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model only)
        table, ", ".join(COLUMNS), ", ".join(["%s"] * len(COLUMNS))
    )
    with connection.cursor() as cursor:
        for i in range(0, len(rows), BATCH):
            cursor.executemany(sql, [[getattr(r, a) for a in ATTRS] for r in rows[i : i + BATCH]])


def refresh(body_id: int, months: Iterable[date]) -> int:
    """Rebuild the summary of a body's months; each month in one transaction. The row count."""
    written = 0
    for first in sorted({month_start(m) for m in months}):
        rows = build_month(body_id, first)
        with transaction.atomic():
            PersonMonth.objects.filter(body_id=body_id, month=first).delete()
            insert(rows)
            SummaryState.objects.update_or_create(
                body_id=body_id,
                month=first,
                defaults={"dirty": False, "refreshed_at": timezone.now()},
            )
        written += len(rows)
    return written


def refresh_year(body_id: int, year: int, today: date | None = None) -> int:
    """Rebuild every month of a year up to the current one."""
    today = today or timezone.localdate()
    last = min(date(year, 12, 1), month_start(today))
    return refresh(body_id, months_between(date(year, 1, 1), last))


def refresh_stale(body_id: int, year: int, today: date | None = None) -> int:
    """Rebuild the months of the year (up to the current one) that were never built or are
    waiting to be rebuilt, so that a document never shows figures older than the records."""
    months = months_between_year(year, today)
    clean = set(
        SummaryState.objects.filter(body_id=body_id, month__in=months, dirty=False).values_list(
            "month", flat=True
        )
    )
    return refresh(body_id, [m for m in months if m not in clean])


def build_missing(body_id: int, months: Iterable[date], today: date | None = None) -> int:
    """Build the months (up to the current one) that were never built: a body's first look at
    a period. Months waiting for a rebuild are left to the job and shown as such."""
    today = today or timezone.localdate()
    months = [m for m in months if m <= month_start(today)]
    built = set(
        SummaryState.objects.filter(
            body_id=body_id, month__in=months, refreshed_at__isnull=False
        ).values_list("month", flat=True)
    )
    return refresh(body_id, [m for m in months if m not in built])


def months_between_year(year: int, today: date | None = None) -> list[date]:
    """The months of a year that have begun."""
    today = today or timezone.localdate()
    return months_between(date(year, 1, 1), min(date(year, 12, 31), today))


def mark_dirty(body_id: int, days: Iterable[date]) -> None:
    """Record that the months of these days changed. The `indicators-refresh --dirty` job
    (every ten minutes from cron) and the "recompute now" button rebuild them."""
    months = sorted({month_start(d) for d in days})
    if not months:
        return
    states = SummaryState.objects.filter(body_id=body_id, month__in=months)
    known = set(states.values_list("month", flat=True))
    states.filter(dirty=False).update(dirty=True)
    SummaryState.objects.bulk_create(
        [SummaryState(body_id=body_id, month=m, dirty=True) for m in months if m not in known],
        ignore_conflicts=True,
    )


def refresh_dirty_months(body_id: int | None = None) -> int:
    states = SummaryState.objects.filter(dirty=True)
    if body_id is not None:
        states = states.filter(body_id=body_id)
    by_body: dict[int, list[date]] = defaultdict(list)
    for body, month in states.values_list("body_id", "month"):
        by_body[body].append(month)
    return sum(refresh(body, months) for body, months in by_body.items())


def as_of(body_ids: Iterable[int], months: Iterable[date]):
    """When the figures of these months were last rebuilt (the oldest), and whether some are
    waiting to be rebuilt or were never built."""
    months = list(months)
    states = list(
        SummaryState.objects.filter(body_id__in=list(body_ids), month__in=months).values_list(
            "dirty", "refreshed_at"
        )
    )
    stale = any(dirty for dirty, _ in states)
    times = [at for _, at in states if at is not None]
    return (min(times) if times else None), stale
