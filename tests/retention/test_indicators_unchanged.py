"""Pseudonymising people leaves every indicator of the past years as it was: their days,
agreements, training, equipment, objectives and commute keep counting (docs/retention.md)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date

import pytest

from agilepa.indicators import summary
from agilepa.indicators.engine import Period, Scope, by_month, compute
from agilepa.org.models import Municipality, Person
from agilepa.retention import rules
from agilepa.retention.models import Pseudonymisation
from tests.conftest import once_per_module
from tests.indicators import network
from tests.retention.helpers import NOW

BUILT_ON = date(2026, 12, 2)


def figures(bodies) -> dict:
    """Every indicator of every body for the year, its quarters and its months."""
    periods = [Period(2026)] + [Period(2026, quarter=q) for q in range(1, 5)]
    return {
        body.pk: (
            {str(p): compute(Scope.body(body), p) for p in periods},
            by_month(Scope.body(body), 2026),
        )
        for body in bodies
    }


def build() -> tuple[network.Generated, dict]:
    """The network, its summary and its figures before any pseudonymisation."""
    g = network.build(seed=11, bodies=2, people=24, months=6)
    # Homes too: a coworking day's saving is measured from home to the hub.
    bologna = Municipality.objects.get(istat_code="037006")
    Person.objects.filter(body__in=g.bodies).update(home_municipality=bologna)
    for body in g.bodies:
        summary.refresh_year(body.pk, 2026, today=BUILT_ON)
    return g, figures(g.bodies)


@pytest.fixture(scope="module")
def built_once(django_db_setup, django_db_blocker) -> Iterator[tuple[network.Generated, dict]]:
    """Built once for the module; each test pseudonymises in its own savepoint."""
    yield from once_per_module(django_db_blocker, build)


@pytest.fixture
def built(db, built_once) -> tuple[network.Generated, dict]:
    return copy.deepcopy(built_once)


def test_every_indicator_of_the_past_year_is_unchanged_after_pseudonymisation(built) -> None:
    g, before = built

    rules.run(now=NOW)

    ended = Person.objects.filter(body__in=g.bodies, is_active=False)
    assert ended.count() >= 2
    assert Pseudonymisation.objects.count() == ended.count()
    assert not ended.exclude(first_name="Persona").exists()
    assert figures(g.bodies) == before


def test_rebuilding_the_year_after_pseudonymisation_changes_only_the_coworking_savings(
    built,
) -> None:
    """HR's "recompute now" rebuilds the summary from the records: a coworking day's saving is
    measured from home to the hub, and the home is gone, so that part of the savings drops
    (docs/retention.md). Every other figure is the same."""
    g, before = built

    rules.run(now=NOW)
    for body in g.bodies:
        summary.refresh_year(body.pk, 2026, today=BUILT_ON)

    after = figures(g.bodies)
    for pk, (periods, months) in before.items():
        assert months.keys() == after[pk][1].keys()
        for period, values in periods.items():
            for code, value in values.items():
                again = after[pk][0][period][code]
                if code in SAVINGS:
                    assert again.value <= value.value + 1e-9, (period, code)
                else:
                    assert again == value, (period, code)


SAVINGS = {"IMPACT_KM", "IMPACT_HOURS", "IMPACT_CO2", "IMPACT_EUR"}
