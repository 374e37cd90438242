"""Every page and every GET API route, as each demo role, on the full demo network (issue 22).

    .venv/bin/python bench/routes.py [--postgres postgres://postgres@127.0.0.1:5432/agilepa_bench_routes]
        [--skip-sqlite] [--roles hr,manager,...] [--repeat 5] [--only PATTERN] [--scale 1.0]

For each database (SQLite: a file in var/bench-routes/; PostgreSQL with --postgres: the database
the URL names, created when missing), in its own process, it migrates and seeds the demo when it
is not there (`python -m agilepa seed-demo --scale S`, full scale by default), then walks, inside
the process with Django's test Client (DEBUG off, throttles off, plain HTTP):

- every page of the URL conf (`/admin/` for the platform admin only), and
- every GET route of the API's OpenAPI document (/api/v1/openapi.json),

filling path parameters from the demo's ids (Comune di Bologna, its first records of each kind;
a route whose parameter has no value is listed as skipped), as each demo role (the logins
`seed-demo` prints), in a process started as a gunicorn worker is (`agilepa.wsgi`: the URL
conf loaded, then `gc.freeze()`). Each route is requested `--repeat` times after one warm-up
request (twice when the warm-up took over 5 s); the server time is the request's time
in-process, the query count is CaptureQueriesContext's.
It prints per route and role p50/p95/max and queries, the slowest twenty, and the routes over
budget (p95 > 300 ms or max > 1 s). Figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

BUDGET_P95 = 0.300
BUDGET_MAX = 1.0
BODY = "c_a944"  # Comune di Bologna, 5,200 people
# The demo logins (src/agilepa/demo/org.py, printed by `seed-demo`).
ROLES = {
    "admin": "admin@agilepa.demo",
    "hr": "personale@comune-bologna.demo",
    "manager": "dirigente@comune-bologna.demo",
    "employee": "dipendente@comune-bologna.demo",
    "observer": "cug@comune-bologna.demo",
    "coordinator": "coordinamento@regione-er.demo",
}
ENV = {
    "DEBUG": "0",
    "AGILEPA_INSECURE_DEV_KEY": "1",
    "AGILEPA_PLAIN_HTTP": "1",
    "AGILEPA_PLAIN_STATIC": "1",  # no collectstatic needed; templates render the same
    "ALLOWED_HOSTS": "testserver",
    "THROTTLE_ENABLED": "0",
    "DJANGO_SETTINGS_MODULE": "agilepa.settings",
}


@dataclass
class Measure:
    role: str
    route: str
    status: int
    times: list[float]
    queries: int

    def pct(self, q: float) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        return self.pct(0.95)

    @property
    def max(self) -> float:
        return max(self.times)

    @property
    def over(self) -> bool:
        return self.p95 > BUDGET_P95 or self.max > BUDGET_MAX


# -- in the child process: the database is set up, the routes walked ---------------------------


def ids() -> dict[str, str]:
    """A value for each path parameter, from the demo's records of Comune di Bologna."""
    from django.apps import apps
    from django.core.exceptions import FieldError
    from django.utils import timezone

    from agilepa.org.models import Body, Network, Person

    body = Body.objects.get(slug=BODY)
    network = Network.objects.order_by("pk").first()
    employee = Person.objects.filter(user__email=ROLES["employee"]).first()
    year = timezone.localdate().year
    values = {
        "body": body.slug,
        "network": network.slug if network else "",
        "person_id": str(employee.pk) if employee else "",
        "year": str(year),
        "assessment_year": str(year),
        "day": timezone.localdate().isoformat(),
        "scope_kind": "body",
        "scope_slug": body.slug,
        "fmt": "csv",
    }

    def first(label: str, **filters: object) -> str:
        """The latest record of the model (Bologna's when the filter applies)."""
        records = apps.get_model(label).objects.order_by("-pk").values_list("pk", flat=True)
        try:
            found = records.filter(**filters).first()
        except FieldError:  # a filter the model does not have
            found = None
        if found is None:
            found = records.first()
        return "" if found is None else str(found)

    mine = {"body": body}
    sources = {
        "agreement_id": ("agreements.Agreement", mine),
        "regulation_id": ("agreements.Regulation", mine),
        "communication_id": ("agreements.MinistryCommunication", mine),
        "item_id": ("agreements.EquipmentItem", mine),
        "plan_id": ("planning.MonthPlan", mine),
        "request_id": ("planning.ChangeRequest", {"person__body": body}),
        "event_id": ("events.Event", {"organiser": body}),
        "survey_campaign_id": ("surveys.SurveyCampaign", mine),
        "wave_id": ("surveys.Wave", {"campaign__body": body}),
        "material_id": ("community.Material", {}),
        "public_material_id": ("community.Material", {}),
        "table_id": ("community.Table", {}),
        "network_table_id": ("community.Table", {}),
        "meeting_id": ("community.Meeting", {}),
        "network_meeting_id": ("community.Meeting", {}),
        "award_call_id": ("awards.AwardCall", {}),
        "network_call_id": ("awards.AwardCall", {}),
        "jury_call_id": ("awards.AwardCall", {}),
        "jury_application_id": ("awards.Application", {}),
        "hub_id": ("spaces.Hub", mine),
        "room_id": ("spaces.Room", {"hub__body": body}),
        "seat_id": ("spaces.Seat", {"hub__body": body}),
        "booking_id": ("spaces.Booking", {"person": employee}),
        "room_booking_id": ("spaces.RoomBooking", {"hub__body": body}),
        "objective_id": ("objectives.Objective", mine),
        "campaign_id": ("measurement.Campaign", {}),
        "unit_id": ("org.OrgUnit", mine),
        "membership_id": ("org.Membership", {"network": network}),
        "batch_id": ("org.ImportBatch", mine),
    }
    for name, (label, filters) in sources.items():
        values[name] = first(label, **filters)
    from agilepa.awards.models import AwardCall

    call = AwardCall.objects.order_by("-pk").first()
    values["award_slug"] = getattr(call, "slug", "") if call else ""
    return {k: v for k, v in values.items() if v}


