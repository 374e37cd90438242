"""Agile PA past one machine: PostgreSQL on its own host, two web hosts each running the
production start (gunicorn, a task worker, the periodic-job runner), HAProxy in front, the
client on a fifth host; all in network namespaces made here (tests/cluster/hosts.py).

One run checks what several hosts need: a login through the balancer holds on every host
(sessions in the database); a file uploaded through one host downloads through the other
(uploads in the database); the login throttle counts across hosts; seats booked at once through
both hosts are never overbooked nor doubled; the periodic jobs ran once per slot though two
runners are up, and a worker and a runner beat on each host; when a web host dies, requests keep
being served. Everything is torn down, whatever happens.

Skipped, saying why, without root, `ip`, HAProxy or PostgreSQL 15 (Debian packages), and in the
SQLite half of the suite. About a minute on a quiet machine (the release step's migrations
take most of it; the static files are collected once and kept in var/release-static, shared
with the production-start test: tests/release.py).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pytest

from tests.cluster.hosts import (
    PASSWORD,
    Client,
    Cluster,
    book,
    enter_namespace,
    missing_requirements,
)

pytestmark = pytest.mark.cluster

WHY = missing_requirements()

PEOPLE, SEATS = 120, 20
DOCUMENT = b"Regolamento del lavoro agile, articolo unico.\n" * 50


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if WHY:
        pytest.skip(f"several hosts on this machine: {WHY}")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # Its PostgreSQL is its own: once per suite is enough, with the PostgreSQL half.
        pytest.skip("several hosts run on PostgreSQL: `make test-postgres` runs them")
    hosts = Cluster(
        2,
        people=PEOPLE,
        seats=SEATS,
        # Low enough to see the throttle count across the hosts (3 logins an hour per account).
        extra_env={"THROTTLE_LOGIN_ACCOUNT": "3/h"},
    )
    try:
        hosts.up()
        yield hosts
    finally:
        hosts.stop()


@pytest.fixture(scope="module")
def client_side(cluster: Cluster) -> Iterator[ThreadPoolExecutor]:
    """Threads in the client's namespace: what they open is addressed from the client host."""
    with ThreadPoolExecutor(8, initializer=partial(enter_namespace, cluster.ns("client"))) as pool:
        yield pool


def test_several_hosts_serve_as_one_site(cluster: Cluster, client_side: ThreadPoolExecutor):
    lb, web1, web2 = cluster.url("lb"), cluster.url("web1"), cluster.url("web2")
    seeded = cluster.seeded
    slug = seeded["slug"]

    # Logged in through the balancer, the session holds on each host.
    hr = Client()
    assert client_side.submit(hr.login, lb, seeded["email"], PASSWORD).result() == 302
    for base in (web1, web2, lb):
        status, _h, _b = client_side.submit(hr.request, base, "GET", f"/b/{slug}/library/").result()
        assert status == 200, base

    # Uploaded through web1, downloaded through web2; no host keeps it on its own disk.
    status, headers, body = client_side.submit(
        hr.form,
        web1,
        f"/b/{slug}/library/new/",
        {
            "theme": str(seeded["theme"]),
            "title": "Regolamento tipo",
            "summary": "Il modello della rete",
            "kind": "regulation",
            "licence": "cc-by-4.0",
            "visibility": "network",
        },
        {"file": ("regolamento.txt", DOCUMENT)},
    ).result()
    assert status == 302, body[-2000:]
    material = re.search(r"/library/(\d+)/$", headers["Location"]).group(1)
    status, _h, downloaded = client_side.submit(
        hr.request, web2, "GET", f"/b/{slug}/library/{material}/v1/download/"
    ).result()
    assert (status, downloaded) == (200, DOCUMENT)
    assert cluster.psql("SELECT count(*) FROM core_storedblob") == [["1"]]
    assert not any((cluster.workdir / h / "media").exists() for h in cluster.web)

    # The login throttle counts on every host: two wrong passwords on each, the fourth refused.
    def wrong_login(base: str) -> int:
        return Client().login(base, "nessuno@nodi.example.it", "wrong")

    statuses = [client_side.submit(wrong_login, b).result() for b in (web1, web2, web1, web2)]
    assert statuses == [422, 422, 422, 429], statuses

    # Seats booked at once through both hosts (and the balancer): never more than the seats,
    # nobody twice.
    day = seeded["days"][0]
    bases = [web1, web2, lb]

    def book_one(n: int) -> int:
        return book(Client(), bases[n % 3], slug, seeded["hub"], seeded["tokens"][n], day)[0]

    answers = list(client_side.map(book_one, range(60)))
    assert answers.count(201) == SEATS and answers.count(409) == 60 - SEATS, answers
    assert cluster.psql(
        "SELECT count(*), count(DISTINCT person_id), count(DISTINCT seat_id) FROM spaces_booking"
    ) == [[str(SEATS)] * 3]

    # Two periodic-job runners, one run per job and slot; a worker and a runner on each host.
    runs = cluster.psql("SELECT job, slot, count(*), min(host) FROM core_jobrun GROUP BY 1, 2")
    assert runs, "no periodic job ran"
    assert all(count == "1" for _job, _slot, count, _host in runs), runs
    beating = cluster.psql("SELECT kind, host FROM core_processheartbeat ORDER BY 1, 2")
    assert sorted(map(tuple, beating)) == [
        ("scheduler", "web1"),
        ("scheduler", "web2"),
        ("worker", "web1"),
        ("worker", "web2"),
    ], beating

    # web2 dies (every process killed, its cable cut): the balancer keeps serving.
    def get_lb(path: str) -> int:
        try:
            return Client().request(lb, "GET", path, timeout=5)[0]
        except OSError:
            return 0

    assert set(client_side.map(get_lb, ["/healthz"] * 8)) == {200}
    cluster.kill("web2")
    after = list(client_side.map(get_lb, ["/healthz"] * 30))
    # HAProxy notices within a second (checks every 0.5 s, down after two); a request it had
    # sent to web2 just before may fail: the others are served.
    assert after.count(200) >= 28, after
    status, _h, body = client_side.submit(
        hr.request,
        lb,
        "GET",
        f"/api/v1/bodies/{slug}/hubs/{seeded['hub']}/availability",
        None,
        {"Authorization": f"Bearer {seeded['tokens'][0]}"},
    ).result()
    assert status == 200 and json.loads(body)[0]["date"]
