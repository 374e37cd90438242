"""The indicators' API: figures by role, declared values and targets, the benchmark, the
coordinator's view, the catalogue and the open data."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from agilepa.indicators import catalogue, engine
from agilepa.indicators.models import DeclaredValue, OpenDataOptIn, Target
from tests.indicators.test_pages import world, world_once  # noqa: F401 (the fixtures)

pytestmark = pytest.mark.django_db


def base(g) -> str:
    return f"/api/v1/bodies/{g.bodies[1].slug}/indicators"


def test_hr_reads_every_figure_with_its_parts(world, api_as) -> None:  # noqa: F811
    response = api_as(world.hr, token=True).get(base(world) + "?period=2026")
    assert response.status_code == 200
    data = response.json()
    assert data["period"] == "2026" and data["unit_id"] is None
    got = {v["code"]: v for v in data["values"]}
    assert set(got) == {i.code for i in catalogue.INDICATORS}
    want = engine.compute(engine.Scope.body(world.bodies[1]), engine.Period(2026))
    days = got["IMP_AGILE_DAYS"]
    assert days["numerator"] == want["IMP_AGILE_DAYS"].numerator
    assert days["value"] == round(want["IMP_AGILE_DAYS"].value, 1)
    assert api_as(world.hr, token=True).get(base(world) + "?period=2026-13").status_code == 422


def test_a_manager_is_kept_to_their_subtree_and_an_observer_sees_no_small_group(
    world,  # noqa: F811
    api_as,
) -> None:
    manager = api_as(world.manager, token=True)
    mine = manager.get(base(world) + "?period=2026")
    assert mine.status_code == 200 and mine.json()["unit_id"] == world.units["1.A"].pk
    assert manager.get(base(world) + f"?unit_id={world.units['1.C'].pk}").status_code == 403
    small = (
        api_as(world.observer, token=True)
        .get(base(world) + f"?unit_id={world.units['1.A1'].pk}")
        .json()
    )
    for value in small["values"]:
        if value["withheld"]:
            assert value["value"] is None and value["numerator"] is None
            assert value["denominator"] is None and value["people"] is None
    assert api_as(world.employee, token=True).get(base(world)).status_code == 403


def test_declared_values_and_targets_are_checked_and_recorded(world, api_as) -> None:  # noqa: F811
    hr = api_as(world.hr, token=True)
    bad = hr.post(
        base(world) + "/declared",
        json.dumps({"code": "DIG_SERVICES", "year": 2026, "value": "140"}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "between 0 and 100" in bad.content.decode()
    ok = hr.post(
        base(world) + "/declared",
        json.dumps({"code": "DIG_SERVICES", "year": 2026, "value": "62.5", "note": "Censimento"}),
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content
    assert DeclaredValue.objects.get(code="DIG_SERVICES").entered_by == world.hr
    target = hr.put(
        base(world) + "/targets",
        json.dumps(
            {
                "code": "PERF_ABSENCE",
                "plan_year": 2026,
                "target_1": "6",
                "target_2": "5",
                "target_3": "4",
            }
        ),
        content_type="application/json",
    )
    assert target.status_code == 200, target.content
    assert Target.objects.get(code="PERF_ABSENCE").target_3 == 4
    backwards = hr.put(
        base(world) + "/targets",
        json.dumps(
            {
                "code": "PERF_ABSENCE",
                "plan_year": 2026,
                "target_1": "4",
                "target_2": "5",
                "target_3": "6",
            }
        ),
        content_type="application/json",
    )
    assert backwards.status_code == 422  # lower is better: the targets must come down
    assert (
        api_as(world.observer, token=True)
        .post(
            base(world) + "/declared",
            json.dumps({"code": "DIG_SERVICES", "year": 2026, "value": "1"}),
            content_type="application/json",
        )
        .status_code
        == 403
    )


def test_benchmark_coordinator_catalogue_and_open_data(world, api_as) -> None:  # noqa: F811
    lines = api_as(world.hr, token=True).get(base(world) + "/benchmark?period=2026").json()
    assert {line["code"] for line in lines} == {i.code for i in catalogue.INDICATORS}
    names = {m["body"] for line in lines for m in line["members"]}
    assert world.bodies[0].name not in names  # not opted in
    everyone = api_as(world.coordinator, token=True).get(
        f"/api/v1/networks/{world.network.slug}/indicators"
    )
    assert everyone.status_code == 200
    assert api_as(world.hr, token=True).get(
        f"/api/v1/networks/{world.network.slug}/indicators"
    ).status_code in (
        403,
        404,
    )
    assert len(Client().get("/api/v1/indicators/catalogue").json()) == len(catalogue.INDICATORS)
    OpenDataOptIn.objects.create(body=world.bodies[1])
    data = (
        Client()
        .get(f"/api/v1/open-data/indicators/body/{world.bodies[1].slug}/2026?format=json")
        .json()
    )
    assert data["schema"]["licence"] == "CC-BY-4.0"
    assert {r["indicator_code"] for r in data["data"]} == {i.code for i in catalogue.INDICATORS}
    csv = Client().get(f"/api/v1/open-data/indicators/network/{world.network.slug}/2026?format=csv")
    assert csv.content.decode().splitlines()[0].startswith("scope,body_ipa_code,body_name")