def pages() -> list[str]:
    """Every route of the URL conf, as written (`<int:pk>` and all)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                found.append(prefix + str(p.pattern))

    walk(get_resolver().url_patterns, "/")
    # The API is walked from its OpenAPI document, with its query parameters.
    return [r for r in found if not r.startswith("/api/") and not r.startswith("/^")]


def api_routes(client) -> list[str]:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email=ROLES["admin"]))
    schema = client.get("/api/v1/openapi.json").json()
    # The document's paths carry the API's prefix (/api/v1/...).
    return [path for path, ops in schema["paths"].items() if "get" in ops]


def fill(route: str, values: dict[str, str]) -> tuple[str | None, str]:
    """The route with its parameters filled in, or None and the first one without a value."""
    route = route.replace("^", "").replace("$", "")
    missing = ""

    def one(match: re.Match) -> str:
        nonlocal missing
        name = match.group(1)
        if name not in values:
            missing = missing or name
            return ""
        return values[name]

    path = re.sub(r"<(?:\w+:)?(\w+)>", one, route)
    path = re.sub(r"{(\w+)}", one, path)
    if missing or re.search(r"[()\\?*+\[]", path):
        return None, missing or "a regular expression"
    return path, ""


def walk(roles: list[str], repeat: int, only: str | None) -> list[Measure]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    values = ids()
    client = Client()
    routes = [("page", r) for r in pages()] + [("api", r) for r in api_routes(client)]
    skipped: dict[str, int] = {}
    measures = []
    for role in roles:
        user = get_user_model().objects.get(email=ROLES[role])
        client = Client()
        client.force_login(user)
        for _kind, route in routes:
            if only and not re.search(only, route):
                continue
            if route.startswith("/admin/") and role != "admin":
                continue
            if "logout" in route:
                continue
            path, missing = fill(route, values)
            if path is None:
                skipped[missing] = skipped.get(missing, 0) + 1
                continue
            started = time.perf_counter()
            client.get(path)  # warm-up: templates, caches
            warm_up = time.perf_counter() - started
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                times = [time.perf_counter() - started]
            status, count = response.status_code, len(queries)
            # A route five times over the worst case allowed is measured twice, not N times.
            for _ in range(0 if warm_up > 5 * BUDGET_MAX else repeat - 1):
                started = time.perf_counter()
                client.get(path)
                times.append(time.perf_counter() - started)
            measures.append(Measure(role, route, status, times, count))
            client.force_login(user)  # a route that logged out or switched body
    if skipped:
        counts = ", ".join(f"{name} ({n})" for name, n in sorted(skipped.items()))
        print(f"skipped routes, by the parameter without a demo id: {counts}")
    return measures


def report(label: str, measures: list[Measure]) -> None:
    print(f"\n== {label}: {len(measures)} routes and roles ==")
    print(f"{'role':<12}{'status':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}  route")
    for m in sorted(measures, key=lambda m: (m.route, m.role)):
        print(
            f"{m.role:<12}{m.status:>7}{m.p50 * 1000:>9.1f}{m.p95 * 1000:>9.1f}"
            f"{m.max * 1000:>9.1f}{m.queries:>9}  {m.route}"
        )
    print(f"\n-- {label}: the slowest twenty (by p95) --")
    for m in sorted(measures, key=lambda m: -m.p95)[:20]:
        print(
            f"{m.role:<12}{m.status:>7}{m.p50 * 1000:>9.1f}{m.p95 * 1000:>9.1f}"
            f"{m.max * 1000:>9.1f}{m.queries:>9}  {m.route}"
        )
    over = [m for m in measures if m.over]
    print(f"\n-- {label}: over budget (p95 > 300 ms or max > 1 s): {len(over)} --")
    for m in sorted(over, key=lambda m: -m.p95):
        print(f"{m.role:<12}{m.p95 * 1000:>9.1f}{m.max * 1000:>9.1f}  {m.route}")
    errors = [m for m in measures if m.status >= 500]
    print(f"-- {label}: server errors: {len(errors)} --")
    for m in errors:
        print(f"{m.role:<12}{m.status:>7}  {m.route}")


def child(args: argparse.Namespace) -> None:
    import logging

    import agilepa.wsgi  # noqa: F401 - a web worker's start: Django, the URL conf, gc.freeze()

    # The 403s and 404s a role meets on another role's routes are expected: not logged.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    logging.getLogger("django.security").setLevel(logging.CRITICAL)
    from django.core.management import call_command

    from agilepa.demo import seed

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not seed.demo_present():
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "agilepa", "seed-demo", "--quiet", "--scale", str(args.scale)],
            check=True,
            env=os.environ,
        )
        print(f"seeded the demo (scale {args.scale}) in {time.monotonic() - started:.0f} s")
    roles = args.roles.split(",") if args.roles else list(ROLES)
    measures = walk(roles, args.repeat, args.only)
    report(args.label, measures)


# -- the parent: one child per database -------------------------------------------------------


def ensure_postgres(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", help="a PostgreSQL database URL (created when missing)")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--roles", help=f"comma-separated, of: {','.join(ROLES)} (default all)")
    parser.add_argument("--repeat", type=int, default=5, help="requests per route (default 5)")
    parser.add_argument("--only", help="a regular expression the route must match")
    parser.add_argument("--scale", type=float, default=1.0, help="the demo's scale if seeded")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--label", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    forwarded = [a for a in sys.argv[1:] if a != "--skip-sqlite"]
    runs = []
    if not args.skip_sqlite:
        data = ROOT / "var" / "bench-routes"
        data.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        runs.append(("SQLite", {**env, **ENV, "AGILEPA_DATA_DIR": str(data)}))
    if args.postgres:
        ensure_postgres(args.postgres)
        runs.append(("PostgreSQL", {**os.environ, **ENV, "DATABASE_URL": args.postgres}))
    for label, env in runs:
        env["PYTHONPATH"] = f"{ROOT / 'src'}{os.pathsep}{ROOT}"
        subprocess.run(
            [sys.executable, __file__, *forwarded, "--child", "--label", label], env=env, check=True
        )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
