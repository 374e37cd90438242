"""The production start, as an operator runs it, on a fresh PostgreSQL database.

DEBUG off, SECRET_KEY and ALLOWED_HOSTS set, the manifest static storage, gunicorn, the task
worker and the periodic-job runner, each started the way the systemd units start them
(scripts/serve_production.sh release|web|worker|scheduler), in a temporary data folder. Then, in
chromium, a demo-like HR admin logs in and opens one page of every app and one file of every
vendored library: any 5xx, console error or missing static file fails. Then what keeps it up:
the database's connections are cut (as a PostgreSQL restart does) and the next request still
succeeds; the worker is killed and /readyz fails, then passes again when a worker is back; and
the all-in-one start stops everything when one of its processes dies, for systemd to restart.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.release import SHARED_STATIC_ROOT, release_lock

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "serve_production.sh"
PYTHON = Path(sys.executable)

# One page of every app, for an HR admin of the body (`{body}` is its slug).
PAGES = [
    "org:body",
    "org:people",
    "agreements:list",
    "planning:plans",
    "spaces:hubs",
    "objectives:body",
    "measurement:body",
    "surveys:campaigns",
    "indicators:dashboard",
    "events:list",
    "maturity:overview",
    "community:library",
    "awards:calls",
]
# A page that does not exist: the 404 page, in the site's look.
MISSING = "/b/c_prod/no-such-page/"
# One file of every vendored library, by its name before hashing.
VENDORED = [
    "vendor/bootstrap-italia/css/bootstrap-italia.min.css",
    "vendor/bootstrap-italia/js/bootstrap-italia.bundle.min.js",
    "vendor/bootstrap-italia/svg/sprites.svg",
    "vendor/htmx/htmx.min.js",
    "vendor/chartjs/chart.umd.min.js",
]

SEED = """
from agilepa.core.models import RoleKind
from tests.factories import BodyFactory, PersonFactory, UserFactory, grant, make_unit
body = BodyFactory(name="Comune di Produzione", ipa_code="c_prod", slug="c_prod")
root = make_unit(body, "ENTE", "Comune di Produzione")
user = UserFactory(email="personale@produzione.example.it")
PersonFactory(body=body, unit=root, user=user, email=user.email)
grant(user, RoleKind.HR_ADMIN, body=body)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition: Callable[[], bool], seconds: float, what: str, log: Path) -> None:
    """Poll `condition` until it holds; fail with the processes' log when it does not."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    pytest.fail(f"{what} not within {seconds:.0f} s; log:\n{log.read_text()[-5000:]}")


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return 0, b""


@pytest.fixture(scope="module")
def fresh_database() -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("the production start runs on PostgreSQL: `make test-postgres` runs it")
    name = f"agilepa_prod_{secrets.token_hex(4)}"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


class Site:
    """The production processes of one host, started as the systemd units start them."""

    def __init__(self, database_url: str, data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self.log = data_dir / "processes.log"
        self.env = {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", "/root"),
            "LANG": "C.UTF-8",
            "VENV": str(PYTHON.parent.parent),
            "PYTHONPATH": str(ROOT),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": "127.0.0.1",
            "AGILEPA_DATA_DIR": str(data_dir),
            "STATIC_ROOT": str(SHARED_STATIC_ROOT),
            "BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "2",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "WORKER_HEARTBEAT_SECONDS": "1",
            "WORKER_STALE_SECONDS": "5",
            # The HR admin below logs in by the form; the second factor has its own tests
            # (tests/identity/).
            "AGILEPA_SECOND_FACTOR_REQUIRED": "0",
        }
        self.processes: dict[str, subprocess.Popen] = {}

    def run(self, *args: str, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            args, env={**self.env, **extra}, capture_output=True, text=True, timeout=300
        )

    def start(self, role: str) -> subprocess.Popen:
        with self.log.open("a") as log:
            process = subprocess.Popen(
                [str(SCRIPT), role],
                env={**self.env, "AGILEPA_PLAIN_HTTP": "1"},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes[role] = process
        return process

    def readyz(self) -> tuple[int, dict]:
        status, body = get(self.url + "/readyz")
        return status, json.loads(body) if body.startswith(b"{") else {}

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def released(fresh_database: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release step (migrations, static files, translations) on the fresh database, and a
    demo-like body with an HR admin; once for the module. Returns the data folder."""
    data_dir = tmp_path_factory.mktemp("production")
    site = Site(fresh_database, data_dir)
    deploy = site.run(str(PYTHON), "-m", "agilepa", "check", "--deploy")
    assert deploy.returncode == 0, deploy.stderr
    assert "no issues" in deploy.stdout + deploy.stderr, deploy.stdout + deploy.stderr
    with release_lock():
        release = site.run(str(SCRIPT), "release")
    assert release.returncode == 0, release.stdout + release.stderr
    seeded = site.run(str(PYTHON), "-m", "agilepa", "shell", "-c", SEED)
    assert seeded.returncode == 0, seeded.stderr
    return data_dir


