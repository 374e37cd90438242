"""The agreements API: the lifecycle, the violations as problem+json, the permissions."""

from __future__ import annotations

import json
from datetime import date, timedelta

from agilepa.agreements.models import Agreement, AgreementStatus
from tests.factories import api_token_for, make_agreement

S = AgreementStatus


def call(client, method: str, path: str, payload=None, token: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.generic(
        method,
        path,
        data=json.dumps(payload or {}),
        content_type="application/json",
        **headers,
    )


def test_a_person_drafts_checks_and_submits_through_the_api(body_a, client) -> None:
    token = api_token_for(body_a.users["employee"])
    base = f"/api/v1/bodies/{body_a.a.body.slug}/agreements"
    start = (date.today() + timedelta(days=30)).isoformat()
    created = call(
        client,
        "POST",
        base,
        {"start_date": start, "weekdays": [0, 1, 2], "places": ["home"]},
        token,
    )
    assert created.status_code == 201
    agreement_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    checked = call(client, "POST", f"{base}/{agreement_id}/check", None, token).json()
    assert {v["code"] for v in checked} >= {"too_many_days_per_week"}
    assert all(v["source"] for v in checked)
    refused = call(client, "POST", f"{base}/{agreement_id}/submit", None, token)
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    problem = refused.json()
    assert any(v["code"] == "too_many_days_per_week" for v in problem["violations"])
    assert any("Regolamento" in v["source"] for v in problem["violations"])
    call(client, "PATCH", f"{base}/{agreement_id}", {"weekdays": [0, 3]}, token)
    submitted = call(client, "POST", f"{base}/{agreement_id}/submit", None, token)
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"


def test_the_manager_approves_and_hr_countersigns_through_the_api(body_a, client) -> None:
    agreement = make_agreement(body_a.a.employee_person, status=S.SUBMITTED)
    base = f"/api/v1/bodies/{body_a.a.body.slug}/agreements/{agreement.pk}"
    manager = api_token_for(body_a.users["manager"])
    hr = api_token_for(body_a.users["hr_admin"])
    assert call(client, "POST", f"{base}/approve", None, manager).json()["status"] == "approved"
    signed = call(client, "POST", f"{base}/countersign", None, hr).json()
    assert signed["status"] in {"countersigned", "active"}
    history = call(client, "GET", f"{base}/transitions", None, hr).json()
    approval = next(t for t in history if t["to_status"] == "approved")
    assert approval["actor_email"] == "manager@a.it"
    assert approval["from_status"] == "submitted"


def test_an_employee_cannot_approve_or_see_a_colleague(body_a, client) -> None:
    own = make_agreement(body_a.a.employee_person, status=S.SUBMITTED)
    colleague = make_agreement(body_a.a.colleague, status=S.SUBMITTED)
    token = api_token_for(body_a.users["employee"])
    base = f"/api/v1/bodies/{body_a.a.body.slug}/agreements"
    assert call(client, "POST", f"{base}/{own.pk}/approve", None, token).status_code == 403
    assert call(client, "GET", f"{base}/{colleague.pk}", None, token).status_code == 403
    listed = call(client, "GET", base, None, token).json()["items"]
    assert [a["id"] for a in listed] == [own.pk]


def test_observers_see_no_named_agreement(body_a, client) -> None:
    make_agreement(body_a.a.employee_person, status=S.ACTIVE)
    token = api_token_for(body_a.users["observer"])
    response = call(client, "GET", f"/api/v1/bodies/{body_a.a.body.slug}/agreements", None, token)
    assert response.status_code == 403


def test_a_looser_regulation_is_refused_with_the_rule(body_a, client) -> None:
    token = api_token_for(body_a.users["hr_admin"])
    response = call(
        client,
        "POST",
        f"/api/v1/bodies/{body_a.a.body.slug}/regulations",
        {
            "title": "Regolamento 2027",
            "adopted_on": "2026-11-01",
            "effective_from": "2027-01-01",
            "notice_days": 20,
        },
        token,
    )
    assert response.status_code == 422
    assert "L. 81/2017 art. 19 c. 2" in response.json()["detail"]


def test_withdrawal_through_the_api_sets_the_last_day(body_a, client) -> None:
    agreement = make_agreement(body_a.a.employee_person, status=S.ACTIVE)
    token = api_token_for(body_a.users["employee"])
    path = f"/api/v1/bodies/{body_a.a.body.slug}/agreements/{agreement.pk}/withdraw"
    response = call(client, "POST", path, {"reason": "Cambio di sede"}, token)
    assert response.json()["status"] == "withdrawn"
    last = date.fromisoformat(response.json()["withdrawal_effective_on"])
    assert (last - date.today()).days == 30
    assert Agreement.objects.get(pk=agreement.pk).withdrawal_reason == "Cambio di sede"


def test_the_pdf_downloads_through_the_api(body_a, client) -> None:
    agreement = make_agreement(body_a.a.employee_person, status=S.ACTIVE)
    token = api_token_for(body_a.users["employee"])
    path = f"/api/v1/bodies/{body_a.a.body.slug}/agreements/{agreement.pk}/document"
    response = call(client, "GET", path, None, token)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
