"""The independent checker against hand-made plans: each hard constraint, kept and broken."""

from __future__ import annotations

from datetime import date

import pytest

from agilepa.planning.calendar import CalendarFacts, month_bounds, working_days
from agilepa.planning.checker import check_plan
from agilepa.planning.problem import Plan, PresenceRule, Problem, Worker

MARCH = tuple(working_days(CalendarFacts(), *month_bounds(2027, 3)))  # 22 working days
MON, TUE, WED, THU, FRI = (date(2027, 3, d) for d in (8, 9, 10, 11, 12))


def worker(n: int, **kw) -> Worker:
    values = {
        "id": n,
        "unit_id": 1,
        "name": f"Persona {n}",
        "agreement_start": date(2027, 1, 1),
        "max_per_week": 2,
        "max_per_month": 8,
    }
    values.update(kw)
    return Worker(**values)


def codes(problem: Problem, remote: dict[int, set[date]]) -> list[str]:
    plan = Plan({k: frozenset(v) for k, v in remote.items()})
    return [f.code for f in check_plan(problem, plan)]


def test_a_valid_plan_has_no_finding() -> None:
    problem = Problem(MARCH, (worker(1), worker(2)))
    assert codes(problem, {1: {MON, THU}, 2: {TUE}}) == []


@pytest.mark.parametrize(
    ("kw", "remote", "code"),
    [
        ({}, {date(2027, 3, 13)}, "not_a_working_day"),  # a Saturday
        ({"agreement_start": date(2027, 3, 10)}, {MON}, "not_covered"),
        ({"agreement_end": date(2027, 3, 5)}, {MON}, "not_covered"),
        ({"absences": frozenset({MON})}, {MON}, "remote_when_absent"),
        ({"mandatory_presence": frozenset({TUE})}, {TUE}, "remote_on_anchor_day"),
        ({"remote_weekdays": frozenset({0, 3})}, {WED}, "weekday_not_agreed"),
        ({}, {MON, TUE, WED}, "too_many_in_week"),
        ({"max_per_month": 1}, {MON, date(2027, 3, 15)}, "too_many_in_month"),
    ],
)
def test_each_personal_constraint_is_caught(kw: dict, remote: set[date], code: str) -> None:
    problem = Problem(MARCH, (worker(1, **kw),))
    assert code in codes(problem, {1: remote})


def test_an_anchor_day_of_the_unit_is_caught() -> None:
    problem = Problem(MARCH, (worker(1),), anchor_days={1: frozenset({WED})})
    assert codes(problem, {1: {WED}}) == ["remote_on_anchor_day"]


def test_presence_must_prevail_over_the_days_at_work() -> None:
    # Absent 12 of 22 days: 10 at work, at least 6 in the office at 51%, so 4 remote at most.
    absences = frozenset(MARCH[:12])
    loose = worker(1, absences=absences, max_per_week=5, max_per_month=20)
    at_work = [d for d in MARCH if d not in absences]
    assert codes(Problem(MARCH, (loose,)), {1: set(at_work[:4])}) == []
    assert "presence_not_prevailing" in codes(Problem(MARCH, (loose,)), {1: set(at_work[:5])})


def test_unit_minimum_presence_by_head_count_and_by_share() -> None:
    people = tuple(worker(n) for n in range(1, 6))
    heads = Problem(MARCH, people, (PresenceRule(1, 0, min_present=3, label="Anagrafe"),))
    assert codes(heads, {1: {MON}, 2: {MON}}) == []
    findings = check_plan(
        heads, Plan({1: frozenset({MON}), 2: frozenset({MON}), 3: frozenset({MON})})
    )
    assert [f.code for f in findings] == ["unit_below_minimum"]
    assert "Anagrafe needs 3 present on 08/03/2027; the plan has 2." in findings[0].message
    share = Problem(MARCH, people, (PresenceRule(1, 0, min_share_percent=50),))
    assert codes(share, {1: {MON}, 2: {MON}}) == []  # 3 of 5 present, 50% is 2.5 → 3
    assert codes(share, {1: {MON}, 2: {MON}, 3: {MON}}) == ["unit_below_minimum"]


def test_a_rule_for_a_role_counts_only_people_with_that_role() -> None:
    front = frozenset({"front_office"})
    people = (worker(1, roles=front), worker(2, roles=front), worker(3))
    problem = Problem(MARCH, people, (PresenceRule(1, 0, min_present=2, role="front_office"),))
    assert codes(problem, {3: {MON}}) == []
    assert codes(problem, {1: {MON}}) == ["unit_below_minimum"]
