"""Several hosts under load, and one of them dying: the cluster of tests/cluster/hosts.py
(PostgreSQL on its own host, web hosts each with gunicorn, a worker and the periodic-job runner,
HAProxy in front), driven from a client host of its own.

    sudo .venv/bin/python bench/cluster.py [--seconds 20] [--threads 12] [--workers 2]

The load is a day's mix: four availability reads for each booking, each booking by another
person, spread over a few days with a few seats each (most are waitlisted, as on a busy day).
Two runs on the same hosts:
1. one web host (HAProxy sends nothing to the second: `disable server`);
2. two web hosts, and halfway through the second dies (every process killed, its cable cut).
The client retries a request that failed on the way (502/503/504, connection reset); a booking
retried after its first attempt did commit answers "you already have a seat", which the client
counts as booked. Afterwards the bookings the client was told of are compared with those in the
database: none lost, none doubled, no seat given twice. Figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.cluster.hosts import Client, Cluster, book, missing_requirements  # noqa: E402

RETRIED = {0, 502, 503, 504}


def drive(
    base: str, seeded: dict, seconds: float, threads: int, first: int, kill_after: float | None
) -> dict:
    """The load, from the calling process (run in the client's namespace): `threads` clients
    for `seconds`, people numbered from `first`. Prints, at `kill_after` seconds, the line
    KILL for the orchestrator."""
    slug, hub, tokens, days = seeded["slug"], seeded["hub"], seeded["tokens"], seeded["days"]
    lock = threading.Lock()
    state = {"next": first}
    counts: Counter[str] = Counter()
    booked: list[tuple[int, str]] = []
    done_at: list[tuple[float, int]] = []
    start = time.monotonic()
    stop_at = start + seconds

    def attempt(call) -> int:  # type: ignore[no-untyped-def]
        """The call, retried while it failed on the way; counts the failures."""
        for tries in range(20):
            try:
                status = call()
            except OSError:
                status = 0
            if status not in RETRIED:
                if tries:
                    counts["retried_ok"] += 1
                return status
            counts["errors"] += 1
            counts[f"error_{status}"] += 1
            time.sleep(0.1)
        return -1

    def worker() -> None:
        client = Client()
        reader = Client()
        while time.monotonic() < stop_at:
            with lock:
                n = state["next"]
                state["next"] += 1
            token, day = tokens[n % len(tokens)], days[n % len(days)]
            first_try = [True]

            def booking(token: str = token, day: str = day, first_try: list[bool] = first_try):
                status, _body = book(client, base, slug, hub, token, day)
                if status == 422 and not first_try[0] and has_booking(client, token, day):
                    return 201  # the attempt that failed on the way had booked
                first_try[0] = False
                return status

            status = attempt(booking)
            counts[f"booking_{status}"] += 1
            if status == 201:
                with lock:
                    booked.append((n % len(tokens), day))
            for _ in range(4):
                status = attempt(
                    lambda token=token: reader.request(
                        base,
                        "GET",
                        f"/api/v1/bodies/{slug}/hubs/{hub}/availability",
                        None,
                        {"Authorization": f"Bearer {token}"},
                        5,
                    )[0]
                )
                counts[f"read_{status}"] += 1
            with lock:
                done_at.append((time.monotonic() - start, 5))

    def has_booking(client: Client, token: str, day: str) -> bool:
        """Whether the person holds a seat that day (asked after a retried booking is refused:
        the first attempt, whose answer was lost, may have booked)."""
        status, _headers, body = client.request(
            base, "GET", f"/api/v1/bodies/{slug}/bookings", None,
            {"Authorization": f"Bearer {token}"},
        )  # fmt: skip
        return status == 200 and any(b["date"] == day for b in json.loads(body))

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    if kill_after is not None:
        time.sleep(kill_after)
        print("KILL", flush=True)
    for thread in pool:
        thread.join()
    elapsed = time.monotonic() - start
    half = seconds / 2
    before = sum(k for t, k in done_at if t < half)
    after = sum(k for t, k in done_at if t >= half)
    return {
        "seconds": round(elapsed, 1),
        "requests": sum(k for _t, k in done_at),
        "rps": round(sum(k for _t, k in done_at) / elapsed, 1),
        "rps_first_half": round(before / half, 1),
        "rps_second_half": round(after / (elapsed - half), 1),
        "counts": dict(counts),
        "booked": booked,
        "next": state["next"],
    }


def run_phase(cluster: Cluster, seconds: float, threads: int, first: int, kill: str | None) -> dict:
    """The driver in the client's namespace; kills `kill` when it says KILL."""
    argv = ["ip", "netns", "exec", cluster.ns("client"), sys.executable, __file__, "--drive"]
    plan = {
        "base": cluster.url("lb"),
        "seeded": cluster.seeded,
        "seconds": seconds,
        "threads": threads,
        "first": first,
        "kill_after": seconds / 2 if kill else None,
    }
    process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(json.dumps(plan))
    process.stdin.close()
    result: dict = {}
    for line in process.stdout:
        if line.strip() == "KILL" and kill:
            cluster.kill(kill)
            result["killed_at"] = seconds / 2
        elif line.startswith("{"):
            result.update(json.loads(line))
    process.wait()
    return result


def haproxy(cluster: Cluster, command: str) -> None:
    import socket

    with socket.socket(socket.AF_UNIX) as stats:
        stats.connect(str(cluster.workdir / "haproxy.sock"))
        stats.sendall(command.encode() + b"\n")
        stats.recv(4096)


def check_bookings(cluster: Cluster, booked: list[tuple[int, str]], seats: int) -> dict:
    rows = cluster.psql(
        "SELECT u.email, b.date FROM spaces_booking b JOIN org_person p ON p.id = b.person_id "
        "JOIN core_user u ON u.id = p.user_id WHERE b.status = 'booked'"
    )
    in_db = Counter((int(email.split("@")[0][1:]), day) for email, day in rows)
    told = Counter((person, day) for person, day in booked)
    per_seat = cluster.psql(
        "SELECT count(*) FROM (SELECT seat_id, date FROM spaces_booking WHERE status = 'booked' "
        "GROUP BY 1, 2 HAVING count(*) > 1) d"
    )
    days: Counter[str] = Counter()
    for (_person, day), n in in_db.items():
        days[day] += n
    return {
        "bookings_in_database": sum(in_db.values()),
        "bookings_told_to_clients": sum(told.values()),
        "lost": sum((told - in_db).values()),
        "unknown_to_client": sum((in_db - told).values()),
        "doubled": sum(1 for v in in_db.values() if v > 1),
        "seats_given_twice": int(per_seat[0][0]),
        "over_capacity_days": sum(1 for n in days.values() if n > seats),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--threads", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per web host")
    parser.add_argument("--people", type=int, default=6000)
    parser.add_argument("--seats", type=int, default=40)
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--drive", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        print(json.dumps(drive(**json.load(sys.stdin))), flush=True)
        return
    why = missing_requirements()
    if why:
        sys.exit(f"bench/cluster.py: {why}")
    cluster = Cluster(
        2, gunicorn_workers=args.workers, people=args.people, seats=args.seats, days=args.days
    )
    try:
        print("building the hosts (release, seed, start)…", flush=True)
        cluster.up()
        print(f"up in {cluster.timings['up']:.0f} s", flush=True)
        haproxy(cluster, "disable server web/web2")
        one = run_phase(cluster, args.seconds, args.threads, 0, None)
        haproxy(cluster, "enable server web/web2")
        cluster.wait(lambda: cluster.backends_up() == 2, 30, "web2 back in the balancer")
        two = run_phase(cluster, args.seconds, args.threads, one["next"], "web2")
        for phase in (one, two):
            print(json.dumps({k: v for k, v in phase.items() if k != "booked"}), flush=True)
        check = check_bookings(cluster, one["booked"] + two["booked"], args.seats)
    finally:
        cluster.stop()
    for name, phase in (("one web host", one), ("two web hosts, web2 killed halfway", two)):
        counts = phase["counts"]
        print(
            f"{name}: {phase['requests']} requests in {phase['seconds']} s, {phase['rps']} req/s "
            f"(first half {phase['rps_first_half']}, second half {phase['rps_second_half']})"
        )
        print(f"  answers and errors: {json.dumps(dict(sorted(counts.items())))}")
    print("bookings:", json.dumps(check))
    failed = check["lost"] or check["doubled"] or check["seats_given_twice"]
    failed = failed or check["unknown_to_client"] or check["over_capacity_days"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
