"""A month's plan from the database: the problem the planner reads, and the stored result."""

from __future__ import annotations

from datetime import date

import pytest

from agilepa.agreements.models import AgreementStatus
from agilepa.core.access import PermissionDeniedForRole, resolve_access
from agilepa.planning.checker import check_plan
from agilepa.planning.models import (
    Absence,
    AnchorDay,
    MonthPlan,
    PatronDay,
    PlanDay,
    PlanningProfile,
    PlanStatus,
    PresenceRequirement,
)
from agilepa.planning.problem import Plan
from agilepa.planning.services import build_problem, execute_plan, start_plan
from tests.factories import OfficeSiteFactory, PersonFactory, make_agreement, make_regulation


@pytest.fixture
def month(world):
    """Body A's Servizio Anagrafe in March 2027: five people, four with agreements."""
    body, service = world.a.body, world.a.service
    make_regulation(body)
    people = [world.a.employee_person, world.a.colleague] + [
        PersonFactory(body=body, unit=service) for _ in range(3)
    ]
    make_agreement(people[0], status=AgreementStatus.ACTIVE, weekdays=[0, 3])
    make_agreement(
        people[1],
        status=AgreementStatus.ACTIVE,
        pattern="monthly_quota",
        weekdays=[],
        monthly_quota=6,
    )
    make_agreement(
        people[2], status=AgreementStatus.ACTIVE, weekdays=[1, 4], start_date=date(2027, 3, 15)
    )
    make_agreement(people[3], status=AgreementStatus.SUBMITTED, weekdays=[2])
    PlanningProfile.objects.create(person=people[1], preferred_weekdays=[1, 3])
    Absence.objects.create(
        body=body, person=people[0], start=date(2027, 3, 8), end=date(2027, 3, 12), kind="leave"
    )
    AnchorDay.objects.create(body=body, unit=service, date=date(2027, 3, 17), reason="Riunione")
    for weekday in range(5):
        PresenceRequirement.objects.create(body=body, unit=service, weekday=weekday, min_present=3)
    plan = MonthPlan.objects.create(body=body, unit=world.a.area, year=2027, month=3)
    return world, people, plan


def test_the_problem_reads_agreements_absences_rules_and_anchors(month) -> None:
    world, people, plan = month
    problem = build_problem(plan)
    assert len(problem.days) == 22  # Easter Monday, 29 March 2027
    workers = {w.id: w for w in problem.workers}
    first = workers[people[0].pk]
    assert first.remote_weekdays == {0, 3} and first.max_per_week == 2
    assert date(2027, 3, 10) in first.absences
    quota = workers[people[1].pk]
    assert quota.remote_weekdays == frozenset() and quota.max_per_month == 6
    assert quota.preferred_weekdays == {1, 3}
    assert workers[people[2].pk].agreement_start == date(2027, 3, 15)
    assert workers[people[3].pk].agreement_start is None  # only submitted
    assert workers[world.a.manager_person.pk].agreement_start is None
    assert {r.unit_id for r in problem.rules} == {world.a.service.pk}
    assert problem.anchor_days[world.a.service.pk] == {date(2027, 3, 17)}
    assert world.a.outsider.pk not in workers  # another area


def test_an_office_in_another_comune_closes_on_its_patron_day(month) -> None:
    world, people, plan = month
    site = OfficeSiteFactory(body=world.a.body, municipality="Milano")
    people[1].office_site = site
    people[1].save(update_fields=["office_site"])
    PatronDay.objects.create(
        body=world.a.body, municipality="Milano", saint="Sant'Ambrogio", month=3, day=10
    )
    workers = {w.id: w for w in build_problem(plan).workers}
    assert date(2027, 3, 10) in workers[people[1].pk].absences
    assert date(2027, 3, 10) not in workers[people[2].pk].absences  # an office in the seat's comune


def test_a_plan_is_stored_day_by_day_and_passes_the_checker(month) -> None:
    _world, people, plan = month
    execute_plan(plan, processes=1)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.READY
    assert plan.soft_report["granted"] > 0
    days = PlanDay.objects.filter(plan=plan)
    assert days.filter(person=people[0], date=date(2027, 3, 10)).get().kind == "absent"
    assert not days.filter(person=people[3], kind="remote").exists()
    assert not days.filter(date=date(2027, 3, 17), kind="remote").exists()
    remote: dict[int, set] = {}
    for day in days.filter(kind="remote"):
        remote.setdefault(day.person_id, set()).add(day.date)
    problem = build_problem(plan)
    assert check_plan(problem, Plan({k: frozenset(v) for k, v in remote.items()})) == []
    execute_plan(plan, processes=1)  # again: replaced, not doubled
    assert PlanDay.objects.filter(plan=plan).count() == days.count()


def test_only_the_units_manager_or_hr_start_a_plan(month, django_capture_on_commit_callbacks):
    world, _people, _plan = month
    manager = resolve_access(world.users["manager"], world.a.body)
    employee = resolve_access(world.users["employee"], world.a.body)
    with pytest.raises(PermissionDeniedForRole):
        start_plan(employee, world.a.service, 2027, 3)
    with pytest.raises(PermissionDeniedForRole):
        start_plan(manager, world.a.other_area, 2027, 3)
    with django_capture_on_commit_callbacks(execute=True):
        plan = start_plan(manager, world.a.service, 2027, 3)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.READY  # the test settings run tasks at once


