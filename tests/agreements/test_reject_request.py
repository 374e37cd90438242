"""The manager rejects a request with a reason, on the page or through the API."""

from __future__ import annotations

from agilepa.agreements.models import Agreement, AgreementStatus
from tests.factories import make_agreement

S = AgreementStatus


def test_the_manager_rejects_from_the_page_and_the_reason_is_recorded(body_a, client_of) -> None:
    agreement = make_agreement(body_a.a.employee_person, status=S.SUBMITTED)
    page = f"/b/{body_a.a.body.slug}/agreements/{agreement.pk}/"
    client_of("manager").post(f"{page}do/reject/", {"reason": "Servizio scoperto a marzo"})
    assert Agreement.objects.get(pk=agreement.pk).status == S.REJECTED
    shown = client_of("employee").get(page).content.decode()
    assert "Servizio scoperto a marzo" in shown


def test_a_rejection_through_the_api_needs_a_reason(body_a, api_as) -> None:
    agreement = make_agreement(body_a.a.employee_person, status=S.SUBMITTED)
    manager = api_as("manager", token=True)
    path = f"/api/v1/bodies/{body_a.a.body.slug}/agreements/{agreement.pk}/reject"
    refused = manager.post(path, {"reason": ""})
    assert refused.status_code in {400, 422}
    assert refused["Content-Type"] == "application/problem+json"
    assert Agreement.objects.get(pk=agreement.pk).status == S.SUBMITTED
    done = manager.post(path, {"reason": "Servizio scoperto"})
    assert done.status_code == 200 and done.json()["status"] == "rejected"
    history = manager.get(f"{path.rsplit('/', 1)[0]}/transitions").json()
    assert history[-1]["reason"] == "Servizio scoperto"
