"""Keeping `PersonMonth` up to date: one row per person and month, rebuilt from the records.

A day counts where it was really worked (`ActualDay`), else where the published plan put it
(`PlanDay` of a published `MonthPlan`); a live hub booking on a remote day, or on a day with no
record, makes it a coworking day. This is the rule of the commute savings
(`measurement.selectors.working_days`), and the savings are computed with the same functions
(`measurement.savings`), so the indicators and the savings pages agree.

The PIAO counts lavoro agile and lavoro da remoto apart: a remote or coworking day on a date
held by an agreement of lavoro da remoto (`Agreement.kind`) is a day of lavoro da remoto
(`fixed_remote_days`), not of lavoro agile; it saves the same commute.

The day counts are SQL aggregates (one statement for the actuals, one for the planned days
without an actual); only the hub bookings, a few per person, are read row by row. Writes that
change a month's figures call `mark_dirty`; a background task, the nightly
`indicators-refresh` command and the "refresh now" button rebuild the dirty months."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from agilepa.agreements.models import (
    Activity,
    Agreement,
    AgreementKind,
    AgreementStatus,
    EquipmentItem,
    Regulation,
    TrainingCompletion,
    TrainingTopic,
)
from agilepa.core.bulk import insert_rows
from agilepa.indicators.engine import PEOPLE, QUARTER_FIRSTS, SHARED, YEAR_FIRSTS, response_sums
from agilepa.indicators.models import PersonMonth, ResponseMonth, SummaryState
from agilepa.indicators.months import month_end, month_start, months_between
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


# -- what the summary is made of ---------------------------------------------------------------
# Each kind of record is read once for all the months being rebuilt, and sorted into months in
# Python: a body's year costs a dozen statements, not a dozen per month.


# Days by the month's first day, person and kind.
DayCounts = dict[date, dict[int, dict[str, int]]]


def _overlaps(first: date | None, last: date | None, start: date, end: date) -> bool:
    """Whether [first, last] (either end open when None) meets [start, end]."""
    return (first is None or first <= end) and (last is None or last >= start)


class Records:
    """A body's records between two dates, read once."""

    def __init__(
        self, body_id: int, start: date, end: date, actual_counts: DayCounts | None = None
    ) -> None:
        self.body_id, self.start, self.end = body_id, start, end
        self.people = list(
            Person.objects.filter(
                Q(hire_date__isnull=True) | Q(hire_date__lte=end),
                Q(ended_on__isnull=True, is_active=True) | Q(ended_on__gte=start),
                body_id=body_id,
            ).values_list(
                "pk",
                "unit_id",
                "hire_date",
                "ended_on",
                "home_municipality__latitude",
                "home_municipality__longitude",
            )
        )
        self.unit_paths = dict(OrgUnit.objects.filter(body_id=body_id).values_list("pk", "path"))
        self.regulations = list(
            Regulation.objects.filter(body_id=body_id, effective_from__lte=end)
            .order_by("effective_from", "version")
            .values_list("pk", "effective_from")
        )
        self.activities: dict[int, list[str | None]] = defaultdict(list)
        for regulation_id, path in Activity.objects.filter(
            regulation__body_id=body_id, remotable=True
        ).values_list("regulation_id", "unit__path"):
            self.activities[regulation_id].append(path)
        self.agreements: dict[int, list[tuple]] = defaultdict(list)
        self.fixed_spans: dict[int, list[tuple]] = defaultdict(list)  # lavoro da remoto
        for pid, kind, status, first, last, withdrawn in Agreement.objects.filter(
            body_id=body_id, status__in=HELD_STATUSES, start_date__lte=end
        ).values_list(
            "person_id", "kind", "status", "start_date", "end_date", "withdrawal_effective_on"
        ):
            # A withdrawn agreement held the calendar up to its last day.
            span = (first, withdrawn if status == AgreementStatus.WITHDRAWN else last)
            self.agreements[pid].append(span)
            if kind == AgreementKind.REMOTE:
                self.fixed_spans[pid].append(span)
        self.heads = set(
            OrgUnit.objects.filter(body_id=body_id, head__isnull=False).values_list(
                "head_id", flat=True
            )
        )
        self.digital: dict[int, date] = {}  # the first completion of each person
        self.agile_training: dict[int, date] = {}
        for pid, topic, day in TrainingCompletion.objects.filter(
            course__body_id=body_id, completed_on__lte=end
        ).values_list("person_id", "course__topic", "completed_on"):
            target = (
                self.digital
                if topic in DIGITAL_TOPICS
                else self.agile_training
                if topic == TrainingTopic.AGILE_WORK
                else None
            )
            if target is not None and (pid not in target or day < target[pid]):
                target[pid] = day
        self.devices: dict[int, list[tuple]] = defaultdict(list)
        for pid, given, returned in EquipmentItem.objects.filter(
            body_id=body_id, person__isnull=False
        ).values_list("person_id", "handed_over_on", "returned_on"):
            self.devices[pid].append((given, returned))
        self.objectives: dict[int, list[tuple[date, date]]] = defaultdict(list)
        for pid, year, period in (
            Objective.objects.filter(
                body_id=body_id,
                level=Level.PERSON,
                year__gte=start.year,
                year__lte=end.year,
            )
            .exclude(state=State.CANCELLED)
            .values_list("owner_id", "year", "period")
        ):
            self.objectives[pid].append(period_bounds(year, period))
        self.counts = self._day_counts(actual_counts)
        self.fixed_remote = self._fixed_remote_dates()
        self.booked = {
            (pid, d): (lat, lon)
            for pid, d, lat, lon in Booking.objects.filter(
                person__body_id=body_id, date__range=(start, end), status__in=LIVE
            ).values_list("person_id", "date", "hub__latitude", "hub__longitude")
        }
        self.kinds = kinds_on(self.booked, start, end)
        self.factors = body_factors(Body(pk=body_id))
        self.profiles = {
            pid: Commute(km, minutes, mode)
            for pid, km, minutes, mode in CommuteProfile.objects.filter(
                person__body_id=body_id
            ).values_list("person_id", "distance_km", "minutes", "mode")
        }

    def _day_counts(self, actual_counts: DayCounts | None = None) -> DayCounts:
        """Days by month, person and kind: the actuals, and the published plan where there is
        none (a day planned twice counts once). `actual_counts`: the actuals' counts when the
        caller has just written every actual day of the span and counted them as it went (the
        demo's year of history: grouping its 2.7 million rows again is most of a refresh on
        SQLite); read from the database otherwise."""
        counts: DayCounts = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        span = (self.start, self.end)
        if actual_counts is None:
            actual = ActualDay.objects.filter(body_id=self.body_id, date__range=span)
            for pid, month, kind, n in (
                actual.annotate(month=_month_of("date"))
                .values_list("person_id", "month", "kind")
                .annotate(n=Count("pk"))
                .order_by()
            ):
                counts[_month_key(month)][pid][kind] += n
        else:
            for month, people in actual_counts.items():
                if not self.start <= month <= self.end:
                    continue
                for pid, kinds in people.items():
                    for kind, n in kinds.items():
                        counts[month][pid][kind] += n
        recorded = ActualDay.objects.filter(person_id=OuterRef("person_id"), date=OuterRef("date"))
        planned = (
            PlanDay.objects.filter(
                plan__body_id=self.body_id, plan__status=PlanStatus.PUBLISHED, date__range=span
            )
            .exclude(Exists(recorded))
            .annotate(month=_month_of("date"))
            .values_list("person_id", "month", "kind")
            .annotate(n=Count("date", distinct=True))
            .order_by()
        )
        for pid, month, kind, n in planned:
            counts[_month_key(month)][pid][kind] += n
        return counts

    def _fixed_remote_dates(self) -> dict[int, set[date]]:
        """The remote days (the actual, else the published plan) that fall on a date held by an
        agreement of lavoro da remoto: read day by day, for the few people who have one."""
        people = list(self.fixed_spans)
        if not people:
            return {}
        span = (self.start, self.end)
        actual = {
            (pid, d): kind
            for pid, d, kind in ActualDay.objects.filter(
                body_id=self.body_id, person_id__in=people, date__range=span
            ).values_list("person_id", "date", "kind")
        }
        planned = PlanDay.objects.filter(
            person_id__in=people,
            plan__body_id=self.body_id,
            plan__status=PlanStatus.PUBLISHED,
            date__range=span,
            kind=PlanDayKind.REMOTE,
        ).values_list("person_id", "date")
        remote = {key for key, kind in actual.items() if kind == PlanDayKind.REMOTE}
        remote |= {key for key in planned if key not in actual}
        found: dict[int, set[date]] = defaultdict(set)
        for pid, d in remote:
            if self.fixed_on(pid, d):
                found[pid].add(d)
        return found

    def fixed_on(self, pid: int, day: date) -> bool:
        """Whether an agreement of lavoro da remoto held the person's calendar on `day`."""
        return any(_overlaps(a, b, day, day) for a, b in self.fixed_spans.get(pid, ()))

    def potential_units(self, day: date) -> set[int] | None:
        """The units whose people can work remotely on `day`, by the activity catalogue of the
        Regolamento in force (the latest version effective by then); None means every unit."""
        in_force = [pk for pk, effective in self.regulations if effective <= day]
        if not in_force:
            return set()
        paths = self.activities.get(in_force[-1], [])
        if any(path is None for path in paths):
            return None
        return {
            unit
            for unit, unit_path in self.unit_paths.items()
            if any(unit_path.startswith(path) for path in paths)
        }

    def month(self, first: date) -> list[PersonMonth]:
        """The summary rows of one month (nothing written)."""
        return [PersonMonth(**values) for values in self.month_values(first)]

    def month_values(self, first: date) -> list[dict]:
        """The summary rows of one month as the values of their fields (by `attname`), which
        `refresh` writes as they are: building a model instance for each of a network's
        hundred thousand person-months only to read its fields back cost more than computing
        them."""
        start, end = first, month_end(first)
        units = self.potential_units(end)
        coworking: dict[int, list[Decimal | None]] = defaultdict(list)
        fixed_at_hub: dict[int, int] = defaultdict(int)
        homes = {pid: (lat, lon) for pid, _u, _h, _e, lat, lon in self.people}
        counts = {pid: dict(days) for pid, days in self.counts.get(first, {}).items()}
        for (pid, d), (lat, lon) in self.booked.items():
            if not start <= d <= end:
                continue
            kind = self.kinds.get((pid, d))
            if kind == PlanDayKind.REMOTE:
                counts.setdefault(pid, {})[PlanDayKind.REMOTE] -= 1
            elif kind is not None:
                continue  # a booked office or absence day is not a coworking day
            home = homes.get(pid, (None, None))
            coworking[pid].append(road_km(home[0], home[1], lat, lon))
            if self.fixed_on(pid, d):
                fixed_at_hub[pid] += 1
        rows = []
        for pid, unit_id, hired, ended, _lat, _lon in self.people:
            if not _overlaps(hired, ended, start, end):
                continue
            days = counts.get(pid, {})
            remote = days.get(PlanDayKind.REMOTE, 0)
            hubs = coworking.get(pid, [])
            saved = self._saved(pid, remote, hubs)
            # Lavoro da remoto: its remote days not at a hub (those are among the hub days).
            fixed_home = sum(
                1
                for d in self.fixed_remote.get(pid, ())
                if start <= d <= end and (pid, d) not in self.booked
            )
            fixed = fixed_home + fixed_at_hub.get(pid, 0)
            agile = remote + len(hubs)
            agreement = any(_overlaps(a, b, start, end) for a, b in self.agreements.get(pid, ()))
            rows.append(
                {
                    "body_id": self.body_id,
                    "unit_id": unit_id,
                    "person_id": pid,
                    "month": first,
                    "potential": (units is None or unit_id in units)
                    or agreement
                    or agile + fixed > 0,
                    "agreement": agreement,
                    "manager": pid in self.heads,
                    "trained_digital": pid in self.digital and self.digital[pid] <= end,
                    "trained_agile": pid in self.agile_training and self.agile_training[pid] <= end,
                    "device": any(
                        _overlaps(a, b, start, end) for a, b in self.devices.get(pid, ())
                    ),
                    "objectives": any(
                        _overlaps(a, b, start, end) for a, b in self.objectives.get(pid, ())
                    ),
                    "office_days": days.get(PlanDayKind.OFFICE, 0),
                    "remote_days": remote - fixed_home,
                    "coworking_days": len(hubs) - fixed_at_hub.get(pid, 0),
                    "fixed_remote_days": fixed,
                    "absent_days": days.get(PlanDayKind.ABSENT, 0),
                    "km": float(saved.km),
                    "minutes": float(saved.minutes),
                    "kg_co2": float(saved.kg_co2),
                    "eur": float(saved.eur),
                }
            )
        return rows

    def _saved(self, pid: int, remote: int, hubs: list[Decimal | None]) -> Tally:
        saved = Tally()
        commute = self.profiles.get(pid)
        if commute is None:
            return saved
        factor = factor_of(commute.mode, self.factors)
        if remote:
            one = remote_day(commute, factor)
            saved.km += one.km * remote
            saved.minutes += one.minutes * remote
            saved.kg_co2 += one.kg_co2 * remote
            saved.eur += one.eur * remote
        for hub_km in hubs:
            if hub_km is not None:
                saved.add(coworking_day(commute, hub_km, factor))
        return saved


