"""Who decides a request sees what the checker finds before deciding: on the agreement's page
the broken rules and the prerequisites missing, in the inbox a flag on each row."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agilepa.agreements import selectors, services
from agilepa.agreements.models import Agreement, AgreementStatus, Regulation
from agilepa.agreements.special import READ
from agilepa.audit.models import AuditEntry
from agilepa.core.access import resolve_access
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


def test_the_inbox_takes_as_many_queries_for_twelve_requests_as_for_three(
    world, strict, client_as
) -> None:
    """Each row's read of the priorities recorded, and its flag, without a query per row."""
    url = f"/b/{world.a.body.slug}/agreements/inbox/"
    hr = client_as("hr_admin")
    assert hr.get(url).status_code == 200  # the session and the caches warmed up
    three_days: list[Agreement] = []

    def submit(n: int) -> list[Agreement]:
        made = []
        for i in range(n):
            person = PersonFactory(body=world.a.body, unit=world.a.service)
            weekdays = [0, 1, 2] if i % 2 else [0, 3]
            made.append(
                make_agreement(
                    person, status=S, priorities=["caregiver"][: i % 2], weekdays=weekdays
                )
            )
        three_days.extend(a for a in made if len(a.weekdays) == 3)
        return made

    def page() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            response = hr.get(url)
        assert response.status_code == 200
        return response.content.decode(), len(queries)

    first = submit(3)
    html, three = page()
    assert html.count("data-compliance=") == 3
    later = submit(9)
    html, twelve = page()
    assert twelve == three
    assert html.count("data-compliance=") == 12
    for agreement in first + later:  # a safety notice missing, and the rules three days break
        broken = services.check(agreement)
        assert bool(broken) == (agreement in three_days)
        assert flag_of(html, agreement.pk) == 1 + len(broken)
        reads = AuditEntry.objects.filter(action=READ, object_id=str(agreement.pk))
        assert reads.count() == (2 if agreement in first else 1)  # one a row each time shown
        entry = reads.first()
        assert entry.changes == {"fields": ["priorities"]}
        assert (entry.person_id, entry.body_id) == (agreement.person_id, world.a.body.pk)
        assert entry.actor_id == world.users["hr_admin"].pk
        assert entry.object_label == str(agreement)


def test_a_long_inbox_shows_a_page_in_rank_order_and_records_the_reads_of_that_page(
    world, strict, client_as, monkeypatch
) -> None:
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)  # 50 on the site: the same code path
    made = [
        make_agreement(PersonFactory(body=world.a.body, unit=world.a.service), status=S)
        for _i in range(5)
    ]
    ranked = [
        pk
        for pk, _reason in selectors.ranked_inbox(
            resolve_access(world.users["hr_admin"], world.a.body)
        )
    ]
    url = f"/b/{world.a.body.slug}/agreements/inbox/"
    hr = client_as("hr_admin")
    html = hr.get(url).content.decode()
    assert html.count("data-compliance=") == 2
    assert "5 requests to decide" in html
    assert re.search(r'href="\?page=2"', html)
    second = hr.get(url + "?page=2").content.decode()
    assert [flag_of(second, pk) for pk in ranked[2:4]] == [1, 1]  # a safety notice missing
    assert f'/agreements/{ranked[0]}/"' not in second
    assert "<td>3</td>" in second  # the rank goes on from the first page
    shown = AuditEntry.objects.filter(action=READ, object_id__in=[str(a.pk) for a in made])
    assert sorted(int(e.object_id) for e in shown) == sorted(ranked[:4])
