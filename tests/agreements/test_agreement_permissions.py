"""Who may act on an agreement: a manager only in their subtree, nobody in a foreign body."""

from __future__ import annotations

from agilepa.agreements.models import Agreement, AgreementStatus
from tests.factories import make_agreement, make_regulation

S = AgreementStatus


def test_a_manager_cannot_approve_a_request_outside_their_subtree(body_a, client_of) -> None:
    agreement = make_agreement(body_a.a.outsider, status=S.SUBMITTED)
    page = f"/b/{body_a.a.body.slug}/agreements/{agreement.pk}/do/approve/"
    assert client_of("manager").post(page).status_code == 403
    assert Agreement.objects.get(pk=agreement.pk).status == S.SUBMITTED


def test_a_manager_cannot_approve_outside_their_subtree_through_the_api(body_a, api_as) -> None:
    agreement = make_agreement(body_a.a.outsider, status=S.SUBMITTED)
    path = f"/api/v1/bodies/{body_a.a.body.slug}/agreements/{agreement.pk}/approve"
    response = api_as("manager", token=True).post(path, {})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert Agreement.objects.get(pk=agreement.pk).status == S.SUBMITTED


def test_an_agreement_of_a_foreign_body_answers_not_found(body_a, client_of, api_as) -> None:
    make_regulation(body_a.b.body)
    foreign = make_agreement(body_a.b.employee_person, status=S.SUBMITTED)
    page = f"/b/{body_a.b.body.slug}/agreements/{foreign.pk}/"
    assert client_of("hr_admin").get(page).status_code == 404
    assert client_of("hr_admin").post(f"{page}do/approve/").status_code == 404
    path = f"/api/v1/bodies/{body_a.b.body.slug}/agreements/{foreign.pk}/approve"
    assert api_as("hr_admin", token=True).post(path, {}).status_code == 404
    assert Agreement.objects.get(pk=foreign.pk).status == S.SUBMITTED


def test_a_foreign_agreement_id_under_ones_own_body_answers_not_found(body_a, api_as) -> None:
    make_regulation(body_a.b.body)
    foreign = make_agreement(body_a.b.employee_person, status=S.SUBMITTED)
    path = f"/api/v1/bodies/{body_a.a.body.slug}/agreements/{foreign.pk}/approve"
    assert api_as("hr_admin", token=True).post(path, {}).status_code == 404
