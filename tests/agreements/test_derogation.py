"""The derogation from the prevalence of presence (Directive of the Minister for PA, 29
December 2023): asked with a reason, decided by the manager, lifting the limit up to a stated
number of days until a review date. The reason is art. 9 GDPR data: the attacks below (a
colleague, a manager of another unit, the CUG observer, the API as other roles, every list and
export) fail to read it."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook

from agilepa.agreements import derogations, rules, services
from agilepa.agreements.models import PresenceDerogation, ReasonAccess
from agilepa.core.access import resolve_access
from agilepa.planning.checker import check_plan
from agilepa.planning.problem import Plan, Problem, Worker
from tests.agreements.test_legal_checker import REGULATION, TERMS, WORKER
from tests.factories import PersonFactory, UserFactory, make_agreement

REASON = "Chemioterapia settimanale del figlio, nessun altro familiare disponibile"
QUOTA_12 = replace(
    TERMS, pattern=rules.Pattern.MONTHLY_QUOTA, weekdays=frozenset(), monthly_quota=12
)


def codes(terms: rules.AgreementTerms) -> list[str]:
    return [v.code for v in rules.check_agreement(terms, REGULATION, WORKER)]


def test_without_a_derogation_twelve_days_a_month_break_the_prevalence() -> None:
    assert "presence_not_prevailing" in codes(QUOTA_12)


def test_a_derogation_lifts_the_limit_up_to_its_stated_days() -> None:
    assert codes(replace(QUOTA_12, derogation_days=12)) == []
    three_weekdays = replace(TERMS, weekdays=frozenset({0, 2, 4}), derogation_days=13)
    assert codes(three_weekdays) == []


def test_a_derogation_beyond_its_stated_days_is_refused() -> None:
    found = rules.check_agreement(replace(QUOTA_12, derogation_days=10), REGULATION, WORKER)
    assert [v.code for v in found] == ["derogation_exceeded"]
    assert found[0].source == rules.DIRECTIVE_2023
    assert "at most 10" in found[0].message


def test_the_plan_checker_holds_the_derogation_s_days() -> None:
    march = tuple(date(2027, 3, d) for d in (1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 15, 16, 17))
    w = Worker(1, 1, agreement_start=date(2027, 1, 1), max_per_week=5, max_per_month=12)
    remote = frozenset(march[:12])
    assert "presence_not_prevailing" in [
        f.code for f in check_plan(Problem(march, (w,)), Plan({1: remote}))
    ]
    granted = replace(w, derogation_days=12)
    assert check_plan(Problem(march, (granted,)), Plan({1: remote})) == []
    narrow = replace(w, derogation_days=11)
    assert [f.code for f in check_plan(Problem(march, (narrow,)), Plan({1: remote}))] == [
        "derogation_exceeded"
    ]


# --- the workflow and who reads the reason ------------------------------------------------


@pytest.fixture
def asked(body_a):
    """The employee's agreement (12 days a month) with a derogation asked by the employee."""
    world = body_a
    agreement = make_agreement(
        world.a.employee_person,
        status="submitted",
        pattern="monthly_quota",
        weekdays=[],
        monthly_quota=12,
    )
    employee = resolve_access(world.users["employee"], world.a.body)
    derogations.request(employee, agreement, 12, REASON, date(2099, 6, 30))
    return world, agreement


def _person_user(world, unit, head: bool = False):
    user = UserFactory()
    person = PersonFactory(body=world.a.body, unit=unit, user=user)
    if head:
        unit.head = person
        unit.save(update_fields=["head"])
    return user


def test_the_manager_grants_and_the_agreement_then_passes(asked) -> None:
    world, agreement = asked
    assert "presence_not_prevailing" in [v.code for v in services.check(agreement)]
    manager = resolve_access(world.users["manager"], world.a.body)
    derogation = derogations.decide(manager, agreement, grant=True)
    assert derogation.status == "granted"
    assert derogation.decided_by_id == world.users["manager"].pk
    assert services.check(agreement) == []
    services.approve(manager, agreement)


def test_a_grant_beyond_the_agreement_s_days_is_refused(asked) -> None:
    world, agreement = asked
    PresenceDerogation.objects.filter(agreement=agreement).update(days_per_month=10)
    manager = resolve_access(world.users["manager"], world.a.body)
    with pytest.raises(services.TransitionRefused) as refused:
        derogations.decide(manager, agreement, grant=True)
    assert refused.value.violations[0].code == "derogation_exceeded"
    assert PresenceDerogation.objects.get(agreement=agreement).status == "requested"


