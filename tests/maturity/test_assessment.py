"""HR answers the year's self-assessment, submits it once; observers read it; the network's
median shows only with at least three other bodies; the coordinator sees every member."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from agilepa.core.access import PermissionDeniedForRole, resolve_access
from agilepa.maturity import selectors, services
from agilepa.maturity.models import Assessment
from agilepa.maturity.questionnaire import ITEMS, Dimension
from agilepa.org.models import Membership, MembershipStatus
from tests.factories import BodyFactory

WHEN = datetime(2026, 3, 10, 12, tzinfo=ZoneInfo("Europe/Rome"))


def hr(world):
    return resolve_access(world.users["hr_admin"], world.a.body)


def all_at(level: int) -> dict[str, int]:
    return {item.code: level for item in ITEMS}


def submitted(body, year: int, level: int) -> Assessment:
    return Assessment.objects.create(
        body=body, year=year, status="submitted", answers=all_at(level)
    )


def member(world, level: int | None, year: int = 2026) -> None:
    body = BodyFactory()
    Membership.objects.create(
        network=world.network, body=body, applied_on="2026-01-10", status=MembershipStatus.ACTIVE
    )
    if level is not None:
        submitted(body, year, level)


def test_hr_answers_submits_once_and_who_and_when_are_recorded(world) -> None:
    access = hr(world)
    draft = services.start(access, 2026)
    services.save_answers(access, draft, {"org_regulation": 3})
    with pytest.raises(ValidationError, match="23 questions are unanswered"):
        services.submit(access, draft)
    services.save_answers(access, draft, all_at(2))
    done = services.submit(access, draft, now=WHEN)
    assert done.status == "submitted"
    assert done.submitted_by == world.users["hr_admin"] and done.submitted_at == WHEN
    with pytest.raises(ValidationError, match="submitted"):
        services.save_answers(access, done, {"org_regulation": 4})
    with pytest.raises(ValidationError, match="already submitted"):
        services.submit(access, done)


def test_next_years_draft_starts_from_last_years_answers(world) -> None:
    access = hr(world)
    submitted(world.a.body, 2025, 3)
    draft = services.start(access, 2026)
    assert draft.answers == all_at(3) and draft.status == "draft"
    assert services.start(access, 2026).pk == draft.pk


def test_only_hr_writes_and_observers_read_submitted_results_only(world, client_as) -> None:
    observer = resolve_access(world.users["observer"], world.a.body)
    employee = resolve_access(world.users["employee"], world.a.body)
    with pytest.raises(PermissionDeniedForRole):
        services.start(observer, 2026)
    with pytest.raises(PermissionDeniedForRole):
        selectors.assessments_for(employee)
    services.start(hr(world), 2026)
    submitted(world.a.body, 2025, 2)
    assert [a.year for a in selectors.assessments_for(observer)] == [2025]
    assert [a.year for a in selectors.assessments_for(hr(world))] == [2026, 2025]
    observer_client = client_as("observer")
    base = f"/b/{world.a.body.slug}/maturity/"
    assert observer_client.get(f"{base}2025/").status_code == 200
    assert observer_client.get(f"{base}2026/").status_code == 404
    assert observer_client.get(f"{base}2026/edit/").status_code == 403
    assert client_as("employee").get(base).status_code == 403


def test_the_network_median_needs_three_other_bodies_and_ignores_drafts_and_other_years(
    world,
    client_as,
) -> None:
    submitted(world.a.body, 2026, 1)
    member(world, 4)
    member(world, 2)
    member(world, 3, year=2025)  # another year
    draft_body = BodyFactory()
    Membership.objects.create(
        network=world.network, body=draft_body, applied_on="2026-01-10", status="active"
    )
    Assessment.objects.create(body=draft_body, year=2026, answers=all_at(4))
    hidden = selectors.network_median(world.network, 2026, exclude=world.a.body)
    assert hidden.others == 2 and hidden.by_dimension is None
    member(world, 1)
    shown = selectors.network_median(world.network, 2026, exclude=world.a.body)
    # The others: 100, 50, 25 in every dimension: the median is 50.
    assert shown.others == 3
    assert shown.by_dimension == {d: Decimal("50.0") for d in Dimension}
    page = client_as("hr_admin").get(f"/b/{world.a.body.slug}/maturity/2026/")
    html = page.content.decode()
    assert 'data-dimension="spaces" data-score="25.0" data-median="50.0"' in html
    assert 'id="radar-chart"' in html
    assert 'id="next-steps"' in html


def test_a_body_with_fewer_than_three_others_sees_no_median(world, client_as) -> None:
    submitted(world.a.body, 2026, 2)
    member(world, 4)
    member(world, 3)
    html = client_as("observer").get(f"/b/{world.a.body.slug}/maturity/2026/").content
    assert b'id="median-hidden"' in html
    assert b'data-median=""' in html


def test_the_coordinator_sees_every_members_submitted_result(world, client_as) -> None:
    submitted(world.a.body, 2026, 2)
    member(world, 4)
    Assessment.objects.create(body=world.b.body, year=2026, answers=all_at(4))  # not a member
    client = client_as("coordinator")
    page = client.get(f"/networks/{world.network.slug}/maturity/?year=2026")
    html = page.content.decode()
    assert f'data-body="{world.a.body.slug}"' in html
    assert f'data-body="{world.b.body.slug}"' not in html
    data = client.get(f"/api/v1/networks/{world.network.slug}/maturity?year=2026").json()
    assert sorted(row["overall"] for row in data["bodies"]) == [50.0, 100.0]
    assert data["median"] is None  # two bodies: below the threshold
    # A member body's HR sees its own result and the median, not the other members'.
    Membership.objects.create(
        network=world.network, body=world.a.body, applied_on="2026-01-10", status="active"
    )
    assert client_as("hr_admin").get(f"/networks/{world.network.slug}/maturity/").status_code == 403


def test_the_api_saves_answers_refuses_bad_levels_and_submits(world, client_as) -> None:
    client = client_as("hr_admin")
    url = f"/api/v1/bodies/{world.a.body.slug}/maturity/assessments/2026"
    bad = client.put(url, json.dumps({"answers": {"org_regulation": 7}}), "application/json")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "org_regulation"
    saved = client.put(url, json.dumps({"answers": all_at(3)}), "application/json").json()
    assert saved["status"] == "draft" and saved["overall"] == 75.0
    assert saved["phases"]["digital"] == "sviluppo_avanzato"
    done = client.post(f"{url}/submit").json()
    assert done["status"] == "submitted" and done["overall_phase"] == "sviluppo_avanzato"
    observer = client_as("observer")
    assert observer.get(url).json()["overall"] == 75.0
    assert observer.put(url, json.dumps({"answers": {}}), "application/json").status_code == 403


def test_the_form_saves_a_draft_and_submits(world, client_as) -> None:
    services.start(hr(world), 2026)
    client = client_as("hr_admin")
    url = f"/b/{world.a.body.slug}/maturity/2026/edit/"
    form = {item.code: "2" for item in ITEMS}
    partial = dict(form)
    partial.pop("wellbeing_safety")
    refused = client.post(url, dict(partial, action="submit"))
    assert refused.status_code == 422
    assert Assessment.objects.get(year=2026).status == "draft"
    response = client.post(url, dict(form, action="submit", notes="Prima rilevazione"))
    assert response.status_code == 302
    saved = Assessment.objects.get(year=2026)
    assert saved.status == "submitted" and saved.notes == "Prima rilevazione"
    overview = client.get(f"/b/{world.a.body.slug}/maturity/").content.decode()
    assert 'data-year="2026" data-status="submitted"' in overview
    assert 'id="trend-chart"' in overview
