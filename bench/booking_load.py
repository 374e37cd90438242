"""Benchmark of the booking API under load: gunicorn on loopback, PostgreSQL, wrk.

    .venv/bin/python bench/booking_load.py [--seconds 15] [--workers 3] [--seats 20]
        [--people 10000] [--postgres postgres://postgres@127.0.0.1:5432]

Creates a database `agilepa_bench_booking` (dropped at the end), a body with a hub of N seats
and P people, each with an API token; serves the app with gunicorn on 127.0.0.1; then, with
wrk (12 connections, bounded in time), measures in the same run:
1. `/healthz`, a trivial Django view served the same way (the baseline);
2. the availability of the hub (`GET …/hubs/{id}/availability`);
3. booking (`POST …/hubs/{id}/bookings`), each request from another person for the same day:
   the first N get a seat, the others are waitlisted (409).
Afterwards it counts the live bookings and the slots per seat: overbooking must be zero.
Target: ≥ 500 requests/s with p99 ≤ 100 ms on this 2-core machine. Figures go in
bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
PORT = 8765


def setup_data(seats: int, people: int) -> tuple[str, int, list[str], str]:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from agilepa.core.models import ApiToken, User
    from agilepa.org.models import Body, Person
    from agilepa.org.services import create_unit
    from agilepa.spaces.models import Hub, Seat, Sharing

    body = Body.objects.create(
        name="Comune di Prova",
        ipa_code="c_z999",
        slug="c_z999",
        kind="comune",
        municipality="Bologna",
    )
    root = create_unit(body, code="ENTE", name="Comune di Prova")
    hub = Hub.objects.create(
        body=body,
        name="Hub di prova",
        address="Via Roma 1",
        municipality="Bologna",
        sharing=Sharing.INTERNAL,
        opening_weekdays=[],
        book_ahead_days=60,
    )
    Seat.objects.bulk_create([Seat(hub=hub, code=f"P{n:03d}") for n in range(seats)])
    users = User.objects.bulk_create(
        [User(email=f"p{n}@prova.it", password="!") for n in range(people)], batch_size=2000
    )
    from tests.factories import make_tax_code

    Person.objects.bulk_create(
        [
            Person(
                body=body,
                unit=root,
                employee_number=f"{n:06d}",
                first_name="Nome",
                last_name=f"Cognome{n}",
                tax_code=make_tax_code(n),
                user=user,
            )
            for n, user in enumerate(users)
        ]
    )
    from agilepa.core.models import hash_token

    tokens = [f"apa_bench_{n}" for n in range(people)]
    ApiToken.objects.bulk_create(
        [
            ApiToken(user=user, name="bench", token_hash=hash_token(token), hint=token[:10])
            for user, token in zip(users, tokens, strict=True)
        ],
        batch_size=2000,
    )
    return body.slug, hub.pk, tokens, not_a_holiday(date.today() + timedelta(days=7)).isoformat()


def not_a_holiday(day: date) -> date:
    """`day`, or the next day that is not a national holiday (the hub is closed on those)."""
    from agilepa.planning.calendar import national_holidays

    while day in national_holidays(day.year):
        day += timedelta(days=1)
    return day


WRK_LINE = re.compile(r"Requests/sec:\s+([\d.]+)")
LATENCY = re.compile(r"^\s+99%\s+([\d.]+)(us|ms|s)", re.M)
STATUS = re.compile(r"Non-2xx or 3xx responses: (\d+)")
UNEXPECTED = re.compile(r"^unexpected statuses: (\d+)$", re.M)


def expecting(*statuses: int) -> str:
    """Lua that counts, over wrk's threads, the answers whose status is none of `statuses`
    (a redirect or an error would otherwise pass for a served request)."""
    allowed = " or ".join(f"status == {n}" for n in statuses)
    return (
        "local threads = {}\n"
        "setup = function(thread) thread:set('k', #threads); table.insert(threads, thread) end\n"
        "unexpected = 0\n"
        f"response = function(status) if not ({allowed}) then"
        " unexpected = unexpected + 1 end end\n"
        "done = function()\n"
        "  local n = 0\n"
        "  for _, t in ipairs(threads) do n = n + t:get('unexpected') end\n"
        "  io.write('unexpected statuses: ' .. n .. '\\n')\n"
        "end\n"
    )


def wrk(url: str, seconds: int, script: str | None = None) -> dict[str, float]:
    command = ["wrk", "-t2", "-c12", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        command += ["-s", script]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(WRK_LINE.search(out).group(1))
    value, unit = LATENCY.search(out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    non_2xx = int(STATUS.search(out).group(1)) if STATUS.search(out) else 0
    unexpected = UNEXPECTED.search(out)
    if unexpected is None or int(unexpected.group(1)):
        sys.exit(f"{url}: answers with an unexpected status\n{out}")
    return {"rps": rate, "p99_ms": p99, "non_2xx": non_2xx}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seats", type=int, default=20)
    # Enough people that each asks once in the run (about 400 bookings a second).
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--worker-class", default="sync", help="gunicorn's: sync or gthread")
    parser.add_argument("--threads", type=int, default=1, help="per gthread worker")
    parser.add_argument("--repeat", type=int, default=1, help="booking runs, a day each")
    parser.add_argument("--booking-only", action="store_true", help="skip the other routes")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: make install (Debian package wrk)")
    database = "agilepa_bench_booking"
    subprocess.run(
        ["psql", f"{args.postgres}/postgres", "-qc", f"DROP DATABASE IF EXISTS {database}"],
        check=True,
    )
    subprocess.run(
        ["psql", f"{args.postgres}/postgres", "-qc", f"CREATE DATABASE {database}"], check=True
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"{args.postgres}/{database}",
        "DJANGO_SETTINGS_MODULE": "agilepa.settings",
        "AGILEPA_INSECURE_DEV_KEY": "1",
        # Plain HTTP on loopback: without it every request but /healthz is answered with a
        # redirect to HTTPS, and wrk would count the redirects as served requests.
        "AGILEPA_PLAIN_HTTP": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DB_CONN_MAX_AGE": "600",
        "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    slug, hub_id, tokens, day = setup_data(args.seats, args.people)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "agilepa.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(args.workers),
            "-k",
            args.worker_class,
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        base = f"http://127.0.0.1:{PORT}"
        api = f"/api/v1/bodies/{slug}/hubs/{hub_id}"
        token_list = "local tokens = {" + ",".join(f'"{t}"' for t in tokens) + "}\n"
        with tempfile.TemporaryDirectory() as tmp:
            healthz_script = Path(tmp, "healthz.lua")
            healthz_script.write_text(expecting(200))
            get_script = Path(tmp, "get.lua")
            get_script.write_text(
                expecting(200) + f'wrk.headers["Authorization"] = "Bearer {tokens[0]}"\n'
            )

            def post_script(day: str) -> str:
                # Each wrk thread has its own Lua state: thread k takes every other token from
                # k, so each person asks once for the day.
                path = Path(tmp, f"post-{day}.lua")
                path.write_text(
                    expecting(201, 409) + token_list + "local n = 0\n"
                    "request = function()\n"
                    "  local t = tokens[(k + 2 * n) % #tokens + 1]\n"
                    "  n = n + 1\n"
                    "  return wrk.format('POST', nil, {['Authorization'] = 'Bearer ' .. t,"
                    " ['Content-Type'] = 'application/json'},"
                    f" '{json.dumps({'date': day})}')\n"
                    "end\n"
                )
                return str(path)

            # A day's realistic mix: four availability reads for each booking, each booking by
            # another person, for the next day (its seats fresh).
            next_day = not_a_holiday(date.fromisoformat(day) + timedelta(days=1)).isoformat()
            mixed_script = Path(tmp, "mixed.lua")
            mixed_script.write_text(
                expecting(200, 201, 409) + token_list + "local n = 0\n"
                "request = function()\n"
                "  n = n + 1\n"
                "  local t = tokens[(k + 2 * n) % #tokens + 1]\n"
                "  local auth = {['Authorization'] = 'Bearer ' .. t,"
                " ['Content-Type'] = 'application/json'}\n"
                "  if n % 5 == 0 then\n"
                f"    return wrk.format('POST', '{api}/bookings', auth,"
                f" '{json.dumps({'date': next_day})}')\n"
                "  end\n"
                f"  return wrk.format('GET', '{api}/availability', auth)\n"
                "end\n"
            )
            results = {}
            if not args.booking_only:
                results["trivial view (/healthz)"] = wrk(
                    f"{base}/healthz", args.seconds, str(healthz_script)
                )
                results["availability (GET)"] = wrk(
                    f"{base}{api}/availability", args.seconds, str(get_script)
                )
            # Each repeated booking run is for a day of its own (after the mixed run's), its
            # seats fresh.
            for n in range(args.repeat):
                run_day = (
                    day
                    if n == 0
                    else not_a_holiday(date.fromisoformat(day) + timedelta(days=1 + n))
                )
                label = "booking (POST, one person each)" + (f" #{n + 1}" if n else "")
                results[label] = wrk(
                    f"{base}{api}/bookings", args.seconds, post_script(str(run_day))
                )
            if not args.booking_only:
                results["mixed (4 GET : 1 POST)"] = wrk(base, args.seconds, str(mixed_script))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    from django.db.models import Count

    from agilepa.spaces.models import Booking, Slot

    live_by_day = dict(
        Booking.objects.filter(hub_id=hub_id, status__in=["booked", "checked_in"])
        .values_list("date")
        .annotate(n=Count("pk"))
    )
    live = sum(live_by_day.values())
    per_slot = Slot.objects.filter(seat__hub_id=hub_id).values("seat", "date", "half").count()
    distinct = (
        Slot.objects.filter(seat__hub_id=hub_id).values("seat", "date", "half").distinct().count()
    )
    baseline = results.get("trivial view (/healthz)", {}).get("rps")
    print(
        f"gunicorn {args.workers} {args.worker_class} workers"
        + (f" of {args.threads} threads" if args.worker_class == "gthread" else "")
        + f", wrk 2 threads x 12 connections, {args.seconds} s each"
    )
    for name, r in results.items():
        print(
            f"{name:34} {r['rps']:8.0f} req/s  p99 {r['p99_ms']:6.1f} ms  "
            f"non-2xx {r['non_2xx']:6d}"
            + (f"  ({r['rps'] / baseline:.0%} of the trivial view)" if baseline else "")
        )
    fine = all(n <= args.seats for n in live_by_day.values()) and per_slot == distinct
    print(
        f"seats {args.seats}, live bookings {live} over {len(live_by_day)} days "
        f"({', '.join(str(n) for n in live_by_day.values())}), slots {per_slot} "
        f"(distinct {distinct}): overbooking {'NONE' if fine else 'FOUND'}"
    )
    from django.db import connections

    connections.close_all()
    subprocess.run(
        ["psql", f"{args.postgres}/postgres", "-qc", f"DROP DATABASE IF EXISTS {database}"],
        check=False,
    )


if __name__ == "__main__":
    main()