def test_last_months_published_weekdays_and_the_places_are_carried(month) -> None:
    world, people, plan = month
    site = OfficeSiteFactory(body=world.a.body, municipality=world.a.body.municipality)
    people[1].office_site = site
    people[1].save(update_fields=["office_site"])
    february = MonthPlan.objects.create(
        body=world.a.body, unit=world.a.area, year=2027, month=2, status=PlanStatus.PUBLISHED
    )
    PlanDay.objects.create(plan=february, person=people[1], date=date(2027, 2, 2), kind="remote")
    workers = {w.id: w for w in build_problem(plan).workers}
    assert workers[people[1].pk].previous_weekdays == {1}  # a Tuesday
    execute_plan(plan, processes=1)
    days = PlanDay.objects.filter(plan=plan, person=people[1])
    assert {d.site_id for d in days.filter(kind="office")} == {site.pk}
    assert {d.place for d in days.filter(kind="remote")} == {"home"}


def test_each_office_has_its_own_closures_and_patron_whatever_the_case(month) -> None:
    """The calendars of the people's offices are read at once (`calendars_of`): the body's
    closures for all, an office's closure for its people only, a patron day matched on the
    comune's name whatever its case."""
    from agilepa.planning.models import Closure

    world, people, plan = month
    body = world.a.body
    milan = OfficeSiteFactory(body=body, municipality="MILANO")
    annex = OfficeSiteFactory(body=body, municipality=body.municipality)
    people[1].office_site = milan
    people[1].save(update_fields=["office_site"])
    people[2].office_site = annex
    people[2].save(update_fields=["office_site"])
    PatronDay.objects.create(
        body=body, municipality="Milano", saint="Sant'Ambrogio", month=3, day=10
    )
    Closure.objects.create(body=body, date=date(2027, 3, 19), reason="Ponte")
    Closure.objects.create(body=body, site=annex, date=date(2027, 3, 23), reason="Trasloco")
    Closure.objects.create(body=body, site=annex, date=date(2027, 4, 6), reason="Next month")
    problem = build_problem(plan)
    assert date(2027, 3, 19) not in problem.days  # the whole body is closed
    workers = {w.id: w for w in problem.workers}
    assert date(2027, 3, 10) in workers[people[1].pk].absences
    assert date(2027, 3, 23) not in workers[people[1].pk].absences
    assert date(2027, 3, 23) in workers[people[2].pk].absences
    assert date(2027, 3, 10) not in workers[people[2].pk].absences
    assert not workers[people[3].pk].absences  # the seat's office: nothing of the others


def test_the_calendars_read_at_once_are_each_offices_own_calendar(month) -> None:
    """`calendars_of` (the planning problem's) gives each office what `calendar_facts` (a
    person's week and month) gives it, also when a comune's patron day is entered twice in
    different spellings."""
    from agilepa.planning.models import Closure
    from agilepa.planning.selectors import calendar_facts, calendars_of

    world, _people, _plan = month
    body = world.a.body
    milan = OfficeSiteFactory(body=body, municipality="MILANO")
    seat = OfficeSiteFactory(body=body, municipality="")
    PatronDay.objects.create(
        body=body, municipality="Milano", saint="Sant'Ambrogio", month=12, day=7
    )
    PatronDay.objects.create(body=body, municipality="MILANO", saint="Altro", month=3, day=10)
    Closure.objects.create(body=body, date=date(2027, 3, 19), reason="Ponte")
    Closure.objects.create(body=body, site=milan, date=date(2027, 3, 23), reason="Trasloco")
    found = calendars_of(body, {milan.pk, seat.pk}, date(2027, 1, 1), date(2027, 12, 31))
    assert found[None] == calendar_facts(body)
    assert found[milan.pk] == calendar_facts(body, milan)
    assert found[seat.pk] == calendar_facts(body, seat)


def test_the_problem_takes_the_same_queries_however_many_people_and_offices(
    month, django_assert_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world, people, plan = month
    people[1].office_site = OfficeSiteFactory(body=world.a.body)  # one office read, then five
    people[1].save(update_fields=["office_site"])
    with CaptureQueriesContext(connection) as few:
        build_problem(plan)
    body = world.a.body
    for n in range(4):
        person = PersonFactory(
            body=body, unit=world.a.service, office_site=OfficeSiteFactory(body=body)
        )
        make_agreement(person, status=AgreementStatus.ACTIVE, weekdays=[n])
        PlanningProfile.objects.create(person=person, roles=["front"], preferred_weekdays=[n])
        Absence.objects.create(
            body=body, person=person, start=date(2027, 3, 2), end=date(2027, 3, 3), kind="leave"
        )
    with django_assert_num_queries(len(few.captured_queries)):
        problem = build_problem(plan)
    assert len(problem.workers) == len({w.id for w in problem.workers}) >= len(people) + 4
    front = [w for w in problem.workers if w.roles == {"front"}]
    assert len(front) == 4 and all(date(2027, 3, 2) in w.absences for w in front)
