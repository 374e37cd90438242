"""The protection decides on counts of people it reads itself: they must be the very counts the
engine reports for each figure, or it would protect the wrong groups."""

from __future__ import annotations

from datetime import date

import pytest

from agilepa.indicators import catalogue, engine, protection
from tests.indicators.attack_world import YEAR, answer, build

pytestmark = pytest.mark.django_db


def test_every_measured_indicator_has_its_population() -> None:
    assert {i.code for i in catalogue.MEASURED} <= set(protection.POPULATION)


@pytest.mark.parametrize("period", ["2026-03", "2026-Q1", "2026"])
def test_the_grid_counts_the_people_the_engine_reports(period) -> None:
    t = build()
    answer(t, [date(YEAR, 3, d) for d in (2, 3, 4)])
    _parents, grid = protection.body_grid(t.body.pk, YEAR)
    answers = protection.survey_counts([t.body.pk], YEAR)[t.body.pk]
    for unit in (None, t.root, t.a, t.b):
        scope = engine.Scope.unit(unit) if unit else engine.Scope.body(t.body)
        values = engine.compute(scope, engine.Period.parse(period))
        for code, population in protection.POPULATION.items():
            if population in protection.SURVEY_POPULATIONS:
                if unit is not None:
                    continue
                cells = answers[population]
            else:
                cells = grid.get(population, {})
            found = cells.get((unit.pk if unit else None, "tree", period), 0)
            assert found == values[code].people, (code, unit, period)
