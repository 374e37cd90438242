"""Every measured indicator of the engine equals the plain reference computation, for a body, a
unit's subtree and the whole network, by month, quarter and year."""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator

import pytest

from agilepa.indicators import catalogue, engine
from agilepa.indicators.engine import Period, Scope
from agilepa.indicators.views import BREAKDOWN
from tests.conftest import once_per_module
from tests.indicators import network, reference

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def generated_once(django_db_setup, django_db_blocker) -> Iterator[network.Generated]:
    """The network built once for the module: every test only reads it."""
    yield from once_per_module(django_db_blocker, network.summarised)


@pytest.fixture
def generated(db, generated_once) -> network.Generated:
    return copy.deepcopy(generated_once)


def assert_same(got: dict, want: dict, where: str) -> None:
    for code, expected in want.items():
        value = got[code].value
        if expected is None:
            assert value is None, f"{where} {code}: {value} instead of nothing"
        else:
            assert value is not None, f"{where} {code}: nothing instead of {expected}"
            assert math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-6), (
                f"{where} {code}: {value} instead of {expected}"
            )


def same_value(a: float | int | None, b: float | int | None) -> bool:
    """The engine's value by two of its own paths: counts exactly, figures in floating point to
    their last bits only (1e-12): the sums of float columns (km, kg of CO2, euro) add the rows
    in the order of the database's plan, which differs between the grouped and the single
    query (PostgreSQL without xdist gave another last digit of IMPACT_CO2)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


@pytest.mark.parametrize("text", ["2026", "2026-Q2", "2026-03"])
def test_engine_equals_reference(generated, text) -> None:
    period = Period.parse(text)
    body = generated.bodies[1]
    cases = [
        ("body", Scope.body(body), [body], None),
        ("network", Scope(tuple(b.pk for b in generated.bodies)), generated.bodies, None),
    ]
    unit = generated.units["1.A"]
    cases.append(("unit", Scope.unit(unit), [body], unit.path))
    for name, scope, bodies, path in cases:
        want = reference.indicators(bodies, period.start, period.end, path)
        got = engine.compute(scope, period)
        assert_same(got, want, f"{name} {text}")
    # The generated data exercises every measured indicator with a real figure.
    full = engine.compute(Scope.body(body), Period.parse("2026"))
    for ind in catalogue.MEASURED:
        assert full[ind.code].value is not None, ind.code
    assert full["IMP_REMOTE_WORKERS"].value > 0 and full["IMP_REMOTE_DAYS"].value > 0


def test_by_month_and_by_body_equal_compute(generated) -> None:
    body = generated.bodies[0]
    months = engine.by_month(Scope.body(body), 2026)
    march = engine.compute(Scope.body(body), Period.parse("2026-03"))
    for code, value in months[network.date(2026, 3, 1)].items():
        assert same_value(value.value, march[code].value), (code, value.value, march[code].value)
    units = [generated.units["0.A"], generated.units["0.C"]]
    each_unit = engine.by_subtree(Scope.body(body), Period.parse("2026"), units)
    for unit in units:
        one = engine.compute(Scope.unit(unit), Period.parse("2026"))
        for code in BREAKDOWN:
            got, want = each_unit[unit.pk][code].value, one[code].value
            assert same_value(got, want), (unit.code, code, got, want)
    ids = [b.pk for b in generated.bodies]
    each = engine.by_body(ids, Period.parse("2026"))
    for b in ids:
        one = engine.compute(Scope.body(b), Period.parse("2026"))
        assert each[b].keys() == one.keys()
        for code, value in one.items():
            assert same_value(each[b][code].value, value.value), (b, code)
