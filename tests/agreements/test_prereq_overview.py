"""HR and managers see who is missing a required prerequisite."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from agilepa.agreements import rules, selectors
from agilepa.agreements.models import (
    Regulation,
    SafetyNotice,
    TrainingCompletion,
    TrainingCourse,
    WorkstationCheck,
)
from agilepa.agreements.prerequisites import selectors as prereq_selectors
from agilepa.core.access import resolve_access
from agilepa.org.selectors import people_for
from tests.factories import PersonFactory


def test_the_overview_lists_people_missing_a_required_check_for_hr(body_a, client_of) -> None:
    Regulation.objects.update(required_prerequisites=["it_check"])
    url = f"/b/{body_a.a.body.slug}/prerequisites/"
    html = client_of("hr_admin").get(url).content.decode()
    assert body_a.a.employee_person.last_name in html
    assert "IT check" in html


def test_the_overview_filtered_by_another_prerequisite_is_empty(body_a, client_of) -> None:
    Regulation.objects.update(required_prerequisites=["it_check"])
    url = f"/b/{body_a.a.body.slug}/prerequisites/?kind=safety_notice"
    html = client_of("hr_admin").get(url).content.decode()
    assert "Nobody is missing a required prerequisite." in html


def test_an_employee_cannot_see_the_overview(body_a, client_of) -> None:
    url = f"/b/{body_a.a.body.slug}/prerequisites/"
    assert client_of("employee").get(url).status_code == 403


def test_a_long_overview_shows_a_page_and_links_to_the_next_keeping_the_filters(
    body_a, client_of, monkeypatch
) -> None:
    world = body_a
    Regulation.objects.update(required_prerequisites=["it_check", "safety_notice"])
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)  # 50 on the site: the same code path
    names = sorted(
        PersonFactory(body=world.a.body, unit=world.a.other_area, last_name=f"Zeta{i}").last_name
        for i in range(4)
    )
    names.append(world.a.outsider.last_name)
    names.sort()
    url = f"/b/{world.a.body.slug}/prerequisites/?unit={world.a.other_area.pk}&kind=it_check"
    hr = client_of("hr_admin")
    html = hr.get(url).content.decode()
    assert html.count("<tr>") == 1 + 2  # the head and a page of rows
    assert "5 people found" in html
    assert names[0] in html and names[2] not in html
    links = set(re.findall(r'href="(\?[^"]*page=2[^"]*)"', html))
    assert links == {f"?unit={world.a.other_area.pk}&amp;kind=it_check&amp;page=2"}
    last = hr.get(url + "&page=3").content.decode()
    assert names[4] in last and names[0] not in last
    assert world.a.employee_person.last_name not in last  # another unit: filtered on every page


def test_the_overview_takes_as_many_queries_for_twelve_people_missing_as_for_three(
    body_a, client_of
) -> None:
    world = body_a
    Regulation.objects.update(required_prerequisites=["it_check", "safety_notice"])
    url = f"/b/{world.a.body.slug}/prerequisites/"
    hr = client_of("hr_admin")
    assert hr.get(url).status_code == 200  # the session and the caches warmed up

    def page() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            response = hr.get(url)
        return response.content.decode(), len(queries)

    people = PersonFactory.create_batch(3, body=world.a.body, unit=world.a.service)
    _, few = page()
    people += PersonFactory.create_batch(60, body=world.a.body, unit=world.a.service)
    html, many = page()
    assert many == few
    assert html.count('/prerequisites/">') >= 50  # a page of people, each a link


def test_the_people_selected_in_sql_are_those_the_states_say_lack_a_prerequisite(
    body_a,
) -> None:
    """The selection (a query over the checks, notices and completions) and the page's
    computation of each person's states agree, at the edges of each validity."""
    world = body_a
    body = world.a.body
    today = timezone.localdate()
    regulation = Regulation.objects.get(body=body)
    regulation.required_prerequisites = [p.value for p in rules.Prerequisite]
    regulation.it_check_validity_months = 12
    regulation.save()
    yearly = TrainingCourse.objects.create(
        body=body, code="C1", title="Cyber", topic="cybersecurity", validity_months=24
    )
    forever = TrainingCourse.objects.create(
        body=body, code="C2", title="Cyber base", topic="cybersecurity"
    )
    safety = TrainingCourse.objects.create(
        body=body, code="S1", title="Safety", topic="safety", validity_months=6
    )
    passed = dict.fromkeys(WorkstationCheck.ITEMS, True)
    edge = rules.valid_since(today, 12)
    people = PersonFactory.create_batch(8, body=body, unit=world.a.service)

    def check(person, on, **items) -> None:
        WorkstationCheck.objects.create(
            body=body, person=person, device="PC", checked_on=on, **{**passed, **items}
        )

    check(people[0], edge)  # valid today, its last day
    check(people[1], edge - timedelta(days=1))  # expired yesterday
    check(people[2], today - timedelta(days=30))
    check(people[2], today, vpn=False)  # the latest failed: no longer safe
    check(people[3], today, vpn=False)
    check(people[3], today - timedelta(days=3))  # an older pass does not save a later failure
    for i, person in enumerate(people):
        SafetyNotice.objects.create(
            body=body, person=person, delivered_on=edge - timedelta(days=i % 2)
        )
        TrainingCompletion.objects.create(
            course=(yearly, forever, safety)[i % 3],
            person=person,
            completed_on=rules.valid_since(today, 24) - timedelta(days=i % 2),
        )
    access = resolve_access(world.users["hr_admin"], body)
    for kind in ["", *(p.value for p in rules.Prerequisite)]:
        selected = set(prereq_selectors.people_missing_prerequisites(access, kind=kind))
        computed = {
            row.person
            for row in prereq_selectors.gaps_of(access, list(people_for(access)), kind)
            if row.gaps
        }
        assert selected == computed, kind
    assert people[0] in set(prereq_selectors.people_missing_prerequisites(access, kind=""))
    lacking_check = set(prereq_selectors.people_missing_prerequisites(access, kind="it_check"))
    assert people[0] not in lacking_check
    assert {people[1], people[2], people[3]} <= lacking_check


@given(st.dates(date(2000, 1, 1), date(2100, 12, 31)), st.integers(0, 60), st.integers(-400, 400))
def test_a_validity_holds_exactly_from_the_day_it_is_valid_since(
    on: date, months: int, offset: int
) -> None:
    since = rules.valid_since(on, months)
    day = since + timedelta(days=offset)
    assert (rules.add_months(day, months) >= on) == (day >= since)
