"""Open data by opt-in (issue 16): a body's named figures are published only if its HR chose
to; the others are counted in the network's totals only, and a total is withheld when it would
give away one or two unnamed bodies by subtraction."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import date

import pytest
from django.test import Client

from agilepa.indicators import summary
from agilepa.indicators.models import OpenDataOptIn
from tests.conftest import once_per_module
from tests.factories import UserFactory, grant
from tests.indicators import network

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world_once(django_db_setup, django_db_blocker) -> Iterator[network.Generated]:
    """The network, built once for the module: each test runs in its own savepoint."""
    yield from once_per_module(django_db_blocker, build)


@pytest.fixture
def world(db, world_once) -> network.Generated:
    return copy.deepcopy(world_once)


def build() -> network.Generated:
    g = network.build(seed=5, bodies=4, people=8, months=2)
    for body in g.bodies:
        summary.refresh_year(body.pk, 2026, today=date(2026, 2, 28))
    g.hr = UserFactory()
    from agilepa.core.models import RoleKind

    grant(g.hr, RoleKind.HR_ADMIN, body=g.bodies[1])
    return g


def _network_file(g) -> list[dict]:
    url = f"/open-data/indicators/network/{g.network.slug}/2026.json"
    return json.loads(Client().get(url).content)["data"]


def test_a_body_that_did_not_opt_in_has_no_file_and_no_named_row(world) -> None:
    body = world.bodies[1]
    assert Client().get(f"/open-data/indicators/body/{body.slug}/2026.csv").status_code == 404
    api = f"/api/v1/open-data/indicators/body/{body.slug}/2026?format=json"
    assert Client().get(api).status_code == 404
    rows = _network_file(world)
    assert not [r for r in rows if r["scope"] == "body"]
    assert {r["body_name"] for r in rows} == {world.network.name}
    assert all(b.name not in json.dumps(rows) for b in world.bodies)


def test_hr_opts_in_from_the_benchmark_page_and_the_figures_are_named(world) -> None:
    c = Client()
    c.force_login(world.hr)
    body = world.bodies[1]
    page = f"/b/{body.slug}/indicators/benchmark/"
    assert c.post(page + "open-data/", {"published": "1"}).status_code == 302
    assert OpenDataOptIn.objects.filter(body=body).exists()
    assert Client().get(f"/open-data/indicators/body/{body.slug}/2026.csv").status_code == 200
    named = {r["body_ipa_code"] for r in _network_file(world) if r["scope"] == "body"}
    assert named == {body.ipa_code}
    assert c.post(page + "open-data/", {"published": "0"}).status_code == 302
    assert Client().get(f"/open-data/indicators/body/{body.slug}/2026.csv").status_code == 404


def test_an_observer_may_not_opt_the_body_in(world) -> None:
    from agilepa.core.models import RoleKind

    observer = UserFactory()
    grant(observer, RoleKind.OBSERVER, body=world.bodies[1])
    c = Client()
    c.force_login(observer)
    c.post(f"/b/{world.bodies[1].slug}/indicators/benchmark/open-data/", {"published": "1"})
    assert not OpenDataOptIn.objects.exists()


def test_the_network_total_never_gives_away_one_unnamed_body(world) -> None:
    """Three of four opted in: total minus the three named bodies would be the fourth."""
    for body in world.bodies[:3]:
        OpenDataOptIn.objects.create(body=body)
    rows = _network_file(world)
    totals = [r for r in rows if r["scope"] == "network"]
    named = [r for r in rows if r["scope"] == "body"]
    for total in totals:
        mine = [r for r in named if r["indicator_code"] == total["indicator_code"]]
        if all(r["value"] is not None for r in mine) and len(mine) == 3:
            assert total["withheld"] and total["value"] is None


def test_with_no_body_named_the_totals_are_published(world) -> None:
    totals = [r for r in _network_file(world) if r["scope"] == "network"]
    assert any(r["value"] is not None for r in totals)
    assert {r["bodies"] for r in totals} == {4}
