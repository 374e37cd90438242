"""Several hosts on this machine: network namespaces joined by a bridge, each a "host" with its
own address and host name, running Agile PA's production start as docs/operations.md
("Several hosts") deploys it.

    db      PostgreSQL 15, its own cluster (initdb) in a temporary folder
    web1…N  gunicorn (scripts/serve_production.sh web), a task worker and the periodic-job
            runner (scripts/serve_production.sh worker|scheduler)
    lb      HAProxy, health-checking each web host on /readyz
    client  where the requests come from

The bridge lives in a namespace of its own too: nothing is added to the machine's own network,
and only loopback and these namespaces are ever addressed. Everything is removed by `stop()`
(a run killed before it could stop leaves namespaces named `apaXXXX-HOST` and processes in
them: `ip netns pids NAME` lists those, `ip netns del NAME` removes the namespace).
Used by tests/cluster/test_several_hosts.py and bench/cluster.py. Needs root, `ip` (iproute2),
`unshare` and `runuser` (util-linux), HAProxy and PostgreSQL 15 from Debian.
"""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from tests.release import SHARED_STATIC_ROOT, release_lock

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "serve_production.sh"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
PORT = 8000
PASSWORD = "Passw0rd!Agile"  # a test account on a throwaway database
CLONE_NEWNET = 0x40000000
RELEASE_DIR = Path(os.environ.get("AGILEPA_DATA_DIR", ROOT / "var")) / "cluster-release"


def missing_requirements() -> str | None:
    """Why this machine cannot build the hosts, or None when it can."""
    if os.geteuid() != 0:
        return "needs root (network namespaces)"
    for tool in ("ip", "unshare", "runuser"):
        if not shutil.which(tool):
            return f"`{tool}` is missing"
    if not Path(HAPROXY).exists():
        return "HAProxy is missing: make install (Debian package haproxy)"
    if not (PG_BIN / "postgres").exists():
        return f"PostgreSQL 15 is missing ({PG_BIN})"
    probe = f"apa-probe-{secrets.token_hex(3)}"
    made = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True)
    if made.returncode != 0:
        return f"cannot make a network namespace: {made.stderr.strip()}"
    subprocess.run(["ip", "netns", "del", probe], capture_output=True)
    return None


