"""The ranking's arithmetic and its tie rule, against hand-computed cases."""

from __future__ import annotations

from fractions import Fraction

from agilepa.awards.ranking import CriterionSpec, Entry, rank

CRITERIA = [
    CriterionSpec(1, "Flessibilità", 30, 1),
    CriterionSpec(2, "Responsabilità sui risultati", 50, 2),
    CriterionSpec(3, "Formazione", 20, 3),
]


def test_total_is_the_weighted_mean_scaled_to_100() -> None:
    # 30 x 8/10 + 50 x (6+7)/2/10 + 20 x 10/10 = 24 + 32.5 + 20 = 76.5
    ranked, ties = rank(CRITERIA, [Entry(1, "Comune A", {1: [8], 2: [6, 7], 3: [10]})], 10)
    assert ranked[0].total == Fraction(153, 2)
    assert ranked[0].means == {1: 8, 2: Fraction(13, 2), 3: 10}
    assert ties == []


def test_a_criterion_nobody_scored_counts_zero() -> None:
    ranked, _ties = rank(CRITERIA, [Entry(1, "Comune A", {1: [10], 3: [10]})], 10)
    assert ranked[0].total == 50
    assert ranked[0].means[2] is None


def test_equal_totals_are_decided_by_the_heaviest_criterion() -> None:
    # Both total 70: A = 30x1 + 50x0.6 + 20x0.5 = 30+30+10; B = 30x0.5 + 50x0.7 + 20x1 = 15+35+20
    entries = [
        Entry(1, "Comune A", {1: [10], 2: [6], 3: [5]}),
        Entry(2, "Comune B", {1: [5], 2: [7], 3: [10]}),
    ]
    ranked, ties = rank(CRITERIA, entries, 10)
    assert [(r.position, r.name, r.total) for r in ranked] == [
        (1, "Comune B", 70),
        (2, "Comune A", 70),
    ]
    assert len(ties) == 1
    assert ties[0].criterion == "Responsabilità sui risultati"
    assert (ties[0].first_mean, ties[0].second_mean) == (7, 6)


def test_equal_weights_are_taken_in_the_calls_order() -> None:
    criteria = [CriterionSpec(1, "Cloud", 50, 1), CriterionSpec(2, "Dotazioni", 50, 2)]
    entries = [Entry(1, "Comune A", {1: [4], 2: [6]}), Entry(2, "Comune B", {1: [6], 2: [4]})]
    ranked, ties = rank(criteria, entries, 10)
    assert [r.name for r in ranked] == ["Comune B", "Comune A"]
    assert ties[0].criterion == "Cloud"


def test_applications_equal_on_every_criterion_share_the_position() -> None:
    entries = [
        Entry(1, "Comune B", {1: [7], 2: [7], 3: [7]}),
        Entry(2, "Comune A", {1: [7], 2: [7], 3: [7]}),
        Entry(3, "Comune C", {1: [1], 2: [1], 3: [1]}),
    ]
    ranked, ties = rank(CRITERIA, entries, 10)
    assert [(r.position, r.name) for r in ranked] == [
        (1, "Comune A"),
        (1, "Comune B"),
        (3, "Comune C"),
    ]
    assert len(ties) == 1 and ties[0].criterion is None


def test_the_scale_divides_the_total() -> None:
    criteria = [CriterionSpec(1, "Unico", 100, 1)]
    ranked, _ = rank(criteria, [Entry(1, "Comune A", {1: [3, 4]})], 5)
    assert ranked[0].total == 70
