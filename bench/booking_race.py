"""The booking race at full size: 2,000 attempts, 32 at a time, for 20 seats of one hub.

    .venv/bin/python bench/booking_race.py [--attempts 2000] [--postgres URL]

Runs the suite's race test (tests/spaces/test_booking_race_server.py: a live server on loopback,
one API token per person, every attempt a POST of the same day) with RACE_ATTEMPTS set, on
SQLite and, with --postgres, on PostgreSQL too (the test database is created and dropped by
pytest-django). The test asserts exactly as many bookings as seats and every other answer a 409
"full, you are on the waitlist"; this prints the time each run took. The suite runs it with 200.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST = "tests/spaces/test_booking_race_server.py"


def run(attempts: int, database_url: str | None) -> float:
    env = {**os.environ, "RACE_ATTEMPTS": str(attempts)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    command = [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", TEST]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=2000)
    parser.add_argument("--postgres", help="e.g. postgres://postgres@127.0.0.1:5432/agilepa")
    args = parser.parse_args()
    figures = {"SQLite": run(args.attempts, None)}
    if args.postgres:
        figures["PostgreSQL"] = run(args.attempts, args.postgres)
    for name, seconds in figures.items():
        print(f"{name}: {args.attempts} attempts, every seat booked once, in {seconds:.1f} s")


if __name__ == "__main__":
    main()
