"""Benchmark of the legal checker, which the forms, the API, the daily run and the planner share.

    .venv/bin/python bench/legal_checker.py [--agreements 100000]

1. The pure rules (`rules.check_agreement`) over N generated agreements, half of them with
   violations: agreements checked per second, no database.
2. `services.check` (rules plus the database facts: the Regolamento in force, the unit's
   excluded activities, overlapping agreements) over every agreement of the demo network, in a
   fresh SQLite database: milliseconds per agreement.
3. `services.run_daily` over the demo network.
The figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def pure(n: int) -> None:
    from agilepa.agreements import rules

    regulation = rules.RegulationTerms(
        version=1,
        effective_from=date(2026, 1, 1),
        max_days_per_week=2,
        max_days_per_month=8,
        min_presence_percent=51,
        reachability=rules.Window(clock(9, 30), clock(13, 30)),
        disconnection=rules.Window(clock(20, 0), clock(7, 30)),
        allowed_places=frozenset({rules.Place.HOME, rules.Place.HUB}),
        notice_days=30,
        notice_days_disabled=90,
        max_duration_months=12,
        required_prerequisites=frozenset(),
    )
    base = rules.AgreementTerms(
        start=date(2026, 3, 2),
        end=None,
        pattern=rules.Pattern.FIXED_WEEKDAYS,
        weekdays=frozenset({0, 3}),
        monthly_quota=0,
        places=frozenset({rules.Place.HOME}),
        other_place="",
        reachability=rules.Window(clock(9, 30), clock(13, 30)),
        disconnection=rules.Window(clock(20, 0), clock(7, 30)),
        notice_days=30,
    )
    worker = rules.WorkerFacts(True, date(2010, 1, 1), None, 100, False)
    rng = random.Random(1)
    cases = [
        replace(
            base,
            weekdays=frozenset(rng.sample(range(5), rng.choice([1, 2, 3]))),
            disconnection=rules.Window(clock(rng.choice([19, 20, 21, 22]), 0), clock(7, 0)),
        )
        for _ in range(n)
    ]
    started = time.perf_counter()
    found = sum(len(rules.check_agreement(c, regulation, worker)) for c in cases)
    elapsed = time.perf_counter() - started
    print(
        f"rules.check_agreement: {n:,} agreements in {elapsed:.2f} s "
        f"({n / elapsed:,.0f}/s), {found:,} violations"
    )


def with_database() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", "--quiet")
    print(f"seed-demo (network, people and agreements): {time.perf_counter() - started:.1f} s")

    from agilepa.agreements import services
    from agilepa.agreements.models import Agreement

    agreements = list(Agreement.objects.select_related("person__unit", "regulation"))
    started = time.perf_counter()
    for agreement in agreements:
        services.check(agreement)
    elapsed = time.perf_counter() - started
    print(
        f"services.check: {len(agreements):,} demo agreements in {elapsed:.2f} s "
        f"({elapsed / len(agreements) * 1000:.2f} ms each)"
    )
    started = time.perf_counter()
    report = services.run_daily()
    print(f"services.run_daily: {time.perf_counter() - started:.2f} s ({report})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agreements", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agilepa.settings")
    os.environ.setdefault("AGILEPA_INSECURE_DEV_KEY", "1")
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["MEDIA_ROOT"] = tmp
        import django

        django.setup()
        pure(args.agreements)
        with_database()


if __name__ == "__main__":
    main()
