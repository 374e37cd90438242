"""The people of a year or a quarter are counted from the months marked in
`PersonMonth.firsts`, without COUNT(DISTINCT …) (issue 22: SQLite's temporary b-tree for each
count). The marks give the counts COUNT(DISTINCT …) gives, also after a month is rebuilt alone
and when a person has rows in two bodies."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agilepa.indicators import engine, summary
from agilepa.indicators.engine import Period, Scope
from agilepa.indicators.models import PersonMonth
from tests.conftest import once_per_module
from tests.indicators import network
from tests.indicators.network import assert_same, distinct_figures

pytestmark = pytest.mark.django_db
PERIODS = ["2026", "2026-Q1", "2026-Q2", "2026-03"]


@pytest.fixture(scope="module")
def generated_once(django_db_setup, django_db_blocker) -> Iterator[network.Generated]:
    """The network built once for the module; what a test changes is rolled back after it."""
    yield from once_per_module(django_db_blocker, network.summarised)


@pytest.fixture
def generated(db, generated_once) -> network.Generated:
    return copy.deepcopy(generated_once)


def figures(scope: Scope, period: Period) -> dict:
    found = engine.compute(scope, period)
    return {k: found[k].value for k in engine.from_sums({})}


def scopes(g) -> list[Scope]:
    return [Scope.body(b) for b in g.bodies] + [Scope(tuple(b.pk for b in g.bodies))]


def test_a_year_is_counted_without_distinct_and_equals_it(generated) -> None:
    network_scope = scopes(generated)[-1]
    with CaptureQueriesContext(connection) as queries:
        engine.compute(network_scope, Period.parse("2026"))
    assert not [q for q in queries if "DISTINCT" in q["sql"].upper()]
    for scope in scopes(generated):
        for text in PERIODS:
            assert_same(
                figures(scope, Period.parse(text)), distinct_figures(scope, Period.parse(text))
            )


def test_rebuilding_one_month_keeps_the_marks_right(generated) -> None:
    body = generated.bodies[0]
    # January's rows go: the first month of each count of the year and of Q1 moves.
    PersonMonth.objects.filter(body=body, month=network.date(2026, 1, 1)).delete()
    summary.mark_firsts(body.pk, 2026)
    for scope in scopes(generated):
        for text in PERIODS:
            assert_same(
                figures(scope, Period.parse(text)), distinct_figures(scope, Period.parse(text))
            )
    summary.refresh(body.pk, [network.date(2026, 1, 1)])
    for scope in scopes(generated):
        for text in PERIODS:
            assert_same(
                figures(scope, Period.parse(text)), distinct_figures(scope, Period.parse(text))
            )


def test_a_person_with_rows_in_two_bodies_is_counted_once(generated) -> None:
    first, second = generated.bodies
    moved = PersonMonth.objects.filter(body=first).values_list("person_id", flat=True)[0]
    # Moved to the second body in April: its rebuild of April to June holds the person there,
    # the first body's rows of January to March stay.
    later = [network.date(2026, m, 1) for m in (4, 5, 6)]
    PersonMonth.objects.filter(person_id=moved, month__in=later).update(body=second)
    summary.mark_firsts(first.pk, 2026)
    summary.mark_firsts(second.pk, 2026)
    assert PersonMonth.objects.filter(person_id=moved).values("body").distinct().count() == 2
    network_scope = scopes(generated)[-1]
    for text in PERIODS:
        period = Period.parse(text)
        assert_same(figures(network_scope, period), distinct_figures(network_scope, period))
        each = engine.by_body([first.pk, second.pk], period)
        for body in (first, second):
            one = engine.compute(Scope.body(body), period)
            assert_same(
                {k: v.value for k, v in each[body.pk].items()}, {k: v.value for k, v in one.items()}
            )