def test_a_request_needs_a_reason_and_a_future_review(asked) -> None:
    world, agreement = asked
    employee = resolve_access(world.users["employee"], world.a.body)
    with pytest.raises(services.ValidationError) as refused:
        derogations.request(employee, agreement, 12, "  ", date(2020, 1, 1))
    assert set(refused.value.message_dict) == {"reason", "review_on"}


def test_the_person_hr_and_the_deciding_manager_read_the_reason_and_each_read_is_logged(
    asked, client_as
):
    world, agreement = asked
    url = f"/b/{world.a.body.slug}/agreements/{agreement.pk}/derogation/"
    for role in ("employee", "hr_admin", "manager"):
        page = client_as(world.users[role]).get(url)
        assert page.status_code == 200, role
        assert REASON in page.content.decode(), role
    assert ReasonAccess.objects.filter(derogation__agreement=agreement).count() == 3


def test_a_colleague_a_manager_of_another_unit_and_the_cug_observer_get_404(
    asked, client_as
) -> None:
    world, agreement = asked
    colleague = _person_user(world, world.a.service)
    other_manager = _person_user(world, world.a.other_area, head=True)
    page = f"/b/{world.a.body.slug}/agreements/{agreement.pk}/derogation/"
    api = f"/api/v1/bodies/{world.a.body.slug}/agreements/{agreement.pk}/derogation"
    for user in (colleague, other_manager, world.users["observer"]):
        client = client_as(user)
        assert client.get(page).status_code == 404
        assert client.post(page, {"reason": "x"}).status_code == 404
        assert client.post(page + "decide/", {"grant": "1"}).status_code == 404
        response = client.get(api)
        assert response.status_code == 404
        assert REASON not in response.content.decode()
        decide = client.post(api + "/decide", json.dumps({"grant": True}), "application/json")
        assert decide.status_code == 404
    assert PresenceDerogation.objects.get(agreement=agreement).status == "requested"
    assert not ReasonAccess.objects.exists()


def test_after_the_decision_another_manager_above_no_longer_reads_it(asked, client_as) -> None:
    world, agreement = asked
    head_of_body = _person_user(world, world.a.root, head=True)
    url = f"/b/{world.a.body.slug}/agreements/{agreement.pk}/derogation/"
    assert client_as(head_of_body).get(url).status_code == 200  # may decide: reads it
    derogations.decide(resolve_access(world.users["manager"], world.a.body), agreement, True)
    assert client_as(head_of_body).get(url).status_code == 404
    assert client_as(world.users["manager"]).get(url).status_code == 200


def test_no_list_page_api_or_export_carries_the_reason(asked, client_as) -> None:
    world, agreement = asked
    derogations.decide(resolve_access(world.users["manager"], world.a.body), agreement, True)
    slug = world.a.body.slug
    hr, manager = client_as(world.users["hr_admin"]), client_as(world.users["manager"])
    texts = [
        hr.get(f"/b/{slug}/agreements/").content,
        hr.get(f"/b/{slug}/agreements/dashboard/").content,
        hr.get(f"/b/{slug}/agreements/{agreement.pk}/").content,
        manager.get(f"/b/{slug}/agreements/inbox/").content,
        manager.get(f"/b/{slug}/agreements/{agreement.pk}/").content,
        hr.get(f"/api/v1/bodies/{slug}/agreements").content,
        manager.get(f"/api/v1/bodies/{slug}/agreements/{agreement.pk}").content,
        hr.get(f"/b/{slug}/agreements/communications/export.csv").content,
        hr.get(f"/api/v1/bodies/{slug}/communications").content,
    ]
    for text in texts:
        assert REASON.encode() not in text
    shown = json.loads(manager.get(f"/api/v1/bodies/{slug}/agreements/{agreement.pk}").content)
    assert shown["derogation_days"] == 12 and "derogation_reason" not in shown
    book = load_workbook(
        io.BytesIO(hr.get(f"/b/{slug}/agreements/communications/export.xlsx").content)
    )
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row]
    assert not any(REASON in c for c in cells)
