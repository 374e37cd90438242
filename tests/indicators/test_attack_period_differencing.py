"""Attack (issue 16): a month's figures found by subtracting the other months from the quarter
or the year. Every combination the API offers is tried, as HR and as an observer."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date

import pytest

from tests.conftest import once_per_module
from tests.indicators.attack_world import (
    Attacker,
    Target,
    answer,
    build,
    difference,
    people_in,
)

pytestmark = pytest.mark.django_db

MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]
QUARTERS = {f"2026-Q{q}": MONTHS[3 * q - 3 : 3 * q] for q in range(1, 5)}


@pytest.fixture(scope="module")
def target_once(django_db_setup, django_db_blocker) -> Iterator[Target]:
    """The body to attack, built once for the module; each test attacks it in its own
    savepoint (what one test adds, another does not see)."""
    yield from once_per_module(django_db_blocker, build)


@pytest.fixture
def t(db, target_once) -> Target:
    return copy.deepcopy(target_once)


def _attack(attacker: Attacker, code: str, unit=None) -> list[str]:
    """Every subtraction of the released months from their quarter or year whose remainder
    (the withheld months together) is about 1 to 4 people."""
    found = {p: attacker.figure(code, p, unit) for p in [*MONTHS, *QUARTERS, "2026"]}
    leaks = []
    for parent, months in [*QUARTERS.items(), ("2026", MONTHS)]:
        hidden = [m for m in months if found[m]["withheld"]]
        shown = [found[m] for m in months if not found[m]["withheld"]]
        if not hidden or found[parent]["withheld"]:
            continue
        if difference(found[parent], shown, "numerator") is None:
            continue
        if 0 < people_in(attacker.target, code, hidden, unit) < 5:
            leaks.append(f"{parent} - shown months = {hidden}")
    return leaks


@pytest.mark.parametrize("role", ["hr", "observer"])
def test_the_quarter_minus_its_months_never_gives_marchs_lone_agile_worker(t, role) -> None:
    attacker = Attacker(t, getattr(t, role))
    assert attacker.figure("IMPACT_KM", "2026-03", t.a)["withheld"]  # one person: withheld
    for code in ("IMPACT_KM", "IMP_COWORKING", "IMP_DAYS_PER_WORKER"):
        assert _attack(attacker, code, t.a) == []
        assert _attack(attacker, code) == []


def test_the_quarter_minus_its_months_never_gives_one_answer(t) -> None:
    answer(t, [date(2026, 4, 14)], score=5)  # the one to find
    answer(t, [date(2026, 5, d) for d in range(4, 11)], score=2)
    attacker = Attacker(t, t.hr)
    assert attacker.figure("IMPACT_WELLBEING", "2026-Q2")["withheld"] is False
    assert attacker.figure("IMPACT_WELLBEING", "2026-04")["withheld"] is True
    assert _attack(attacker, "IMPACT_WELLBEING") == []
    assert _attack(attacker, "IMP_SATISFACTION") == []
