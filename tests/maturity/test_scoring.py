"""The self-assessment's scoring against cases computed by hand (docs/maturity.md)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from agilepa.maturity.questionnaire import (
    Dimension,
    Phase,
    items_of,
    median,
    phase_of,
    score,
    validate_answers,
)

D = Dimension


def answers(levels: dict[Dimension, list[int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for dimension, values in levels.items():
        for item, level in zip(items_of(dimension), values, strict=True):
            out[item.code] = level
    return out


def test_every_item_fully_in_place_scores_100_and_sviluppo_avanzato() -> None:
    result = score(answers({d: [4, 4, 4, 4] for d in Dimension}))
    assert set(result.scores.values()) == {Decimal("100.0")}
    assert result.overall == Decimal("100.0")
    assert result.overall_phase == Phase.AVANZATO


def test_a_mixed_body_scores_as_computed_by_hand() -> None:
    # organisation 8/16 = 50; skills 15/16 = 93.75 -> 93.8; digital 3/16 = 18.75 -> 18.8;
    # spaces 0; performance 11/16 = 68.75 -> 68.8; wellbeing 8/16 = 50.
    # Overall (50 + 93.8 + 18.8 + 0 + 68.8 + 50) / 6 = 281.4 / 6 = 46.9.
    result = score(
        answers(
            {
                D.ORGANISATION: [2, 3, 1, 2],
                D.SKILLS: [4, 4, 3, 4],
                D.DIGITAL: [1, 1, 0, 1],
                D.SPACES: [0, 0, 0, 0],
                D.PERFORMANCE: [3, 3, 3, 2],
                D.WELLBEING: [2, 2, 2, 2],
            }
        )
    )
    assert result.scores == {
        D.ORGANISATION: Decimal("50.0"),
        D.SKILLS: Decimal("93.8"),
        D.DIGITAL: Decimal("18.8"),
        D.SPACES: Decimal("0.0"),
        D.PERFORMANCE: Decimal("68.8"),
        D.WELLBEING: Decimal("50.0"),
    }
    assert result.phases == {
        D.ORGANISATION: Phase.INTERMEDIO,
        D.SKILLS: Phase.AVANZATO,
        D.DIGITAL: Phase.AVVIO,
        D.SPACES: Phase.AVVIO,
        D.PERFORMANCE: Phase.INTERMEDIO,
        D.WELLBEING: Phase.INTERMEDIO,
    }
    assert result.overall == Decimal("46.9")
    assert result.overall_phase == Phase.INTERMEDIO
    assert result.weakest(2) == [D.SPACES, D.DIGITAL]


def test_a_high_mean_with_one_dimension_in_avvio_is_at_most_sviluppo_intermedio() -> None:
    # Five dimensions at 100, spaces 3/16 = 18.75 -> 18.8: overall 518.8 / 6 = 86.47 -> 86.5,
    # avanzato by its score, but one phase above the weakest (avvio) at most.
    levels = {d: [4, 4, 4, 4] for d in Dimension}
    levels[D.SPACES] = [1, 1, 1, 0]
    result = score(answers(levels))
    assert result.overall == Decimal("86.5")
    assert phase_of(result.overall) == Phase.AVANZATO
    assert result.overall_phase == Phase.INTERMEDIO


def test_a_body_in_avvio_everywhere_is_in_avvio() -> None:
    # 6/16 = 37.5 in every dimension.
    result = score(answers({d: [2, 2, 1, 1] for d in Dimension}))
    assert result.overall == Decimal("37.5")
    assert result.overall_phase == Phase.AVVIO


@pytest.mark.parametrize(
    ("value", "phase"),
    [
        ("0", Phase.AVVIO),
        ("39.9", Phase.AVVIO),
        ("40", Phase.INTERMEDIO),
        ("69.9", Phase.INTERMEDIO),
        ("70", Phase.AVANZATO),
        ("100", Phase.AVANZATO),
    ],
)
def test_the_thresholds_of_the_phases(value: str, phase: Phase) -> None:
    assert phase_of(Decimal(value)) == phase


def test_an_unanswered_item_leaves_its_dimension_and_the_overall_without_a_score() -> None:
    given = answers({d: [3, 3, 3, 3] for d in Dimension})
    del given["spaces_booking"]
    result = score(given)
    assert D.SPACES not in result.scores
    assert result.scores[D.DIGITAL] == Decimal("75.0")
    assert result.overall is None and result.overall_phase is None
    assert result.unanswered == ("spaces_booking",)
    assert not result.complete


def test_the_median_of_odd_and_even_counts_rounds_half_up() -> None:
    assert median([Decimal(30), Decimal(10), Decimal(20)]) == Decimal(20)
    assert median([Decimal(10), Decimal(20), Decimal(30), Decimal(45)]) == Decimal("25.0")
    assert median([Decimal("1.1"), Decimal("1.2")]) == Decimal("1.2")


def test_answers_outside_the_scale_or_the_questionnaire_are_refused_by_name() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_answers(
            {"org_regulation": 5, "skills_budget": -1, "nonsense": 2, "org_presence": True}
        )
    assert set(refused.value.message_dict) == {
        "org_regulation",
        "skills_budget",
        "nonsense",
        "org_presence",
    }
    assert validate_answers({"org_regulation": 0, "skills_budget": 4}) == {
        "org_regulation": 0,
        "skills_budget": 4,
    }
