"""Attack (issue 16): the old savings rule added a complementary cell only when exactly one
group was hidden, so two small hidden groups (3 and 1 people) were found together by
subtracting the shown ones from the total; and a month by subtracting the others from the
year. Now neither difference is about fewer than 5 people, for HR as for observers."""

from __future__ import annotations

from datetime import date

import pytest

from agilepa.core.access import resolve_access
from agilepa.measurement.savings import Tally
from agilepa.measurement.selectors import Row, body_savings, suppress
from tests.factories import PersonFactory, make_unit
from tests.measurement.helpers import plan, profile

pytestmark = pytest.mark.django_db


def _tally(people: range) -> Tally:
    return Tally(remote_days=len(people), people=set(people))


def test_two_small_hidden_groups_are_not_found_together_by_subtraction() -> None:
    rows = [
        Row("A", 1, _tally(range(0, 9)), False),
        Row("B", 2, _tally(range(9, 12)), False),  # 3 people
        Row("C", 3, _tally(range(12, 13)), False),  # 1 person
        Row("D", 4, _tally(range(13, 19)), False),
    ]
    shown = suppress(rows, 5)
    hidden = [r for r in shown if r.suppressed]
    assert {r.label for r in hidden} >= {"B", "C"}
    assert len(set().union(*(r.tally.people for r in hidden))) >= 5


def _unit_with(world, name: str, people: int, days: dict[date, str]) -> None:
    unit = make_unit(world.a.body, name[:4].upper(), name, parent=world.a.root)
    for n in range(people):
        person = PersonFactory(body=world.a.body, unit=unit)
        profile(person, km=str(5 + n))
        plan(person, days)


@pytest.mark.parametrize("role", ["hr_admin", "observer"])
def test_the_body_minus_the_shown_units_is_never_a_small_group(world, role) -> None:
    march = {date(2027, 3, 1): "remote"}
    _unit_with(world, "Ragioneria", 9, march)
    _unit_with(world, "Tributi", 3, march)
    _unit_with(world, "Protocollo", 1, march)
    _unit_with(world, "Personale", 6, march)
    result = body_savings(resolve_access(world.users[role], world.a.body), 2027)
    assert not result.total_hidden
    hidden = [r for r in result.by_unit if r.suppressed]
    shown = [r for r in result.by_unit if not r.suppressed]
    assert {"Tributi", "Protocollo"} <= {r.label for r in hidden}
    remainder = len(result.total.people) - sum(len(r.tally.people) for r in shown)
    assert remainder >= 5 and all(len(r.tally.people) >= 5 for r in shown)


def test_the_year_minus_the_shown_months_is_never_a_small_group(world) -> None:
    _unit_with(world, "Ragioneria", 7, {date(2027, 3, 1): "remote", date(2027, 4, 1): "remote"})
    _unit_with(world, "Tributi", 2, {date(2027, 5, 3): "remote"})  # May: 2 people alone
    result = body_savings(resolve_access(world.users["hr_admin"], world.a.body), 2027)
    months = {r.label: r for r in result.by_month}
    assert months["2027-05"].suppressed
    hidden = [r for r in result.by_month if r.suppressed]
    assert len(set().union(*(r.tally.people for r in hidden))) >= 5
