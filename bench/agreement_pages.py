"""HR's two lists of agreements that were an N+1 (issue 22): the agreements across a change of
contract and the requests to decide, as the demo HR admin of the Comune di Bologna.

    .venv/bin/python bench/agreement_pages.py [--requests 5]

Runs on the database the environment names (DATABASE_URL, else the SQLite file in
AGILEPA_DATA_DIR), which must hold the demo (`python -m agilepa seed-demo`). Inside the process,
with Django's test Client (DEBUG off, plain HTTP), it requests each page once to warm up, then
`--requests` times, and prints p50/p95/max of the server time and the number of queries of
the last request (an executemany counted as one). Figures go in bench/README.md ("Every route
within budget"); the budget is p95 300 ms, max 1 s. Each request to the inbox writes an audit
entry a row (the reads of the priority categories), as it does for a real reader.
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

HR = "personale@comune-bologna.demo"
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
    parser.add_argument("--requests", type=int, default=5)
    args = parser.parse_args()
    for key, value in ENV.items():
        os.environ.setdefault(key, value)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(email=HR))
    pages = {
        "contract-change": f"/b/{BODY}/agreements/contract-change/",
        "inbox": f"/b/{BODY}/agreements/inbox/",
    }
    statements = 0

    def count(execute, sql, params, many, context):  # Django's execute_wrapper
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    print(f"{connection.vendor}, {args.requests} requests each, after one warm-up")
    print(f"{'page':<16}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}{'rows':>7}")
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(args.requests):
            statements = 0
            with connection.execute_wrapper(count):
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, url
        rows = response.content.decode().count("<tr") - 1  # less the header
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(
            f"{name:<16}{statistics.median(times) * 1000:>9.1f}{p95 * 1000:>9.1f}"
            f"{times[-1] * 1000:>9.1f}{statements:>9}{rows:>7}"
        )


if __name__ == "__main__":
    main()
