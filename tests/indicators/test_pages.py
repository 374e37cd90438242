"""The indicator pages by role, the declared values and targets, the benchmark's anonymity and
names, the coordinator's view and the open data."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Iterator
from datetime import date

import pytest
from django.test import Client

from agilepa.core.models import RoleKind
from agilepa.indicators import summary
from agilepa.indicators.models import BenchmarkOptIn, DeclaredValue, OpenDataOptIn, Target
from tests.conftest import once_per_module
from tests.factories import BodyFactory, PersonFactory, UserFactory, grant
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
    g = network.build(seed=3, bodies=3, people=8, months=2)
    for body in g.bodies:
        summary.refresh_year(body.pk, 2026, today=date(2026, 2, 28))
    g.hr = UserFactory()
    grant(g.hr, RoleKind.HR_ADMIN, body=g.bodies[1])
    g.observer = UserFactory()
    grant(g.observer, RoleKind.OBSERVER, body=g.bodies[1])
    g.manager = UserFactory()
    grant(g.manager, RoleKind.MANAGER, body=g.bodies[1], unit=g.units["1.A"])
    g.coordinator = UserFactory()
    grant(g.coordinator, RoleKind.NETWORK_COORDINATOR, network=g.network)
    g.employee = UserFactory()
    PersonFactory(body=g.bodies[1], user=g.employee)
    return g


def url(g, page: str = "") -> str:
    return f"/b/{g.bodies[1].slug}/indicators/{page}"


def test_hr_sees_every_indicator_and_the_trend(world, client_as) -> None:
    page = client_as(world.hr).get(url(world) + "?period=2026")
    assert page.status_code == 200
    html = page.content.decode()
    for code in ("IMP_AGILE_WORKERS", "IMP_REMOTE_DAYS", "IMPACT_CO2", "DIG_VPN", "PERF_ABSENCE"):
        assert f'data-indicator="{code}"' in html
    assert "Workers in lavoro da remoto" in html or "Lavoratori in lavoro da remoto" in html
    assert 'id="trend-table"' in html and "February 2026" in html


def test_a_manager_sees_their_subtree_only(world, client_as) -> None:
    c = client_as(world.manager)
    page = c.get(url(world))
    assert page.status_code == 200
    assert page.context["unit"] == world.units["1.A"]
    other = world.units["1.C"]
    assert c.get(url(world) + f"?unit={other.pk}").status_code == 403


def test_observer_sees_aggregates_without_small_groups(world, client_as) -> None:
    page = client_as(world.observer).get(url(world) + f"?unit={world.units['1.A1'].pk}")
    assert page.status_code == 200
    for _name, items in page.context["groups"]:
        for shown, _plan in items:
            if shown.indicator.measured and 0 < shown.value.people < 5:
                assert shown.hidden and shown.number is None


def test_employee_is_refused_and_a_foreign_body_is_unknown(world, client_as) -> None:
    assert client_as(world.employee).get(url(world)).status_code == 403
    stranger = UserFactory()
    grant(stranger, RoleKind.HR_ADMIN, body=BodyFactory())
    assert client_as(stranger).get(url(world)).status_code == 404
    assert client_as(stranger).get(url(world, "declared/")).status_code == 404


def test_declared_value_is_recorded_with_who_and_when_and_checked(world, client_as) -> None:
    c = client_as(world.hr)
    bad = c.post(url(world, "declared/"), {"code": "DIG_VPN", "year": 2026, "value": "3"})
    assert bad.status_code == 422
    assert "1 for yes" in bad.content.decode()
    assert (
        c.post(
            url(world, "declared/"), {"code": "DIG_VPN", "year": 2026, "value": "1", "note": "x"}
        ).status_code
        == 302
    )
    c.post(url(world, "declared/"), {"code": "ECO_HARDWARE", "year": 2026, "value": "1200.50"})
    c.post(url(world, "declared/"), {"code": "ECO_HARDWARE", "year": 2026, "value": "1500"})
    row = DeclaredValue.objects.filter(code="ECO_HARDWARE").first()
    assert row.entered_by == world.hr and row.value == 1500
    assert DeclaredValue.objects.filter(code="ECO_HARDWARE").count() == 2  # history kept
    page = client_as(world.hr).get(url(world) + "?period=2026")
    assert page.context["groups"][0][1]  # rendered
    values = {s.indicator.code: s for _n, items in page.context["groups"] for s, _p in items}
    assert values["ECO_HARDWARE"].number == 1500
    assert values["DIG_VPN"].text in ("yes", "sì")
    assert (
        client_as(world.observer)
        .post(url(world, "declared/"), {"code": "DIG_VPN", "year": 2026, "value": "0"})
        .status_code
        == 403
    )


def test_targets_give_the_phase_reached(world, client_as) -> None:
    c = client_as(world.hr)
    backwards = c.post(
        url(world, "targets/"),
        {
            "code": "IMP_AGILE_DAYS",
            "plan_year": 2026,
            "target_1": 30,
            "target_2": 20,
            "target_3": 40,
        },
    )
    assert backwards.status_code == 422
    ok = c.post(
        url(world, "targets/"),
        {
            "code": "IMP_AGILE_DAYS",
            "plan_year": 2026,
            "baseline": 5,
            "baseline_year": 2025,
            "target_1": 1,
            "target_2": 2,
            "target_3": 99,
        },
    )
    assert ok.status_code == 302
    assert Target.objects.get(code="IMP_AGILE_DAYS").set_by == world.hr
    page = c.get(url(world) + "?period=2026")
    plan = {p.indicator.code: p for _n, items in page.context["groups"] for _s, p in items if p}
    assert plan["IMP_AGILE_DAYS"].phase.label == "sviluppo intermedio"
    assert page.context["overall"].counted == 1


def test_benchmark_names_only_for_opted_in_members_and_the_coordinator(world, client_as) -> None:
    g = world
    c = client_as(g.hr)
    page = c.get(url(g, "benchmark/") + "?period=2026")
    assert page.status_code == 200
    names = {n for line in page.context["lines"] for n, _v in line["members"]}
    assert g.bodies[2].name not in names  # not opted in: a pseudonym
    BenchmarkOptIn.objects.create(network=g.network, body=g.bodies[2])
    assert (
        c.post(url(g, "benchmark/opt-in/"), {"network": g.network.slug, "shown": "1"}).status_code
        == 302
    )
    page = c.get(url(g, "benchmark/") + "?period=2026")
    names = {n for line in page.context["lines"] for n, _v in line["members"]}
    assert g.bodies[2].name in names and g.bodies[0].name not in names
    coordinator = client_as(g.coordinator).get(
        f"/networks/{g.network.slug}/indicators/?period=2026"
    )
    assert coordinator.status_code == 200
    names = {n for line in coordinator.context["lines"] for n, _v in line["members"]}
    assert {b.name for b in g.bodies} <= names
    assert client_as(g.hr).get(f"/networks/{g.network.slug}/indicators/").status_code == 403


def test_benchmark_never_shows_a_group_under_the_threshold(world, client_as) -> None:
    page = client_as(world.hr).get(url(world, "benchmark/") + "?period=2026-02")
    from agilepa.indicators import engine

    values = engine.by_body([b.pk for b in world.bodies], engine.Period.parse("2026-02"))
    for line in page.context["lines"]:
        ind = line["indicator"]
        if not ind.measured:
            continue
        small = [b for b in world.bodies if 0 < values[b.pk][ind.code].people < 5]
        assert line["spread"].n == len(
            [
                b
                for b in world.bodies
                if values[b.pk][ind.code].value is not None
                and b not in small
                and values[b.pk][ind.code].people >= 5
            ]
        )


def test_open_data_is_public_documented_and_withholds_small_groups(world) -> None:
    anonymous = Client()
    body = world.bodies[1]
    OpenDataOptIn.objects.create(body=body)
    text = anonymous.get(f"/open-data/indicators/body/{body.slug}/2026.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["body_ipa_code"] for r in rows} == {body.ipa_code}
    assert {r["indicator_code"] for r in rows} >= {"IMP_AGILE_WORKERS", "IMPACT_CO2"}
    assert not any(r.get("person") for r in rows)
    data = json.loads(
        anonymous.get(f"/open-data/indicators/network/{world.network.slug}/2026.json").content
    )
    assert [f["name"] for f in data["schema"]["fields"]][:3] == [
        "scope",
        "body_ipa_code",
        "body_name",
    ]
    named = {r["body_ipa_code"] for r in data["data"] if r["scope"] == "body"}
    assert named == {body.ipa_code}  # the only one that opted in
    assert {r["bodies"] for r in data["data"] if r["scope"] == "network"} == {len(world.bodies)}
    for row in data["data"]:
        if row["withheld"]:
            assert row["value"] is None
    assert anonymous.get("/open-data/indicators/body/nope/2026.csv").status_code == 404