def _month_of(field: str) -> Func:
    """The month of a date column, to group by: on SQLite the first seven characters of the
    stored ISO text ('2026-11'), since TruncMonth there calls a Python function for every row
    (millions of days for a year); TruncMonth elsewhere. `_month_key` reads either back."""
    if connection.vendor == "sqlite":
        return Substr(field, 1, 7)
    return TruncMonth(field)


def _month_key(value: object) -> date:
    """The first day of the month `_month_of` gave."""
    if isinstance(value, str):
        return date(int(value[:4]), int(value[5:7]), 1)
    return _as_date(value)


def _as_date(value) -> date:
    """TruncMonth gives a date on SQLite and PostgreSQL alike for a DateField; be safe."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value


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


def build_month(body_id: int, first: date) -> list[PersonMonth]:
    """The summary rows of one body's month, computed from the records (nothing written)."""
    return Records(body_id, first, month_end(first)).month(first)


COLUMNS = [f.column for f in PersonMonth._meta.concrete_fields if not f.primary_key]
ATTRS = [f.attname for f in PersonMonth._meta.concrete_fields if not f.primary_key]


DEFAULTS = {
    f.attname: f.get_default() for f in PersonMonth._meta.concrete_fields if not f.primary_key
}


def insert(rows: list[PersonMonth]) -> None:
    """Many rows at once (bulk_create compiles each row: many times slower)."""
    table = PersonMonth._meta.db_table
    insert_rows(table, COLUMNS, ([getattr(r, a) for a in ATTRS] for r in rows))


