"""Who decides a request sees what the checker finds before deciding: on the agreement's page
the broken rules and the prerequisites missing, in the inbox a flag on each row."""

from __future__ import annotations

import re

import pytest

from agilepa.agreements import services
from agilepa.agreements.models import Agreement, AgreementStatus, Regulation
from tests.factories import PersonFactory, make_agreement, make_regulation

S = AgreementStatus.SUBMITTED


@pytest.fixture
def strict(world) -> Regulation:
    return make_regulation(world.a.body, required_prerequisites=["safety_notice"])


def test_the_manager_sees_the_broken_rules_and_missing_prerequisites_before_deciding(
    world, strict, client_as
) -> None:
    agreement = make_agreement(world.a.colleague, status=S, weekdays=[0, 1, 2])
    page = client_as("manager").get(f"/b/{world.a.body.slug}/agreements/{agreement.pk}/")
    html = page.content.decode()
    checks = html.index('id="decision-checks"')
    assert checks < html.index("3 remote days a week: the Regolamento allows at most 2.", checks)
    assert "Prerequisites still missing" in html
    assert checks < html.index(">Approve<")


def test_the_person_does_not_get_the_decision_checks(world, strict, client_as) -> None:
    agreement = make_agreement(world.a.employee_person, status=S)
    page = client_as("employee").get(f"/b/{world.a.body.slug}/agreements/{agreement.pk}/")
    assert 'id="decision-checks"' not in page.content.decode()


def flag_of(html: str, agreement_id: int) -> int:
    row = html[html.index(f'/agreements/{agreement_id}/">') :]
    return int(re.search(r'data-compliance="(\d+)"', row).group(1))


def test_the_inbox_flags_each_request_ok_or_with_its_number_of_problems(world, client_as) -> None:
    make_regulation(world.a.body)
    fine = make_agreement(world.a.colleague, status=S)
    broken = make_agreement(
        PersonFactory(body=world.a.body, unit=world.a.service), status=S, weekdays=[0, 1, 2]
    )
    html = client_as("manager").get(f"/b/{world.a.body.slug}/agreements/inbox/").content.decode()
    assert flag_of(html, fine.pk) == 0
    assert flag_of(html, broken.pk) == len(services.check(broken)) > 0
    assert ">OK<" in html and " problem" in html


def test_the_flags_of_many_requests_take_as_many_queries_as_one(
    world, strict, django_assert_max_num_queries
) -> None:
    def submitted() -> list[Agreement]:
        return list(Agreement.objects.filter(status=S).select_related("person__unit", "regulation"))

    make_agreement(world.a.colleague, status=S, weekdays=[0, 1, 2])
    with django_assert_max_num_queries(100) as one:
        services.compliance_of(submitted())
    for _n in range(6):
        make_agreement(PersonFactory(body=world.a.body, unit=world.a.service), status=S)
    with django_assert_max_num_queries(len(one)):
        flags = services.compliance_of(submitted())
    assert len(flags) == 7
    assert all(c.missing for c in flags.values())  # no safety notice delivered to anyone
