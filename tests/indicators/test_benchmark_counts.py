"""The network benchmark (and the open data) count each body's people of the year, of its
quarters and of its months for the anonymity threshold, and each body's figures, from the
months marked in `PersonMonth.firsts`, in one statement each without COUNT(DISTINCT …) (issue
22). Their counts, the cells they withhold and the benchmark's figures are the ones
COUNT(DISTINCT …) gives, as built, after a month is rebuilt alone, and with a person who has
rows in two bodies."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from agilepa.indicators import engine, protection, selectors, summary
from agilepa.indicators.engine import AGILE, Period, Scope
from agilepa.indicators.models import PersonMonth
from tests.conftest import once_per_module
from tests.indicators import network
from tests.indicators.network import assert_same, distinct_figures

pytestmark = pytest.mark.django_db
YEAR = network.YEAR
PERIODS = ["2026", "2026-Q1", "2026-Q2", "2026-03"]


def summarised() -> network.Generated:
    """Five bodies (enough to compare: the benchmark's quartiles are shown) of 16 people, five
    months, each body's year summarised as of 30 June."""
    g = network.build(seed=13, bodies=5, people=16, months=5)
    for body in g.bodies:
        summary.refresh_year(body.pk, YEAR, today=date(YEAR, 6, 30))
    return g


@pytest.fixture(scope="module")
def generated_once(django_db_setup, django_db_blocker) -> Iterator[network.Generated]:
    yield from once_per_module(django_db_blocker, summarised)


@pytest.fixture
def generated(db, generated_once) -> network.Generated:
    return copy.deepcopy(generated_once)


def distinct_grid(body_ids: list[int], year: int) -> dict:
    """The bodies' own cells as COUNT(DISTINCT …) counts them, a statement per period (how
    `protection.bodies_protection` counted them before the marks)."""
    whole, months, quarters = protection.periods_of(year)
    measures = {
        "people": Count("person", distinct=True),
        "effective": Count("person", filter=AGILE, distinct=True),
        "potential": Count("person", filter=Q(potential=True), distinct=True),
        "managers": Count("person", filter=Q(manager=True), distinct=True),
    }
    grid: dict = {b: {p: {} for p in measures} for b in body_ids}
    spans = {whole: months, **quarters, **{m: [m] for m in months}}
    for period, inside in spans.items():
        first = [date(year, int(m[5:]), 1) for m in inside]
        for row in (
            PersonMonth.objects.filter(body_id__in=body_ids, month__in=first)
            .values("body_id")
            .annotate(**measures)
            .order_by()
        ):
            for population in measures:
                grid[row["body_id"]][population][(None, "tree", period)] = row[population]
    return grid


def benchmark_figures(g: network.Generated) -> list:
    table = selectors.benchmark_table(g.network, Period(YEAR), None, coordinator=True)
    return [(line.indicator.code, line.spread, line.members) for line in table.lines]


def check(g: network.Generated, monkeypatch) -> None:
    ids = [b.pk for b in g.bodies]
    assert protection.bodies_grid(ids, YEAR) == distinct_grid(ids, YEAR)
    for text in PERIODS:
        period = Period.parse(text)
        each = engine.by_body(ids, period)
        for body_id in ids:
            found = {k: v.value for k, v in each[body_id].items()}
            measured = {k: found[k] for k in engine.from_sums({})}
            assert_same(measured, distinct_figures(Scope.body(body_id), period))
    # The withheld cells and the benchmark's figures, before (COUNT(DISTINCT …)) and after.
    after_cells = {b: p.withheld for b, p in protection.bodies_protection(ids, YEAR).items()}
    after = benchmark_figures(g)
    with monkeypatch.context() as m:
        m.setattr(protection, "bodies_grid", distinct_grid)
        before_cells = {b: p.withheld for b, p in protection.bodies_protection(ids, YEAR).items()}
        before = benchmark_figures(g)
    assert after_cells == before_cells
    assert after == before


def test_the_benchmark_counts_without_distinct_as_distinct_does(generated, monkeypatch) -> None:
    with CaptureQueriesContext(connection) as queries:
        benchmark_figures(generated)
    read = [q["sql"].upper() for q in queries if "INDICATORS_PERSONMONTH" in q["sql"].upper()]
    assert read and not [q for q in read if "DISTINCT" in q]
    assert not all(line[1].hidden for line in benchmark_figures(generated))
    check(generated, monkeypatch)


def test_after_one_month_is_rebuilt_alone(generated, monkeypatch) -> None:
    body = generated.bodies[0]
    PersonMonth.objects.filter(body=body, month=date(YEAR, 1, 1)).delete()
    summary.mark_firsts(body.pk, YEAR)
    check(generated, monkeypatch)
    summary.refresh(body.pk, [date(YEAR, 1, 1)])
    check(generated, monkeypatch)


def test_a_person_with_rows_in_two_bodies_is_counted_once_in_each(generated, monkeypatch) -> None:
    first, second = generated.bodies[:2]
    moved = PersonMonth.objects.filter(body=first).values_list("person_id", flat=True)[0]
    later = [date(YEAR, m, 1) for m in (4, 5, 6)]
    PersonMonth.objects.filter(person_id=moved, month__in=later).update(body=second)
    summary.mark_firsts(first.pk, YEAR)
    summary.mark_firsts(second.pk, YEAR)
    assert PersonMonth.objects.filter(person_id=moved).values("body").distinct().count() == 2
    check(generated, monkeypatch)