@pytest.fixture
def site(fresh_database: str, released: Path) -> Iterator[Site]:
    site = Site(fresh_database, released)
    yield site
    site.stop()


def test_the_production_start_serves_every_app_and_stays_up(site: Site, browser) -> None:
    for role in ("web", "worker", "scheduler"):
        site.start(role)
    wait_for(lambda: site.readyz()[0] == 200, 90, "/readyz answering 200", site.log)
    assert get(site.url + "/healthz") == (200, b"ok")

    problems: list[str] = []
    context = browser.new_context(base_url=site.url, locale="it-IT")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on(
        "console",
        lambda m: (
            problems.append(f"console {m.type}: {m.text} at {m.location['url']} ({page.url})")
            if m.type == "error" and not m.location["url"].endswith(MISSING)
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith(MISSING)
            else None
        ),
    )
    # A request the browser itself cancels because the page moved on (the favicon of a page
    # left at once) fails with ERR_ABORTED: no answer of the server's, whose errors show above.
    page.on(
        "requestfailed",
        lambda r: (
            problems.append(f"failed {r.url}: {r.failure}")
            if "ERR_ABORTED" not in (r.failure or "")
            else None
        ),
    )

    page.goto("/account/login/")
    page.locator("input[name=username]").fill("personale@produzione.example.it")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/b/c_prod/"))
    for name in PAGES:
        url = reverse(name, kwargs={"body": "c_prod"})
        response = page.goto(url)
        assert response is not None and response.status == 200, (url, response and response.status)
        page.wait_for_load_state("networkidle")
    response = page.goto(MISSING)
    assert response is not None and response.status == 404
    assert "404" in page.locator("main").inner_text()
    manifest = json.loads((Path(site.env["STATIC_ROOT"]) / "staticfiles.json").read_text())
    for name in VENDORED:
        hashed = manifest["paths"][name]
        assert hashed != name
        response = page.goto(f"/static/{hashed}")
        assert response is not None and response.status == 200, name
    assert problems == [], "\n".join(problems)

    # A PostgreSQL restart cuts every connection the site keeps; the next request reconnects.
    admin = site.database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        cut = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s",
            [site.database_url.rsplit("/", 1)[1]],
        ).fetchone()[0]
    assert cut > 0
    response = page.goto(reverse("org:people", kwargs={"body": "c_prod"}))
    assert response is not None and response.status == 200
    assert problems == [], "\n".join(problems)
    context.close()

    # A dead worker makes /readyz fail within WORKER_STALE_SECONDS (45 s by default) and its
    # tasks are taken back by the next worker; /readyz passes again once one beats.
    worker = site.processes["worker"]
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    wait_for(lambda: site.readyz()[0] == 503, 30, "/readyz failing without a worker", site.log)
    _status, report = site.readyz()
    assert report["checks"]["worker"]["ok"] is False
    assert report["checks"]["database"]["ok"] is True
    site.start("worker")
    wait_for(lambda: site.readyz()[0] == 200, 60, "/readyz passing with a new worker", site.log)


def test_the_all_in_one_start_stops_everything_when_a_process_dies(site: Site) -> None:
    everything = site.start("all")
    wait_for(lambda: site.readyz()[0] == 200, 120, "/readyz answering 200", site.log)
    _status, report = site.readyz()
    assert set(report["checks"]) >= {"database", "migrations", "static", "worker", "scheduler"}
    listing = subprocess.run(
        ["pgrep", "-s", str(everything.pid), "-f", "agilepa worker"],
        capture_output=True,
        text=True,
    )
    worker_pids = [int(pid) for pid in listing.stdout.split()]
    assert worker_pids, listing
    os.kill(worker_pids[0], signal.SIGKILL)
    assert everything.wait(timeout=60) == 1
    assert "a process stopped" in site.log.read_text()
    wait_for(lambda: get(site.url + "/healthz")[0] == 0, 30, "the web server stopping", site.log)
