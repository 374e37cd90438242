"""Presence prevails over the Regolamento's window of months (joint circular of 5 January
2022): the checker and the planner carry the days of the window's earlier months (what
happened, else the published plan), and the plan's page shows each person's balance."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from agilepa.agreements import rules
from agilepa.planning.calendar import CalendarFacts, month_bounds, working_days
from agilepa.planning.checker import check_plan
from agilepa.planning.models import ActualDay, MonthPlan, PlanDay, PlanStatus
from agilepa.planning.problem import Plan, Problem, Worker
from agilepa.planning.services import build_problem
from agilepa.planning.solver import monthly_cap, solve
from tests.agreements.test_legal_checker import REGULATION
from tests.factories import make_agreement, make_regulation, weekdays

MARCH = tuple(working_days(CalendarFacts(), *month_bounds(2027, 3)))  # 22 working days
# Three remote days in each of the first four weeks: 12 of 22, presence 10 < 12 needed.
HEAVY = frozenset(d for d in MARCH if d.weekday() in (0, 2, 4) and d.day <= 26)


def worker(**kw) -> Worker:
    values = {
        "id": 1,
        "unit_id": 1,
        "agreement_start": date(2027, 1, 1),
        "max_per_week": 3,
        "max_per_month": 13,
    }
    values.update(kw)
    return Worker(**values)


def codes(w: Worker, remote: frozenset[date]) -> list[str]:
    return [f.code for f in check_plan(Problem(MARCH, (w,)), Plan({w.id: remote}))]


def test_a_month_without_prevalence_is_refused_with_a_one_month_window() -> None:
    assert len(HEAVY) == 12
    assert codes(worker(), HEAVY) == ["presence_not_prevailing"]


def test_the_same_month_is_accepted_when_presence_prevails_over_three_months() -> None:
    # January and February: 40 days at work, 6 of them remote.
    three = worker(window_months=3, window_working=40, window_remote=6)
    assert codes(three, HEAVY) == []
    # ...but not when the earlier months were already mostly remote.
    spent = worker(window_months=3, window_working=40, window_remote=19)
    [finding] = check_plan(Problem(MARCH, (spent,)), Plan({1: HEAVY}))
    assert finding.code == "presence_not_prevailing"
    assert "3-month window" in finding.message


def test_the_planner_grants_more_in_a_month_when_the_window_allows_it() -> None:
    one = worker(max_per_week=5, max_per_month=20)
    three = replace(one, window_months=3, window_working=40, window_remote=6)
    assert monthly_cap(one, MARCH) == 10
    assert monthly_cap(three, MARCH) == 20  # 62 days, 32 in the office: 30 - 6 = 24, capped
    for w, expected in ((one, 10), (three, 20)):
        result = solve(Problem(MARCH, (w,)), processes=1)
        assert len(result.plan.remote[1]) == expected
        assert check_plan(Problem(MARCH, (w,)), result.plan) == []


@pytest.mark.parametrize(
    ("month", "window", "months"),
    [
        (3, 3, [1, 2, 3]),
        (4, 3, [4]),
        (6, 6, [1, 2, 3, 4, 5, 6]),
        (2, 1, [2]),
        (12, 5, [11, 12]),  # a length that does not divide 12: the last block is shorter
    ],
)
def test_windows_are_blocks_counted_from_january(month: int, window: int, months: list[int]):
    assert rules.window_months(2027, month, window) == [(2027, m) for m in months]


def test_the_balance_says_how_many_remote_days_remain() -> None:
    balance = rules.PresenceBalance(62, 18, 51)
    assert (balance.office_days, balance.needed_in_office, balance.spare) == (44, 32, 12)
    assert rules.presence_violation(balance, 3) is None
    over = rules.presence_violation(rules.PresenceBalance(22, 12, 51), 1)
    assert over is not None and over.source == rules.DM_2021
    assert rules.presence_violation(rules.PresenceBalance(62, 40, 51), 3).source == (
        rules.CIRCULAR_2022
    )


def test_the_regolamento_sets_a_window_of_one_to_six_months() -> None:
    assert rules.check_regulation(replace(REGULATION, presence_window_months=3)) == []
    [found] = rules.check_regulation(replace(REGULATION, presence_window_months=7))
    assert found.code == "presence_window_out_of_range"
    # Over a window a month may hold more remote days than the month alone would allow.
    monthly = replace(REGULATION, max_days_per_month=12)
    assert [v.code for v in rules.check_regulation(monthly)] == ["monthly_days_beyond_presence"]
    assert rules.check_regulation(replace(monthly, presence_window_months=3)) == []


# --- from the database: what the earlier months of the window carry --------------------------


@pytest.fixture
def three_month_body(world):
    body = world.a.body
    make_regulation(
        body, presence_window_months=3, max_days_per_month=12, effective_from=date(2026, 6, 1)
    )
    person = world.a.colleague
    make_agreement(
        person,
        start_date=date(2026, 12, 1),
        status="active",
        pattern="monthly_quota",
        weekdays=[],
        monthly_quota=12,
    )
    return world, person


def _published(world, year: int, month: int) -> MonthPlan:
    return MonthPlan.objects.create(
        body=world.a.body,
        unit=world.a.root,
        year=year,
        month=month,
        status=PlanStatus.PUBLISHED,
    )


def test_the_problem_carries_the_window_s_earlier_months_actuals_first(three_month_body):
    world, person = three_month_body
    january = _published(world, 2027, 1)
    planned = [
        PlanDay(
            plan=january,
            person=person,
            date=day,
            kind="remote" if day.weekday() == 0 else "office",
        )
        for day in weekdays(date(2027, 1, 4), date(2027, 1, 31))
    ]
    PlanDay.objects.bulk_create(planned)
    # What happened replaces the plan: one planned Monday was in the office, one day absent.
    ActualDay.objects.create(
        body=world.a.body, person=person, date=date(2027, 1, 4), kind="office", source="imported"
    )
    ActualDay.objects.create(
        body=world.a.body, person=person, date=date(2027, 1, 5), kind="absent", source="imported"
    )
    march = MonthPlan.objects.create(body=world.a.body, unit=world.a.root, year=2027, month=3)
    [w] = [w for w in build_problem(march).workers if w.id == person.pk]
    assert w.window_months == 3
    assert (w.window_working, w.window_remote) == (len(planned) - 1, 3)
    april = MonthPlan.objects.create(body=world.a.body, unit=world.a.root, year=2027, month=4)
    [w] = [w for w in build_problem(april).workers if w.id == person.pk]
    assert (w.window_working, w.window_remote) == (0, 0)  # a new window starts in April


def test_the_plan_page_shows_each_person_s_balance_over_the_window(three_month_body, client):
    world, person = three_month_body
    february = _published(world, 2027, 2)
    PlanDay.objects.bulk_create(
        PlanDay(plan=february, person=person, date=d, kind="office")
        for d in working_days(CalendarFacts(), *month_bounds(2027, 2))
    )
    march = MonthPlan.objects.create(
        body=world.a.body, unit=world.a.root, year=2027, month=3, status=PlanStatus.READY
    )
    PlanDay.objects.bulk_create(
        PlanDay(plan=march, person=person, date=d, kind="remote" if d in HEAVY else "office")
        for d in MARCH
    )
    client.force_login(world.users["hr_admin"])
    html = client.get(f"/b/{world.a.body.slug}/planning/{march.pk}/").content.decode()
    # February: 20 days in the office; March: 10 of 22. 30 of 42, at least 22.
    assert f'data-balance="{person.pk}">30/42 in the office (at least 22), 3 months' in html