def insert_values(rows: list[dict]) -> None:
    """Many rows given as their fields' values (`Records.month_values`), the fields left out
    taking their defaults, as a model instance would."""
    table = PersonMonth._meta.db_table
    insert_rows(table, COLUMNS, ([r.get(a, DEFAULTS[a]) for a in ATTRS] for r in rows))


def mark_firsts(body_id: int, year: int, model=PersonMonth) -> None:
    """Mark in `firsts` the month that opens each person's count of the year and of the
    quarter, among the body's rows (the conditions of `engine.PEOPLE`, evaluated by the
    database as the engine's counts do), and the people with rows of another body in the year
    (on those rows too: the engine then counts distinct people instead). `model` is the
    migration's historical model when run from one."""
    start, end = date(year, 1, 1), date(year, 12, 1)
    rows = model.objects.filter(body_id=body_id, month__range=(start, end))
    conditions = {
        f"c{i}": Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())
        for i, q in enumerate(PEOPLE.values())
    }
    shared = set(
        model.objects.filter(
            month__range=(start, end), person_id__in=rows.values("person_id").order_by()
        )
        .exclude(body_id=body_id)
        .values_list("person_id", flat=True)
        .distinct()
        .order_by()
    )
    changed: dict[int, list[int]] = defaultdict(list)
    person, seen_year, seen_quarter = None, 0, {}
    for pk, pid, month, old, *met in (
        rows.annotate(**conditions)
        .values_list("pk", "person_id", "month", "firsts", *conditions)
        .order_by("person_id", "month")
    ):
        if pid != person:
            person, seen_year, seen_quarter = pid, 0, {}
        quarter = (_as_date(month).month - 1) // 3
        seen = seen_quarter.get(quarter, 0)
        bits = SHARED if pid in shared else 0
        for i, yes in enumerate(met):
            if yes:
                bit = 1 << i
                if not seen_year & bit:
                    bits |= 1 << (YEAR_FIRSTS + i)
                if not seen & bit:
                    bits |= 1 << (QUARTER_FIRSTS + i)
                seen_year |= bit
                seen |= bit
        seen_quarter[quarter] = seen
        if bits != old:
            changed[bits].append(pk)
    for bits, pks in changed.items():
        for i in range(0, len(pks), 5000):
            model.objects.filter(pk__in=pks[i : i + 5000]).update(firsts=bits)
    if shared:
        model.objects.filter(month__range=(start, end), person_id__in=shared).exclude(
            body_id=body_id
        ).update(firsts=F("firsts").bitor(SHARED))