def sh(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {result.stdout}{result.stderr}")
    return result


def enter_namespace(name: str) -> None:
    """Move the calling thread (only it) into network namespace `name`: the sockets it opens
    afterwards are there. For the client threads of the test and the benchmark."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(f"/var/run/netns/{name}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns {name}")
    finally:
        os.close(fd)


SEED = """
import json
from datetime import date, timedelta
from agilepa.core.models import ApiToken, RoleKind, User, hash_token
from agilepa.org.models import Membership, MembershipStatus, Person
from agilepa.spaces.models import Hub, Seat, Sharing
from tests.factories import BodyFactory, NetworkFactory, PersonFactory, UserFactory, grant
from tests.factories import make_tax_code, make_unit

body = BodyFactory(name="Comune dei Nodi", ipa_code="c_nodi", slug="c_nodi")
root = make_unit(body, "ENTE", "Comune dei Nodi")
hr = UserFactory(email="personale@nodi.example.it", password=PASSWORD)
PersonFactory(body=body, unit=root, user=hr, email=hr.email)
grant(hr, RoleKind.HR_ADMIN, body=body)
network = NetworkFactory(coordinator=body, name="Rete dei Nodi", slug="rete-nodi")
Membership.objects.create(
    network=network, body=body, applied_on="2026-01-10", status=MembershipStatus.ACTIVE
)
theme = network.tables.get(slug="disciplina-regolamenti")
hub = Hub.objects.create(
    body=body, name="Hub dei Nodi", address="Via Roma 1", municipality="Bologna",
    sharing=Sharing.INTERNAL, opening_weekdays=[], book_ahead_days=60,
)
Seat.objects.bulk_create([Seat(hub=hub, code=f"P{n:03d}") for n in range(SEATS)])
users = User.objects.bulk_create(
    [User(email=f"p{n}@nodi.example.it", password="!") for n in range(PEOPLE)], batch_size=2000
)
Person.objects.bulk_create(
    [
        Person(body=body, unit=root, employee_number=f"{n:06d}", first_name="Nome",
               last_name=f"Cognome{n}", tax_code=make_tax_code(n), user=user)
        for n, user in enumerate(users)
    ],
    batch_size=2000,
)
tokens = [f"apa_nodi_{n}" for n in range(PEOPLE)]
ApiToken.objects.bulk_create(
    [ApiToken(user=u, name="cluster", token_hash=hash_token(t), hint=t[:10])
     for u, t in zip(users, tokens)],
    batch_size=2000,
)
days = [(date.today() + timedelta(days=7 + n)).isoformat() for n in range(DAYS)]
print("SEEDED " + json.dumps({"slug": body.slug, "hub": hub.pk, "theme": theme.pk,
      "tokens": tokens, "days": days, "email": hr.email}))
"""


class Cluster:
    """The hosts, their processes, and how to stop them all."""

    def __init__(
        self,
        web_hosts: int = 2,
        *,
        gunicorn_workers: int = 2,
        people: int = 200,
        seats: int = 20,
        days: int = 1,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.tag = secrets.token_hex(2)
        self.subnet = f"10.{200 + int(self.tag[0], 16)}.{int(self.tag[1:], 16) % 250}"
        self.web = [f"web{n}" for n in range(1, web_hosts + 1)]
        self.hosts = ["db", *self.web, "lb", "client"]
        self.ip = {host: f"{self.subnet}.{10 + n}" for n, host in enumerate(self.hosts)}
        self.switch = self.ns("switch")
        self.workdir = Path(tempfile.mkdtemp(prefix="agilepa-cluster-"))
        self.workdir.chmod(0o755)
        self.log = self.workdir / "processes.log"
        self.processes: dict[str, list[subprocess.Popen[bytes]]] = {}
        self.seed_args = {"PEOPLE": people, "SEATS": seats, "DAYS": days}
        self.seeded: dict[str, Any] = {}
        self.gunicorn_workers = gunicorn_workers
        self.database_url = f"postgres://postgres@{self.ip['db']}:5432/agilepa"
        self.extra_env = extra_env or {}
        self.made_namespaces: list[str] = []

    # -- names and addresses ------------------------------------------------------------------
    def ns(self, host: str) -> str:
        return f"apa{self.tag}-{host}"

    def url(self, host: str) -> str:
        return f"http://{self.ip[host]}:{80 if host == 'lb' else PORT}"

    # -- network --------------------------------------------------------------------------------
    def build_network(self) -> None:
        for name in (self.switch, *(self.ns(h) for h in self.hosts)):
            sh("ip", "netns", "add", name)
            self.made_namespaces.append(name)
            sh("ip", "-n", name, "link", "set", "lo", "up")
        sh("ip", "-n", self.switch, "link", "add", "br0", "type", "bridge")
        sh("ip", "-n", self.switch, "link", "set", "br0", "up")
        for host in self.hosts:
            port = f"v-{host}"
            sh(
                "ip",
                "-n",
                self.switch,
                "link",
                "add",
                port,
                "type",
                "veth",
                "peer",
                "name",
                "eth0",
                "netns",
                self.ns(host),
            )
            sh("ip", "-n", self.switch, "link", "set", port, "master", "br0", "up")
            sh("ip", "-n", self.ns(host), "addr", "add", f"{self.ip[host]}/24", "dev", "eth0")
            sh("ip", "-n", self.ns(host), "link", "set", "eth0", "up")

    def cut(self, host: str) -> None:
        """Unplug a host from the bridge, as a host that died or lost its network."""
        sh("ip", "-n", self.switch, "link", "set", f"v-{host}", "down")

    # -- processes ------------------------------------------------------------------------------
    def app_env(self, host: str) -> dict[str, str]:
        return {
            "PATH": os.environ["PATH"],
            "HOME": "/root",
            "LANG": "C.UTF-8",
            "VENV": str(Path(sys.executable).parent.parent),
            "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}",
            "SECRET_KEY": self.secret_key,
            "DATABASE_URL": self.database_url,
            "ALLOWED_HOSTS": ",".join(self.ip[h] for h in ("lb", *self.web)),
            # The static files are part of the release every host installs: one folder, shared
            # with the production-start test (tests/release.py), kept between runs (the release
            # step skips collecting them again when the sources did not change). The uploads
            # are not: each host has its own MEDIA_ROOT, which must stay empty.
            "AGILEPA_DATA_DIR": str(RELEASE_DIR),
            "STATIC_ROOT": str(SHARED_STATIC_ROOT),
            "MEDIA_ROOT": str(self.workdir / host / "media"),
            "AGILEPA_FILE_STORAGE": "database",
            "AGILEPA_PLAIN_HTTP": "1",
            "BIND": f"{self.ip[host]}:{PORT}",
            "WEB_CONCURRENCY": str(self.gunicorn_workers),
            "FORWARDED_ALLOW_IPS": self.ip["lb"],
            "DB_CONN_MAX_AGE": "600",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "WORKER_HEARTBEAT_SECONDS": "1",
            "WORKER_STALE_SECONDS": "5",
            "AGILEPA_SECOND_FACTOR_REQUIRED": "0",
            "LOG_LEVEL": "WARNING",
            **self.extra_env,
        }

    def on_host(self, host: str, argv: list[str]) -> list[str]:
        """`argv` run on `host`: in its network namespace, under its own host name."""
        return [
            "ip",
            "netns",
            "exec",
            self.ns(host),
            "unshare",
            "--uts",
            "sh",
            "-c",
            f'hostname {host} && exec "$@"',
            "sh",
            *argv,
        ]

    def start(self, host: str, argv: list[str], env: dict[str, str] | None = None) -> None:
        with self.log.open("a") as log:
            process = subprocess.Popen(
                self.on_host(host, argv),
                env=env if env is not None else self.app_env(host),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.setdefault(host, []).append(process)

    def run(self, host: str, argv: list[str], timeout: float = 300) -> str:
        result = subprocess.run(
            self.on_host(host, argv),
            env=self.app_env(host),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{argv} on {host}: {result.stdout[-3000:]}{result.stderr[-3000:]}")
        return result.stdout

    def kill(self, host: str) -> None:
        """Every process of the host killed at once (SIGKILL), then its cable cut."""
        for process in self.processes.pop(host, []):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        self.cut(host)

    def psql(self, sql: str) -> list[list[str]]:
        out = sh(
            "ip",
            "netns",
            "exec",
            self.ns("db"),
            str(PG_BIN / "psql"),
            self.database_url,
            "-AtF",
            "\t",
            "-c",
            sql,
        ).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    # -- the deployment -------------------------------------------------------------------------
    def start_postgres(self) -> None:
        data = self.workdir / "pgdata"
        data.mkdir()
        shutil.chown(data, "postgres", "postgres")
        sh(
            "runuser",
            "-u",
            "postgres",
            "--",
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
        )
        with (data / "pg_hba.conf").open("a") as hba:
            hba.write(f"host all all {self.subnet}.0/24 trust\n")
        # A test database on a throwaway cluster: durability traded for speed.
        self.start(
            "db",
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(PG_BIN / "postgres"),
                "-D",
                str(data),
                "-c",
                f"listen_addresses={self.ip['db']}",
                "-c",
                f"unix_socket_directories={data}",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=200",
            ],
            env={"PATH": os.environ["PATH"]},
        )
        admin = f"postgres://postgres@{self.ip['db']}:5432/postgres"
        self.wait(
            lambda: (
                sh(
                    "ip",
                    "netns",
                    "exec",
                    self.ns("db"),
                    str(PG_BIN / "pg_isready"),
                    "-d",
                    admin,
                    check=False,
                ).returncode
                == 0
            ),
            30,
            "PostgreSQL accepting connections",
        )
        sh(
            "ip",
            "netns",
            "exec",
            self.ns("db"),
            str(PG_BIN / "psql"),
            admin,
            "-qc",
            "CREATE DATABASE agilepa",
        )

    def release_and_seed(self) -> None:
        """The release step once (web1), then a body, an HR admin, a hub and its people."""
        python = str(Path(sys.executable))
        with release_lock():
            self.run(self.web[0], [str(SCRIPT), "release"])
        constants = "".join(f"{k} = {v!r}\n" for k, v in self.seed_args.items())
        code = f"PASSWORD = {PASSWORD!r}\n{constants}{SEED}"
        out = self.run(self.web[0], [python, "-m", "agilepa", "shell", "-c", code])
        line = next(x for x in out.splitlines() if x.startswith("SEEDED "))
        self.seeded = json.loads(line.removeprefix("SEEDED "))

    def start_web_host(self, host: str, roles: tuple[str, ...] = ("web", "worker", "scheduler")):
        for role in roles:
            self.start(host, [str(SCRIPT), role])

    def start_haproxy(self, hosts: list[str]) -> None:
        servers = "\n".join(
            f"  server {h} {self.ip[h]}:{PORT} check inter 500 fall 2 rise 2" for h in hosts
        )
        config = self.workdir / "haproxy.cfg"
        config.write_text(
            f"""global
  maxconn 4096
  stats socket {self.workdir / "haproxy.sock"} level admin
defaults
  mode http
  option http-server-close
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  retries 2
  option redispatch
frontend site
  bind {self.ip["lb"]}:80
  default_backend web
backend web
  balance roundrobin
  option httpchk
  http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host {self.ip["lb"]}
  http-check expect status 200
{servers}
"""
        )
        self.start("lb", [HAPROXY, "-db", "-f", str(config)], env={"PATH": os.environ["PATH"]})

    def up(self) -> None:
        """Everything, in order; waits until HAProxy sees every web host ready."""
        self.secret_key = secrets.token_urlsafe(50)
        self.build_network()
        self.start_postgres()
        started = time.monotonic()
        self.release_and_seed()
        self.timings = {"release_and_seed": time.monotonic() - started}
        for host in self.web:
            self.start_web_host(host)
        self.start_haproxy(self.web)
        self.wait(lambda: self.backends_up() == len(self.web), 90, "every web host ready")
        self.timings["up"] = time.monotonic() - started

    def backends_up(self) -> int:
        """How many web hosts HAProxy sees up (its health checks of /readyz)."""
        sock = self.workdir / "haproxy.sock"
        if not sock.exists():
            return 0
        with socket.socket(socket.AF_UNIX) as stats:
            stats.connect(str(sock))
            stats.sendall(b"show stat\n")
            data = b""
            while chunk := stats.recv(65536):
                data += chunk
        rows = [line.split(",") for line in data.decode().splitlines()[1:] if line]
        return sum(
            1 for r in rows if len(r) > 17 and r[0] == "web" and r[1] in self.web and r[17] == "UP"
        )

    def wait(self, condition: Callable[[], bool], seconds: float, what: str) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.25)
        tail = self.log.read_text()[-5000:] if self.log.exists() else ""
        raise TimeoutError(f"{what}: not within {seconds:.0f} s; log:\n{tail}")

    def stop(self) -> None:
        """Every process, namespace and file made; safe to call twice or after a failed start."""
        for processes in self.processes.values():
            for process in processes:
                if process.poll() is None:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
        for processes in self.processes.values():
            for process in processes:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=10)
        self.processes.clear()
        for name in reversed(self.made_namespaces):
            sh("ip", "netns", "del", name, check=False)
        self.made_namespaces.clear()
        shutil.rmtree(self.workdir, ignore_errors=True)


class Client:
    """A minimal HTTP client with its own cookies, for one base URL at a time (sessions are
    shared by the hosts: the same cookies work on each). Keeps its connection alive."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.connections: dict[str, http.client.HTTPConnection] = {}

    def request(
        self,
        base: str,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 10,
    ) -> tuple[int, dict[str, str], bytes]:
        host = base.removeprefix("http://")
        all_headers = dict(headers or {})
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            connection = self.connections.get(host)
            if connection is None:
                connection = http.client.HTTPConnection(host, timeout=timeout)
                self.connections[host] = connection
            try:
                connection.request(method, path, body=body, headers=all_headers)
                response = connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A kept connection the server closed meanwhile: once more on a new one
                # (nothing was processed).
                connection.close()
                del self.connections[host]
                if attempt == 2:
                    raise
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            del self.connections[host]
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(value)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response.status, dict(response.headers.items()), data

    def close(self) -> None:
        for connection in self.connections.values():
            connection.close()
        self.connections.clear()

    def form(
        self,
        base: str,
        path: str,
        fields: dict[str, str],
        files: dict[str, tuple[str, bytes]] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """POST a form as a browser does: with the CSRF token of the cookie, multipart when
        there are files."""
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        boundary = uuid.uuid4().hex
        parts: list[bytes] = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, data) in (files or {}).items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                + data
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            base,
            "POST",
            path,
            b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )

    def login(self, base: str, email: str, password: str) -> int:
        self.request(base, "GET", "/account/login/")
        status, _headers, _body = self.form(
            base, "/account/login/", {"username": email, "password": password}
        )
        return status


def book(client: Client, base: str, slug: str, hub: int, token: str, day: str) -> tuple[int, bytes]:
    status, _headers, body = client.request(
        base,
        "POST",
        f"/api/v1/bodies/{slug}/hubs/{hub}/bookings",
        json.dumps({"date": day}).encode(),
        {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    return status, body
