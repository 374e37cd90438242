"""The CP-SAT planner: it plans within every hard constraint, reports what cannot be met and
by how much, is deterministic, and every plan it makes passes the independent checker."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agilepa.planning.calendar import CalendarFacts, month_bounds, working_days
from agilepa.planning.checker import check_plan
from agilepa.planning.problem import PresenceRule, Problem, Worker
from agilepa.planning.solver import greedy, solve

MARCH = tuple(working_days(CalendarFacts(), *month_bounds(2027, 3)))


def person(n: int, unit: int = 1, **kw) -> Worker:
    values = {
        "id": n,
        "unit_id": unit,
        "name": f"Persona {n}",
        "agreement_start": date(2027, 1, 1),
        "max_per_week": 2,
        "max_per_month": 8,
    }
    values.update(kw)
    return Worker(**values)


def test_everyone_gets_their_days_when_nothing_stands_in_the_way() -> None:
    problem = Problem(MARCH, tuple(person(n) for n in range(1, 5)))
    result = solve(problem, processes=1)
    assert check_plan(problem, result.plan) == []
    assert all(len(days) == 8 for days in result.plan.remote.values())
    assert result.soft.granted == result.soft.entitled == 32


def test_the_unit_minimum_holds_and_the_shortfall_is_reported() -> None:
    people = tuple(person(n) for n in range(1, 6))
    rules = tuple(PresenceRule(1, wd, min_present=4, label="Servizio Anagrafe") for wd in range(5))
    problem = Problem(MARCH, people, rules)
    result = solve(problem, processes=1)
    assert check_plan(problem, result.plan) == []
    # One person remote per day at most: 22 working days (Easter Monday is 29 March), for 5
    # people entitled to 8 each.
    assert len(MARCH) == 22
    assert result.soft.granted == 22
    assert result.soft.shortfalls


def test_an_impossible_minimum_is_named_with_its_shortfall_and_the_rest_is_planned() -> None:
    mondays = frozenset(d for d in MARCH if d.weekday() == 0)
    people = (
        person(1, absences=mondays),
        person(2),
        person(3),
        person(4),
        person(5, unit=2),
    )
    rules = (PresenceRule(1, 0, min_present=4, label="Servizio Anagrafe"),)
    problem = Problem(MARCH, people, rules)
    result = solve(problem, processes=1)
    first = result.infeasible[0]
    assert first.code == "unit_below_minimum" and first.missing == 1
    assert first.message.startswith("Servizio Anagrafe needs 4 present on Mondays; only 3 can be")
    assert len(result.infeasible) == len(mondays)
    findings = check_plan(problem, result.plan)
    assert {(f.code, f.day) for f in findings} <= {(f.code, f.day) for f in result.infeasible}
    assert len(result.plan.remote[5]) == 8  # the other unit is planned in full
    assert not any(d.weekday() == 0 for d in result.plan.remote[2])


def test_preferences_fixed_weekdays_and_anchor_days_are_respected() -> None:
    wednesdays = frozenset(d for d in MARCH if d.weekday() == 2)
    people = (
        person(1, preferred_weekdays=frozenset({1, 3})),
        person(2, remote_weekdays=frozenset({0, 4})),
    )
    problem = Problem(MARCH, people, anchor_days={1: wednesdays})
    result = solve(problem, processes=1)
    assert check_plan(problem, result.plan) == []
    assert {d.weekday() for d in result.plan.remote[1]} <= {1, 3}
    assert {d.weekday() for d in result.plan.remote[2]} <= {0, 4}


def test_the_same_problem_and_seed_give_the_same_plan_in_parallel_or_not() -> None:
    people = tuple(person(n, unit=n % 6) for n in range(60))
    rules = tuple(PresenceRule(u, wd, min_share_percent=60) for u in range(6) for wd in range(5))
    problem = Problem(MARCH, people, rules)
    one = solve(problem, seed=7, processes=1)
    two = solve(problem, seed=7, processes=2)
    assert one.plan == two.plan
    assert one.parts == 6


def test_greedy_baseline_also_passes_the_checker() -> None:
    people = tuple(person(n, unit=n % 3) for n in range(30))
    rules = tuple(PresenceRule(u, wd, min_present=6) for u in range(3) for wd in range(5))
    problem = Problem(MARCH, people, rules)
    baseline = greedy(problem)
    assert check_plan(problem, baseline) == []
    planned = solve(problem, processes=1).plan
    assert sum(map(len, planned.remote.values())) >= sum(map(len, baseline.remote.values()))


@st.composite
def problems(draw) -> Problem:
    units = draw(st.integers(1, 3))
    people = []
    for n in range(draw(st.integers(1, 14))):
        start = date(2027, 3, 1) + timedelta(days=draw(st.integers(-30, 20)))
        absent = draw(st.sets(st.sampled_from(MARCH), max_size=8))
        fixed = draw(st.sets(st.integers(0, 4), max_size=2))
        people.append(
            Worker(
                id=n,
                unit_id=draw(st.integers(0, units - 1)),
                roles=frozenset({"front_office"}) if draw(st.booleans()) else frozenset(),
                agreement_start=start,
                agreement_end=draw(st.one_of(st.none(), st.sampled_from(MARCH))),
                remote_weekdays=frozenset(fixed),
                max_per_week=draw(st.integers(0, 3)),
                max_per_month=draw(st.integers(0, 10)),
                absences=frozenset(absent),
                preferred_weekdays=frozenset(draw(st.sets(st.integers(0, 4), max_size=2))),
            )
        )
    rules = tuple(
        PresenceRule(
            unit_id=draw(st.integers(0, units - 1)),
            weekday=draw(st.integers(0, 4)),
            min_present=draw(st.integers(0, 6)),
            min_share_percent=draw(st.sampled_from([0, 30, 50, 80])),
            role=draw(st.sampled_from(["", "front_office"])),
        )
        for _ in range(draw(st.integers(0, 4)))
    )
    anchors = {
        u: frozenset(draw(st.sets(st.sampled_from(MARCH), max_size=3))) for u in range(units)
    }
    return Problem(MARCH, tuple(people), rules, anchors)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_plan_passes_the_checker_or_the_broken_rule_was_reported_infeasible(
    problem: Problem,
) -> None:
    result = solve(problem, processes=1)
    reported = {(f.code, f.unit_id, f.day) for f in result.infeasible}
    for finding in check_plan(problem, result.plan):
        assert (finding.code, finding.unit_id, finding.day) in reported, finding.message
