"""Attack (issue 16): a unit's figures minus its child units' give the people attached directly
to it, often one head of unit, with exact absent days. The protection withholds a complement."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest

from agilepa.indicators import engine
from tests.conftest import once_per_module
from tests.indicators.attack_world import Attacker, Target, build, difference

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def target_once(django_db_setup, django_db_blocker) -> Iterator[Target]:
    """The body to attack, built once for the module; each test reads it in its own savepoint."""
    yield from once_per_module(django_db_blocker, build)


@pytest.fixture
def t(db, target_once) -> Target:
    return copy.deepcopy(target_once)


@pytest.mark.parametrize("period", ["2026-03", "2026-Q1", "2026"])
@pytest.mark.parametrize("role", ["hr", "observer"])
def test_the_unit_minus_its_children_never_gives_the_heads_absent_days(t, period, role) -> None:
    raw = engine.compute(engine.Scope.unit(t.root), engine.Period.parse(period))
    assert raw["PERF_ABSENCE"].numerator == 3  # the head's three days, all of the Ente's
    attacker = Attacker(t, getattr(t, role))
    whole = attacker.figure("PERF_ABSENCE", period, t.root)
    parts = [attacker.figure("PERF_ABSENCE", period, u) for u in (t.a, t.b)]
    assert difference(whole, parts, "numerator") is None
    assert difference(whole, parts, "denominator") is None
    assert difference(whole, parts, "people") is None


def test_the_body_minus_its_top_units_is_protected_alike(t) -> None:
    attacker = Attacker(t, t.hr)
    whole = attacker.figure("PERF_ABSENCE", "2026-03")  # the whole body: the Ente's subtree
    parts = [attacker.figure("PERF_ABSENCE", "2026-03", u) for u in (t.a, t.b)]
    assert difference(whole, parts, "numerator") is None


def test_hr_still_reads_the_figures_of_the_large_groups(t) -> None:
    attacker = Attacker(t, t.hr)
    year = attacker.figure("IMP_AGILE_DAYS", "2026")
    assert year["withheld"] is False and year["people"] == 13
    assert year["numerator"] == 6 * 2 * 2 + 2
