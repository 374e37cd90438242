"""Timing pages inside the process, as one demo login, for the page benchmarks
(bench/week_page.py, bench/agreement_pages.py).

Runs on the database the environment names (DATABASE_URL, else the SQLite file in
AGILEPA_DATA_DIR), which must hold the demo (`python -m agilepa seed-demo`), with Django's test
Client (DEBUG off, plain HTTP): each page once to warm up, then `requests` times; it prints
p50/p95/max of the server time, the statements of the last request (an executemany counted as
one; Django's execute hook, which unlike CaptureQueriesContext has no 9,000-query cap) and,
when asked, the table rows of the page.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

BODY = "c_a944"  # Comune di Bologna, the demo's large body
ENV = {
    "DEBUG": "0",
    "AGILEPA_INSECURE_DEV_KEY": "1",
    "AGILEPA_PLAIN_HTTP": "1",
    "AGILEPA_PLAIN_STATIC": "1",
    "ALLOWED_HOSTS": "testserver",
    "THROTTLE_ENABLED": "0",
    "DJANGO_SETTINGS_MODULE": "agilepa.settings",
}


def setup() -> None:
    """Django, set up for the benchmark (the environment's own values win)."""
    for key, value in ENV.items():
        os.environ.setdefault(key, value)
    import django

    django.setup()


def time_pages(email: str, pages: dict[str, str], requests: int, rows: bool = False) -> None:
    """Request each of `pages` (name: URL) as the user of `email`, and print the figures."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    statements = 0

    def count(execute, sql, params, many, context):  # Django's execute_wrapper
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    width = max(len(name) for name in pages) + 2
    print(f"{connection.vendor}, {requests} requests each, after one warm-up")
    print(
        f"{'page':<{width}}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}"
        + (f"{'rows':>7}" if rows else "")
    )
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(requests):
            statements = 0
            with connection.execute_wrapper(count):
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, url
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        table_rows = response.content.decode().count("<tr") - 1  # less the header
        print(
            f"{name:<{width}}{statistics.median(times) * 1000:>9.1f}{p95 * 1000:>9.1f}"
            f"{times[-1] * 1000:>9.1f}{statements:>9}" + (f"{table_rows:>7}" if rows else "")
        )
