"""The agreement's page: who sees it, the actions offered, and taking them."""

from __future__ import annotations

from agilepa.agreements.models import Agreement, AgreementStatus, Regulation
from tests.factories import make_agreement

S = AgreementStatus


def url(world, agreement, suffix: str = "") -> str:
    return f"/b/{world.a.body.slug}/agreements/{agreement.pk}/{suffix}"


def test_the_person_their_manager_and_hr_see_the_agreement(body_a, client_of) -> None:
    agreement = make_agreement(body_a.a.employee_person, status=S.SUBMITTED)
    for role in ("employee", "manager", "hr_admin"):
        assert client_of(role).get(url(body_a, agreement)).status_code == 200, role
    colleague = make_agreement(body_a.a.colleague, status=S.SUBMITTED)
    assert client_of("employee").get(url(body_a, colleague)).status_code == 403
    assert client_of("observer").get(url(body_a, agreement)).status_code == 403


def test_the_manager_approves_from_the_page_and_hr_countersigns(body_a, client_of) -> None:
    agreement = make_agreement(body_a.a.employee_person, status=S.SUBMITTED)
    page = client_of("manager").get(url(body_a, agreement)).content.decode()
    assert "Approve" in page and "Reject" in page
    client_of("manager").post(url(body_a, agreement, "do/approve/"))
    assert Agreement.objects.get(pk=agreement.pk).status == S.APPROVED
    client_of("hr_admin").post(url(body_a, agreement, "do/countersign/"))
    agreement.refresh_from_db()
    assert agreement.status in {S.COUNTERSIGNED, S.ACTIVE}
    history = client_of("employee").get(url(body_a, agreement)).content.decode()
    assert "Approved by the manager" in history and "Countersigned by HR" in history


def test_the_employee_cannot_approve_their_own_request(body_a, client_of) -> None:
    agreement = make_agreement(body_a.a.employee_person, status=S.SUBMITTED)
    page = client_of("employee").get(url(body_a, agreement)).content.decode()
    assert "Approve" not in page
    assert client_of("employee").post(url(body_a, agreement, "do/approve/")).status_code == 403
    assert Agreement.objects.get(pk=agreement.pk).status == S.SUBMITTED


def test_a_rejection_without_reason_is_refused_with_a_message(body_a, client_of) -> None:
    agreement = make_agreement(body_a.a.employee_person, status=S.SUBMITTED)
    response = client_of("manager").post(url(body_a, agreement, "do/reject/"), follow=True)
    assert "Say why the request is rejected." in response.content.decode()
    assert Agreement.objects.get(pk=agreement.pk).status == S.SUBMITTED


def test_missing_prerequisites_are_named_on_the_page(body_a, client_of) -> None:
    Regulation.objects.update(required_prerequisites=["it_check"])
    agreement = make_agreement(body_a.a.employee_person, status=S.COUNTERSIGNED)
    page = client_of("hr_admin").get(url(body_a, agreement)).content.decode()
    assert "Missing prerequisite: workstation IT check." in page
    response = client_of("hr_admin").post(url(body_a, agreement, "do/activate/"), follow=True)
    assert "Missing prerequisite: workstation IT check." in response.content.decode()
    assert Agreement.objects.get(pk=agreement.pk).status == S.COUNTERSIGNED


def test_withdrawal_shows_the_notice_and_sets_the_last_day(body_a, client_of) -> None:
    agreement = make_agreement(body_a.a.employee_person, status=S.ACTIVE)
    page = client_of("employee").get(url(body_a, agreement)).content.decode()
    assert "With 30 days of notice from today" in page
    client_of("employee").post(url(body_a, agreement, "do/withdraw/"), {"reason": "Trasloco"})
    agreement.refresh_from_db()
    assert agreement.status == S.WITHDRAWN
    assert (agreement.withdrawal_effective_on - agreement.withdrawal_notified_on).days == 30


def test_an_unknown_action_is_refused(body_a, client_of) -> None:
    agreement = make_agreement(body_a.a.employee_person, status=S.SUBMITTED)
    assert client_of("hr_admin").post(url(body_a, agreement, "do/delete/")).status_code == 403


def test_the_inbox_ranks_requests_of_the_managers_subtree_only(body_a, client_of) -> None:
    plain = make_agreement(body_a.a.employee_person, status=S.SUBMITTED)
    parent = make_agreement(body_a.a.colleague, status=S.SUBMITTED, priorities=["child_under_12"])
    outsider = make_agreement(body_a.a.outsider, status=S.SUBMITTED)
    html = client_of("manager").get(f"/b/{body_a.a.body.slug}/agreements/inbox/").content.decode()
    assert html.index(parent.person.full_name) < html.index(plain.person.full_name)
    assert outsider.person.full_name not in html
    assert "L. 81/2017 art. 18 c. 3-bis" in html
    hr_html = client_of("hr_admin").get(f"/b/{body_a.a.body.slug}/agreements/inbox/")
    assert outsider.person.full_name in hr_html.content.decode()
    assert (
        client_of("employee").get(f"/b/{body_a.a.body.slug}/agreements/inbox/").status_code == 403
    )


def test_the_dashboard_counts_by_status_and_lists_expiries(body_a, client_of) -> None:
    from datetime import date, timedelta

    soon = date.today() + timedelta(days=10)
    make_agreement(body_a.a.employee_person, status=S.ACTIVE, end_date=soon)
    make_agreement(body_a.a.colleague, status=S.SUBMITTED)
    html = client_of("hr_admin").get(f"/b/{body_a.a.body.slug}/agreements/dashboard/")
    text = html.content.decode()
    assert body_a.a.employee_person.full_name in text
    assert soon.strftime("%d/%m/%Y") in text
    assert (
        client_of("manager").get(f"/b/{body_a.a.body.slug}/agreements/dashboard/").status_code
        == 403
    )
