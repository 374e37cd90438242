"""The person's week and month pages (issue 23), as the demo employee of the Comune di Bologna.

    .venv/bin/python bench/week_page.py [--requests 20] [--month 2026-12]

Runs on the database the environment names (DATABASE_URL, else the SQLite file in
AGILEPA_DATA_DIR), which must hold the demo (`python -m agilepa seed-demo`). Inside the process,
with Django's test Client (DEBUG off, plain HTTP), it requests each page once to warm up, then
`--requests` times, and prints p50/p95/max of the server time and the number of queries.
Figures go in bench/README.md; the budget is 300 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

EMPLOYEE = "dipendente@comune-bologna.demo"
BODY = "c_a944"  # Comune di Bologna
ENV = {
    "DEBUG": "0",
    "AGILEPA_INSECURE_DEV_KEY": "1",
    "AGILEPA_PLAIN_HTTP": "1",
    "AGILEPA_PLAIN_STATIC": "1",
    "ALLOWED_HOSTS": "testserver",
    "THROTTLE_ENABLED": "0",
    "DJANGO_SETTINGS_MODULE": "agilepa.settings",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--month", default="", help="YYYY-MM (the current month by default)")
    args = parser.parse_args()
    for key, value in ENV.items():
        os.environ.setdefault(key, value)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    today = timezone.localdate()
    year, month = (
        (int(x) for x in args.month.split("-")) if args.month else (today.year, today.month)
    )
    client = Client()
    client.force_login(get_user_model().objects.get(email=EMPLOYEE))
    pages = {
        "my month": f"/b/{BODY}/my-month/?year={year}&month={month}",
        "my week": f"/b/{BODY}/my-week/?date={year}-{month:02d}-01",
    }
    print(f"{connection.vendor}, {args.requests} requests each, after one warm-up")
    print(f"{'page':<10}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}")
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(args.requests):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, url
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(
            f"{name:<10}{statistics.median(times) * 1000:>9.1f}{p95 * 1000:>9.1f}"
            f"{times[-1] * 1000:>9.1f}{len(queries):>9}"
        )


if __name__ == "__main__":
    main()
