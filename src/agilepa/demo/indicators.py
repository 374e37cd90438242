"""A year of history for the demo: where every demo person worked on each working day of the
last twelve months (`seed-demo --history-months` sets how many), as the attendance system would
export it; a few declared values; a three-year plan with targets for the Comune di Bologna; two
bodies showing their names in the network's benchmark. Then the indicators' summary is built."""

from __future__ import annotations

import random
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from agilepa.agreements.models import Agreement, AgreementStatus
from agilepa.core.bulk import indexes_deferred, insert_rows
from agilepa.core.models import User
from agilepa.demo.timings import phase
from agilepa.indicators import summary
from agilepa.indicators.models import BenchmarkOptIn, DeclaredValue, Target
from agilepa.org.models import Body, Network, Person
from agilepa.planning.calendar import national_holidays
from agilepa.planning.models import ActualDay

SEED = 2028
ABSENCE = 0.045  # leave, sickness, training away
HELD = (
    AgreementStatus.ACTIVE,
    AgreementStatus.SUSPENDED,
    AgreementStatus.EXPIRED,
    AgreementStatus.WITHDRAWN,
)
DECLARED = {
    "c_a944": {
        "DIG_VPN": 1,
        "DIG_COLLABORATION": 1,
        "ORG_HELPDESK": 1,
        "ORG_MONITORING": 1,
        "ECO_TRAINING_SPEND": 18500,
        "ECO_HARDWARE": 240000,
        "DIG_APPS_REMOTE": 82,
        "DIG_SIGNATURE": 64,
        "DIG_SERVICES": 58,
        "PERF_PROCESSING_TIME": 27,
    },
    "r_emiro": {
        "DIG_VPN": 1,
        "DIG_COLLABORATION": 1,
        "ORG_HELPDESK": 1,
        "DIG_APPS_REMOTE": 91,
        "ECO_HARDWARE": 410000,
        "DIG_SERVICES": 71,
    },
}
TARGETS = {  # Bologna's plan 2026-2028: (baseline 2025, avvio, intermedio, avanzato)
    "IMP_AGILE_WORKERS": (35, 45, 60, 75),
    "IMP_AGREEMENTS": (30, 40, 50, 60),
    "IMP_AGILE_DAYS": (8, 10, 15, 20),
    "PRO_WORKERS_DIGITAL": (40, 50, 70, 90),
    "PERF_ABSENCE": (6, 5.5, 5, 4.5),
    "DIG_DEVICES": (20, 30, 50, 70),
    "DIG_SIGNATURE": (50, 60, 70, 80),
}


def _agreement_days(body: Body):
    """Each person's held agreements: (first day, last day, weekdays, monthly quota)."""
    found = defaultdict(list)
    for pid, status, start, end, withdrawn, weekdays, quota in Agreement.objects.filter(
        body=body, status__in=HELD, start_date__isnull=False
    ).values_list(
        "person_id",
        "status",
        "start_date",
        "end_date",
        "withdrawal_effective_on",
        "weekdays",
        "monthly_quota",
    ):
        last = withdrawn if status == AgreementStatus.WITHDRAWN and withdrawn else end
        found[pid].append((start, last, set(weekdays or []), quota or 0))
    return found


def _write_days(
    body: Body,
    days: list[date],
    stored: dict[date, date | str],
    stamp: datetime | str,
    rng: random.Random,
    columns: tuple[str, ...],
) -> tuple[int, summary.DayCounts]:
    """Where each of the body's people worked on each day, drawn from `rng` in the order of
    their ids and of the days (one draw a day the person was employed); returns the number of
    rows written and their counts by month, person and kind (what the summary would otherwise
    read back from these rows). Written for speed, as it makes millions of rows: the days a
    person was employed are a slice of the sorted days, found by bisection."""
    held = _agreement_days(body)
    rows: list[tuple] = []
    append, draw, body_id = rows.append, rng.random, body.pk
    facts = [(d, stored[d], d.replace(day=1), d.weekday(), (d.year, d.month)) for d in days]
    counts: summary.DayCounts = defaultdict(dict)
    for pid, hired, ended, active in Person.objects.filter(body=body).values_list(
        "pk", "hire_date", "ended_on", "is_active"
    ):
        if not active and not ended:
            continue
        low = bisect_left(days, hired) if hired else 0
        high = bisect_right(days, ended) if ended else len(days)
        agreements = held.get(pid, [])
        used: dict[tuple[int, int], int] = defaultdict(int)
        tally: dict[tuple[date, str], int] = defaultdict(int)
        for day, text, first_day, weekday, month in facts[low:high]:
            kind = "office"
            if draw() < ABSENCE:
                kind = "absent"
            else:
                for start, last, weekdays, quota in agreements:
                    if start <= day and (last is None or day <= last):
                        if weekday in weekdays or (
                            quota and used[month] < quota and weekday in (1, 3)
                        ):
                            kind = "remote"
                            used[month] += 1
                        break
            append((body_id, pid, text, kind, "imported", stamp))
            tally[first_day, kind] += 1
        for (first_day, kind), n in tally.items():
            counts[first_day].setdefault(pid, {})[kind] = n
    return insert_rows(ActualDay._meta.db_table, columns, rows), counts