def refresh(body_id: int, months: Iterable[date], actual_counts: DayCounts | None = None) -> int:
    """Rebuild the summary of a body's months, reading the records once; the months of one
    year are replaced in one transaction, and the year's firsts marked once after them (they
    depend on every month of the year: marking them after each month redid the year's work
    once per month). `actual_counts`: see `Records._day_counts`. Returns the row count."""
    months = sorted({month_start(m) for m in months})
    if not months:
        return 0
    records = Records(body_id, months[0], month_end(months[-1]), actual_counts)
    responses = {
        _as_date(row.pop("month")): row
        for row in response_sums([body_id], months[0], month_end(months[-1]))
    }
    by_year: dict[int, list[date]] = defaultdict(list)
    for first in months:
        by_year[first.year].append(first)
    written = 0
    for year, firsts in by_year.items():
        with transaction.atomic():
            for first in firsts:
                rows = records.month_values(first)
                PersonMonth.objects.filter(body_id=body_id, month=first).delete()
                insert_values(rows)
                ResponseMonth.objects.filter(body_id=body_id, month=first).delete()
                if first in responses:
                    ResponseMonth.objects.create(month=first, **responses[first])
                SummaryState.objects.update_or_create(
                    body_id=body_id,
                    month=first,
                    defaults={"dirty": False, "refreshed_at": timezone.now()},
                )
                written += len(rows)
            mark_firsts(body_id, year)
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
    # Not one upsert (INSERT … ON CONFLICT DO UPDATE): it locks the body's month row until the
    # writer's transaction commits, even when the month is already dirty, and every booking
    # comes here; the UPDATE below finds nothing to lock once the month is dirty.
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
