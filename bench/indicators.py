"""Benchmark of the POLA/PIAO indicators at regional scale, on SQLite and on PostgreSQL.

    .venv/bin/python bench/indicators.py [--people 100000] [--bodies 40] [--skip-postgres]
        [--naive-people N] [--postgres postgres://postgres@127.0.0.1:5432] [--sqlite-file PATH]

For each database, in its own process (SQLite: a fresh file; PostgreSQL: a database
`agilepa_bench_indicators`, created and dropped), it generates a network of `--bodies` bodies
and `--people` people with a year of day records (every working day of 2026 for everyone, as an
attendance export: about 25 million rows for 100,000 people), agreements, training, equipment,
objectives, commute profiles and survey answers; it builds the monthly summary
(`indicators.summary`, timed), then times in the same run:

1. the full indicator set of the network for the year (`engine.compute`);
2. every indicator of every member body (`engine.by_body`, what the benchmark reads);
3. an HR dashboard of one body (the page, through Django's test client);
4. a naive per-person ORM loop computing the day-record indicators of the network, person by
   person (on `--naive-people` people when given, then scaled to the whole network — the
   figure printed says so), whose results must equal the engine's;

(`--sqlite-file PATH` keeps the SQLite database in PATH, and a later run on the same file skips
the generation and the summary, after migrating it: the computations of two versions of the
engine timed on the same data.) It reports the peak memory of the computations (tracemalloc)
and of the process (ru_maxrss), and the load average around the timings (a shared machine).
Targets: (1) ≤ 2 s, (3) ≤ 300 ms, (1) at least 20x faster than (4). Figures go in
bench/README.md.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
YEAR = 2026
DB = "agilepa_bench_indicators"


def working_days() -> list[date]:
    from agilepa.planning.calendar import national_holidays

    holidays = national_holidays(YEAR)
    day, days = date(YEAR, 1, 1), []
    while day.year == YEAR:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += timedelta(days=1)
    return days


def generate(people: int, bodies: int, say) -> dict[str, object]:
    """The network, its people and a year of their records."""
    from django.db import connection, transaction

    from agilepa.agreements.models import (
        Activity,
        Agreement,
        EquipmentItem,
        Regulation,
        TrainingCompletion,
        TrainingCourse,
    )
    from agilepa.core.bulk import insert_rows
    from agilepa.measurement.models import CommuteProfile
    from agilepa.objectives.models import Objective
    from agilepa.org.models import Body, Membership, Network, OrgUnit, Person
    from agilepa.planning.models import ActualDay
    from agilepa.surveys.models import Response, Survey, SurveyCampaign, Wave

    rng = random.Random(9)
    days = working_days()
    started = time.perf_counter()
    made = []
    for b in range(bodies):
        made.append(
            Body.objects.create(
                name=f"Ente {b:03d}",
                ipa_code=f"c_b{b:03d}",
                slug=f"c_b{b:03d}",
                kind="comune",
                municipality="Bologna",
            )
        )
    network = Network.objects.create(name="Rete", slug="rete", coordinator=made[0])
    Membership.objects.bulk_create(
        [
            Membership(network=network, body=b, status="active", applied_on=date(2025, 1, 1))
            for b in made[1:]
        ]
    )
    per_body = people // bodies
    rows_written = 0
    COLUMNS = ("body_id", "person_id", "date", "kind", "source", "recorded_at")
    now = "2026-12-31 12:00:00+00:00"
    for n, body in enumerate(made):
        with transaction.atomic():
            root = OrgUnit.objects.create(body=body, code="ROOT", name=body.name, path="", depth=0)
            root.path = f"/{root.pk}/"
            root.save(update_fields=["path"])
            units = []
            for a in range(10):
                area = OrgUnit.objects.create(
                    body=body, code=f"A{a}", name=f"Area {a}", parent=root, depth=1
                )
                area.path = f"{root.path}{area.pk}/"
                area.save(update_fields=["path"])
                for s in range(4):
                    unit = OrgUnit.objects.create(
                        body=body,
                        code=f"A{a}S{s}",
                        name=f"Servizio {a}.{s}",
                        parent=area,
                        depth=2,
                    )
                    unit.path = f"{area.path}{unit.pk}/"
                    unit.save(update_fields=["path"])
                    units.append(unit)
            regulation = Regulation.objects.create(
                body=body,
                version=1,
                title="Regolamento",
                adopted_on=date(2025, 12, 1),
                effective_from=date(2026, 1, 1),
                allowed_places=["home", "hub"],
            )
            Activity.objects.bulk_create(
                [Activity(regulation=regulation, unit=u, name="Istruttoria") for u in units[:28]]
            )
            Person.objects.bulk_create(
                [
                    Person(
                        body=body,
                        unit=rng.choice(units),
                        employee_number=f"M{i:06d}",
                        first_name="Nome",
                        last_name=f"Cognome{i}",
                        tax_code="RSSMRA80A01H501U",
                        hire_date=date(2010, 1, 1),
                    )
                    for i in range(per_body)
                ],
                batch_size=2000,
            )
            pids = list(Person.objects.filter(body=body).values_list("pk", flat=True))
            for unit, head in zip(units[:40:4], pids[:10], strict=False):
                OrgUnit.objects.filter(pk=unit.pk).update(head_id=head)
            agreements = {
                pid: sorted(rng.sample(range(5), rng.choice((1, 2))))
                for pid in pids
                if rng.random() < 0.45
            }
            Agreement.objects.bulk_create(
                [
                    Agreement(
                        body=body,
                        person_id=pid,
                        regulation=regulation,
                        status="active",
                        start_date=date(YEAR, rng.randint(1, 6), 1),
                        pattern="fixed_weekdays",
                        weekdays=wd,
                        places=["home"],
                    )
                    for pid, wd in agreements.items()
                ],
                batch_size=2000,
            )
            starts = dict(
                Agreement.objects.filter(body=body).values_list("person_id", "start_date")
            )
            courses = [
                TrainingCourse.objects.create(body=body, code=t, title=t, topic=t)
                for t in ("cybersecurity", "agile_work")
            ]
            TrainingCompletion.objects.bulk_create(
                [
                    TrainingCompletion(
                        course=c, person_id=pid, completed_on=date(YEAR, rng.randint(1, 12), 1)
                    )
                    for pid in pids
                    for c in courses
                    if rng.random() < 0.3
                ],
                batch_size=5000,
            )
            EquipmentItem.objects.bulk_create(
                [
                    EquipmentItem(
                        body=body,
                        person_id=pid,
                        asset_tag=f"PC{pid}",
                        kind="laptop",
                        handed_over_on=date(YEAR, rng.randint(1, 9), 1),
                    )
                    for pid in pids
                    if rng.random() < 0.35
                ],
                batch_size=5000,
            )
            unit_of = dict(Person.objects.filter(body=body).values_list("pk", "unit_id"))
            Objective.objects.bulk_create(
                [
                    Objective(
                        body=body,
                        code=f"O{pid}",
                        level="person",
                        unit_id=unit_of[pid],
                        owner_id=pid,
                        title="Obiettivo",
                        year=YEAR,
                        period="Y",
                        progress=Decimal(rng.choice(("0.4", "0.8", "1", "1.1"))),
                    )
                    for pid in pids
                    if rng.random() < 0.2
                ],
                batch_size=5000,
            )
            CommuteProfile.objects.bulk_create(
                [
                    CommuteProfile(
                        person_id=pid,
                        distance_km=Decimal(rng.randint(2, 45)),
                        minutes=rng.randint(10, 80),
                        mode=rng.choice(("car_petrol", "bus", "train", "bike")),
                    )
                    for pid in pids
                    if rng.random() < 0.8
                ],
                batch_size=5000,
            )
            survey = Survey.objects.create(body=body, title="WHO-5", instruments=["who5"])
            campaign = SurveyCampaign.objects.create(body=body, survey=survey, title="2026")
            wave = Wave.objects.create(
                campaign=campaign,
                kind="baseline",
                label="T0",
                opens_on=date(YEAR, 3, 1),
                closes_on=date(YEAR, 3, 31),
            )
            Response.objects.bulk_create(
                [
                    Response(
                        wave=wave,
                        smart_worker=False,
                        submitted_on=date(YEAR, 3, 10),
                        answers={f"who5_{k}": rng.randint(0, 5) for k in range(1, 6)},
                    )
                    for _ in range(per_body // 5)
                ],
                batch_size=5000,
            )
        rows = []
        for pid in pids:
            weekdays = agreements.get(pid, ())
            start = starts.get(pid)
            for day in days:
                if rng.random() < 0.04:
                    kind = "absent"
                elif start and day >= start and day.weekday() in weekdays:
                    kind = "remote"
                else:
                    kind = "office"
                rows.append((body.pk, pid, day, kind, "imported", now))
        with transaction.atomic():
            insert_rows(ActualDay._meta.db_table, COLUMNS, rows)
        rows_written += len(rows)
        if n % 5 == 4 or n == bodies - 1:
            say(
                f"  {n + 1} bodies, {rows_written:,} day records, "
                f"{time.perf_counter() - started:.0f} s"
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "day_records": rows_written,
        "generate_s": round(time.perf_counter() - started, 1),
        "body_ids": [b.pk for b in made],
        "network": network.slug,
    }


def naive(body_ids: list[int], limit: int | None) -> tuple[dict[str, float], int, float]:
    """The day-record indicators of the network, person by person through the ORM."""
    from agilepa.agreements.models import Agreement, EquipmentItem
    from agilepa.org.models import Person
    from agilepa.planning.models import ActualDay

    started = time.perf_counter()
    people = Person.objects.filter(body_id__in=body_ids).select_related("unit").order_by("pk")
    if limit:
        step = max(1, people.count() // limit)
        chosen = list(people.values_list("pk", flat=True))[::step][:limit]
        people = people.filter(pk__in=chosen)
    effective = potential = agreement_n = device = 0
    days = defaultdict(int)
    count = 0
    for person in people.iterator(chunk_size=2000):
        count += 1
        months: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for day, kind in ActualDay.objects.filter(person=person, date__year=YEAR).values_list(
            "date", "kind"
        ):
            months[day.month][kind] += 1
        held = Agreement.objects.filter(person=person, status="active").exists()
        devices = [e.handed_over_on for e in EquipmentItem.objects.filter(person=person)]
        for m in months.values():
            for kind, n in m.items():
                days[kind] += n
        agile_months = [k for k, m in months.items() if m["remote"]]
        if person.unit.code[:2] in {f"A{a}" for a in range(7)} or held or agile_months:
            potential += 1
            agreement_n += held
        if agile_months:
            effective += 1
            device += any(any(d and d.month <= k for d in devices) for k in agile_months)
    seconds = time.perf_counter() - started
    worked = days["office"] + days["remote"]
    return (
        {
            "IMP_AGILE_WORKERS": 100 * effective / potential if potential else None,
            "IMP_AGREEMENTS": 100 * agreement_n / potential if potential else None,
            "IMP_AGILE_DAYS": 100 * days["remote"] / worked if worked else None,
            "PERF_ABSENCE": 100 * days["absent"] / (worked + days["absent"]),
            "DIG_DEVICES": 100 * device / effective if effective else None,
        },
        count,
        seconds,
    )


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def child(database_url: str, people: int, bodies: int, naive_people: int | None) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("AGILEPA_INSECURE_DEV_KEY", "1")
    os.environ.setdefault("AGILEPA_PLAIN_STATIC", "1")  # the page without collectstatic
    # Plain HTTP in the process: without it the dashboard is answered with a redirect to HTTPS.
    os.environ.setdefault("AGILEPA_PLAIN_HTTP", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agilepa.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from agilepa.core.models import RoleAssignment, RoleKind, User
    from agilepa.indicators import engine, summary
    from agilepa.indicators.engine import Period, Scope
    from agilepa.org.models import Body

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    figures: dict[str, object]
    if Body.objects.exists():  # --sqlite-file of an earlier run: its network and summary
        from agilepa.indicators.models import PersonMonth
        from agilepa.planning.models import ActualDay

        say(f"  reusing the database (migrated in {time.perf_counter() - started:.0f} s)")
        body_ids = list(Body.objects.order_by("pk").values_list("pk", flat=True))
        figures = {"day_records": ActualDay.objects.count(), "generate_s": "(reused)"}
        figures["summary_rows"] = PersonMonth.objects.count()
        figures["summary_s"] = "(reused)"
    else:
        figures = generate(people, bodies, say)
        body_ids = figures.pop("body_ids")
        started = time.perf_counter()
        rows = sum(summary.refresh_year(b, YEAR, today=date(YEAR, 12, 31)) for b in body_ids)
        figures["summary_rows"] = rows
        figures["summary_s"] = round(time.perf_counter() - started, 1)
        say(f"  summary: {rows:,} person-months in {figures['summary_s']} s")

    period = Period(YEAR)
    network_scope = Scope(tuple(body_ids))
    figures["load_before"] = [round(x, 2) for x in os.getloadavg()]
    tracemalloc.start()
    figures["network_s"], values = timed(lambda: engine.compute(network_scope, period))
    figures["by_body_s"], _ = timed(lambda: engine.by_body(body_ids, period), repeat=2)
    figures["trend_s"], _ = timed(lambda: engine.by_month(network_scope, YEAR))
    figures["peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    tracemalloc.stop()

    body = Body.objects.get(pk=body_ids[1])
    user = User.objects.filter(email="hr@bench.example").first()
    if user is None:
        user = User.objects.create_user(email="hr@bench.example", password="x")
        RoleAssignment.objects.create(user=user, kind=RoleKind.HR_ADMIN, body=body)
    client = Client()
    client.force_login(user)
    with override_settings(ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS]):
        url = f"/b/{body.slug}/indicators/?period={YEAR}"
        assert client.get(url).status_code == 200
        figures["dashboard_s"], _ = timed(lambda: client.get(url), repeat=5)
        figures["body_compute_s"], _ = timed(
            lambda: engine.compute(Scope.body(body), period), repeat=5
        )

    figures["load_after"] = [round(x, 2) for x in os.getloadavg()]
    naive_values, counted, seconds = naive(body_ids, naive_people)
    total_people = people // bodies * bodies
    figures["naive_people"] = counted
    figures["naive_s"] = round(seconds, 1)
    figures["naive_full_s"] = round(seconds * total_people / counted, 1)
    if not naive_people:
        for code, expected in naive_values.items():
            got = values[code].value
            assert expected is not None and math.isclose(got, expected, rel_tol=1e-9), (
                code,
                got,
                expected,
            )
        figures["naive_equal"] = True
    figures["speedup"] = round(figures["naive_full_s"] / figures["network_s"], 1)
    figures["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    figures["values"] = {k: round(v.value, 3) for k, v in values.items() if v.value is not None}
    print(json.dumps(figures))


def run_child(url: str, args) -> dict[str, object]:
    command = [
        sys.executable,
        __file__,
        "--child",
        url,
        "--people",
        str(args.people),
        "--bodies",
        str(args.bodies),
    ]
    if args.naive_people:
        command += ["--naive-people", str(args.naive_people)]
    result = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"benchmark on {url} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def postgres_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{url}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def report(name: str, f: dict[str, object]) -> None:
    out = io.StringIO()
    print(
        f"\n{name}: {f['day_records']:,} day records generated in {f['generate_s']} s; "
        f"summary of {f['summary_rows']:,} person-months built in {f['summary_s']} s",
        file=out,
    )
    print(
        f"  full indicator set, network, year   {f['network_s'] * 1000:8.0f} ms   (target <= 2000)",
        file=out,
    )
    print(f"  every indicator of every body       {f['by_body_s'] * 1000:8.0f} ms", file=out)
    print(f"  monthly trend of the network        {f['trend_s'] * 1000:8.0f} ms", file=out)
    print(
        f"  HR dashboard page of one body       {f['dashboard_s'] * 1000:8.0f} ms"
        "   (target <= 300)",
        file=out,
    )
    print(f"  one body's indicator set            {f['body_compute_s'] * 1000:8.0f} ms", file=out)
    scaled = (
        ""
        if f["naive_people"] * 1.01 >= f.get("summary_rows", 0) / 12
        else (f" (measured on {f['naive_people']:,} people, scaled)")
    )
    print(
        f"  naive per-person ORM loop           {f['naive_full_s'] * 1000:8.0f} ms{scaled}",
        file=out,
    )
    print(f"  speed-up                            {f['speedup']:8.1f} x   (target >= 20)", file=out)
    print(f"  load average before / after timings {f['load_before']} / {f['load_after']}", file=out)
    print(f"  peak memory of the computations     {f['peak_mb']:8.1f} MB (tracemalloc)", file=out)
    print(f"  peak memory of the process          {f['max_rss_mb']:8.1f} MB (ru_maxrss)", file=out)
    if f.get("naive_equal"):
        print(
            "  naive loop and engine agree on every day-record indicator they both compute",
            file=out,
        )
    print(out.getvalue(), end="")
    print("  values:", json.dumps(f["values"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--bodies", type=int, default=40)
    parser.add_argument("--naive-people", type=int, default=None)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--sqlite-file", help="keep (or reuse) the SQLite database in this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.people, args.bodies, args.naive_people)
        return
    print(f"{args.people:,} people in {args.bodies} bodies, every working day of {YEAR}")
    if not args.skip_sqlite and args.sqlite_file:
        report("SQLite", run_child(f"sqlite:///{Path(args.sqlite_file).resolve()}", args))
    elif not args.skip_sqlite:
        with tempfile.TemporaryDirectory(prefix="agilepa-bench-") as tmp:
            report("SQLite", run_child(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args))
    if not args.skip_postgres:
        postgres_admin(args.postgres, f"DROP DATABASE IF EXISTS {DB}")
        postgres_admin(args.postgres, f"CREATE DATABASE {DB}")
        try:
            report("PostgreSQL", run_child(f"{args.postgres}/{DB}", args))
        finally:
            postgres_admin(args.postgres, f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    main()