def seed_history(
    bodies: list[Body],
    network: Network,
    progress: Callable[[str], None] = print,
    months: int = 12,
    timings: Callable[[str], None] | None = None,
) -> int:
    started = time.monotonic()
    rng = random.Random(SEED)
    today = timezone.localdate()
    first = today.replace(day=1)
    for _ in range(months):
        first = (first - timedelta(days=1)).replace(day=1)
    holidays = {**national_holidays(first.year), **national_holidays(today.year)}
    days = [
        first + timedelta(days=n)
        for n in range((today - first).days)
        if (first + timedelta(days=n)).weekday() < 5 and first + timedelta(days=n) not in holidays
    ]
    now = timezone.now()
    columns = ("body_id", "person_id", "date", "kind", "source", "recorded_at")
    # On SQLite, the stored text of each date and of the timestamp, as the driver's adapters
    # write them (`isoformat`), computed once instead of once for each of millions of rows.
    sqlite = connection.vendor == "sqlite"
    stored = {day: day.isoformat() if sqlite else day for day in days}
    stamp = now.isoformat(" ") if sqlite else now
    written = 0
    table = ActualDay._meta.db_table
    counts: dict[int, summary.DayCounts] = {}
    # On SQLite, without checking each row's two foreign keys as it goes in (outside a
    # transaction only; elsewhere nothing changes): every row's body and person are the ones
    # just read from the database in the same transaction.
    with (
        phase("the days written", timings),
        connection.constraint_checks_disabled(),
        transaction.atomic(),
    ):
        for body in bodies:
            ActualDay.objects.filter(body=body, date__gte=first, date__lt=today).delete()
        with indexes_deferred(table):
            for body in bodies:
                rows, counts[body.pk] = _write_days(body, days, stored, stamp, rng, columns)
                written += rows
    hr = User.objects.filter(email="personale@comune-bologna.demo").first()
    for body in bodies:
        for code, value in DECLARED.get(body.slug, {}).items():
            DeclaredValue.objects.create(
                body=body,
                code=code,
                year=today.year,
                value=Decimal(str(value)),
                note="Demo",
                entered_by=hr,
            )
    bologna = next((b for b in bodies if b.slug == "c_a944"), None)
    if bologna is not None:
        for code, (base, t1, t2, t3) in TARGETS.items():
            Target.objects.create(
                body=bologna,
                code=code,
                plan_year=today.year,
                baseline_year=today.year - 1,
                baseline=Decimal(str(base)),
                target_1=Decimal(str(t1)),
                target_2=Decimal(str(t2)),
                target_3=Decimal(str(t3)),
                set_by=hr,
            )
    for body in bodies[:2]:
        BenchmarkOptIn.objects.get_or_create(network=network, body=body)
    # The summary, with the days' counts the writing kept: the actual days of these months are
    # all among the rows just written (the older ones were deleted first, and no step before
    # this one records any), so reading them back would only count the same rows again.
    with phase("the summary", timings):
        rebuilt = sum(
            summary.refresh(body.pk, summary.months_between(first, today), counts[body.pk])
            for body in bodies
        )
    progress(
        f"Indicators: {written} days of attendance in the last {months} months, {rebuilt} "
        f"person-months summarised in {time.monotonic() - started:.1f} s"
    )
    return written
