"""The agreements API: the lifecycle, the violations as problem+json, the permissions."""

from __future__ import annotations

from datetime import date, timedelta

from agilepa.agreements.models import Agreement, AgreementStatus
from tests.factories import make_agreement

S = AgreementStatus


def test_a_person_drafts_checks_and_submits_through_the_api(body_a, api_as) -> None:
    api = api_as("employee", token=True)
    base = f"/api/v1/bodies/{body_a.a.body.slug}/agreements"
    start = (date.today() + timedelta(days=30)).isoformat()
    created = api.post(base, {"start_date": start, "weekdays": [0, 1, 2], "places": ["home"]})
    assert created.status_code == 201
    agreement_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    checked = api.post(f"{base}/{agreement_id}/check").json()
    assert {v["code"] for v in checked} >= {"too_many_days_per_week"}
    assert all(v["source"] for v in checked)
    refused = api.post(f"{base}/{agreement_id}/submit")
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    problem = refused.json()
    assert any(v["code"] == "too_many_days_per_week" for v in problem["violations"])
    assert any("Regolamento" in v["source"] for v in problem["violations"])
    api.patch(f"{base}/{agreement_id}", {"weekdays": [0, 3]})
    submitted = api.post(f"{base}/{agreement_id}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"


def test_the_manager_approves_and_hr_countersigns_through_the_api(body_a, api_as) -> None:
    agreement = make_agreement(body_a.a.employee_person, status=S.SUBMITTED)
    base = f"/api/v1/bodies/{body_a.a.body.slug}/agreements/{agreement.pk}"
    manager = api_as("manager", token=True)
    hr = api_as("hr_admin", token=True)
    assert manager.post(f"{base}/approve").json()["status"] == "approved"
    signed = hr.post(f"{base}/countersign").json()
    assert signed["status"] in {"countersigned", "active"}
    history = hr.get(f"{base}/transitions").json()
    approval = next(t for t in history if t["to_status"] == "approved")
    assert approval["actor_email"] == "manager@a.it"
    assert approval["from_status"] == "submitted"


def test_an_employee_cannot_approve_or_see_a_colleague(body_a, api_as) -> None:
    own = make_agreement(body_a.a.employee_person, status=S.SUBMITTED)
    colleague = make_agreement(body_a.a.colleague, status=S.SUBMITTED)
    api = api_as("employee", token=True)
    base = f"/api/v1/bodies/{body_a.a.body.slug}/agreements"
    assert api.post(f"{base}/{own.pk}/approve").status_code == 403
    assert api.get(f"{base}/{colleague.pk}").status_code == 403
    listed = api.get(base).json()["items"]
    assert [a["id"] for a in listed] == [own.pk]


def test_observers_see_no_named_agreement(body_a, api_as) -> None:
    make_agreement(body_a.a.employee_person, status=S.ACTIVE)
    api = api_as("observer", token=True)
    response = api.get(f"/api/v1/bodies/{body_a.a.body.slug}/agreements")
    assert response.status_code == 403


def test_a_looser_regulation_is_refused_with_the_rule(body_a, api_as) -> None:
    api = api_as("hr_admin", token=True)
    response = api.post(
        f"/api/v1/bodies/{body_a.a.body.slug}/regulations",
        {
            "title": "Regolamento 2027",
            "adopted_on": "2026-11-01",
            "effective_from": "2027-01-01",
            "notice_days": 20,
        },
    )
    assert response.status_code == 422
    assert "L. 81/2017 art. 19 c. 2" in response.json()["detail"]


def test_withdrawal_through_the_api_sets_the_last_day(body_a, api_as) -> None:
    agreement = make_agreement(body_a.a.employee_person, status=S.ACTIVE)
    api = api_as("employee", token=True)
    path = f"/api/v1/bodies/{body_a.a.body.slug}/agreements/{agreement.pk}/withdraw"
    response = api.post(path, {"reason": "Cambio di sede"})
    assert response.json()["status"] == "withdrawn"
    last = date.fromisoformat(response.json()["withdrawal_effective_on"])
    assert (last - date.today()).days == 30
    assert Agreement.objects.get(pk=agreement.pk).withdrawal_reason == "Cambio di sede"


def test_the_pdf_downloads_through_the_api(body_a, api_as) -> None:
    agreement = make_agreement(body_a.a.employee_person, status=S.ACTIVE)
    api = api_as("employee", token=True)
    path = f"/api/v1/bodies/{body_a.a.body.slug}/agreements/{agreement.pk}/document"
    response = api.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
