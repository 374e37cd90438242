"""Progress of key results and objectives, and its roll-up up the tree (docs/objectives.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agilepa.objectives import progress as rules
from agilepa.objectives.models import Objective
from agilepa.objectives.progress import KeyResultFacts
from agilepa.objectives.services import recompute, record_checkin, set_state
from tests.objectives.helpers import access_of, make_objective, numeric

D = Decimal


def test_a_metric_halfway_from_baseline_to_target_is_half_done() -> None:
    assert rules.metric_progress(D(20), D(60), D(40), "increase") == D("0.5")


def test_a_decreasing_metric_progresses_as_it_goes_down() -> None:
    # Processing time from 40 days to 20: at 35 days a quarter of the way.
    assert rules.metric_progress(D(40), D(20), D(35), "decrease") == D("0.25")
    assert rules.metric_progress(D(40), D(20), D(45), "decrease") == 0
    assert rules.metric_progress(D(40), D(20), D(10), "decrease") == 1


def test_a_target_equal_to_the_baseline_is_a_level_to_hold() -> None:
    assert rules.metric_progress(D(5), D(5), D(5), "increase") == 1
    assert rules.metric_progress(D(5), D(5), D(4), "increase") == 0
    assert rules.metric_progress(D(5), D(5), D(6), "decrease") == 0
    assert rules.metric_progress(D(5), D(5), D(3), "decrease") == 1


def test_no_value_yet_counts_as_the_baseline() -> None:
    assert rules.metric_progress(D(10), D(20), None, "increase") == 0


def test_yes_no_and_milestones() -> None:
    assert rules.key_result_progress(KeyResultFacts("boolean", 1, current=D(1))) == 1
    assert rules.key_result_progress(KeyResultFacts("boolean", 1)) == 0
    three_of_four = KeyResultFacts("milestones", 1, milestones_done=3, milestones_total=4)
    assert rules.key_result_progress(three_of_four) == D("0.75")
    assert rules.key_result_progress(KeyResultFacts("milestones", 1)) == 0


def test_key_results_are_weighted() -> None:
    done = KeyResultFacts("boolean", 3, current=D(1))
    not_done = KeyResultFacts("boolean", 1)
    assert rules.objective_progress([done, not_done], []) == D("0.75")


def test_an_objective_without_key_results_or_children_has_no_progress() -> None:
    assert rules.objective_progress([], []) is None
    # ... and it does not drag its parent down: it is left out, not counted as zero.
    assert rules.objective_progress([], [(None, 5), (D("0.4"), 1)]) == D("0.4")


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=-1000, max_value=1000, places=2),
            st.decimals(min_value=-1000, max_value=1000, places=2),
            st.decimals(min_value=-5000, max_value=5000, places=2),
            st.integers(min_value=1, max_value=100),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_progress_always_lies_between_zero_and_one(krs) -> None:
    facts = [
        KeyResultFacts(
            "numeric",
            w,
            baseline=b,
            target=t,
            current=c,
            direction="increase" if t >= b else "decrease",
        )
        for b, t, c, w in krs
    ]
    value = rules.objective_progress(facts, [])
    assert value is not None and 0 <= value <= 1


def test_rolled_up_computes_a_forest_from_the_leaves() -> None:
    half = KeyResultFacts("numeric", 1, baseline=D(0), target=D(10), current=D(5))
    full = KeyResultFacts("boolean", 1, current=D(1))
    own = {1: [], 2: [half], 3: [full], 4: []}
    children = {None: [(1, 1)], 1: [(2, 1), (3, 3), (4, 2)]}
    result = rules.rolled_up(own, children)
    assert result[4] is None
    assert result[1] == (D("0.5") * 1 + D(1) * 3) / 4


@pytest.mark.parametrize(
    ("progress", "expected", "confidence", "status"),
    [
        (D("0.45"), D("0.5"), "high", "on_track"),  # 5 points behind
        (D("0.35"), D("0.5"), "high", "at_risk"),  # 15 behind
        (D("0.20"), D("0.5"), "high", "off_track"),  # 30 behind
        (D("0.50"), D("0.5"), "low", "at_risk"),  # on the line, but not confident
        (D("1"), D("1"), "low", "on_track"),  # achieved
        (None, D("0.5"), "", None),
    ],
)
def test_status_follows_the_body_rules(progress, expected, confidence, status) -> None:
    assert rules.status(progress, expected, confidence, rules.StatusRules()) == status


def test_expected_progress_is_the_share_of_the_period_elapsed() -> None:
    start, end = rules.period_bounds(2027, "Q2")
    assert (start, end) == (date(2027, 4, 1), date(2027, 6, 30))
    assert rules.expected_progress(start, end, date(2027, 3, 1)) == 0
    assert rules.expected_progress(start, end, date(2027, 7, 1)) == 1
    assert 0 < rules.expected_progress(start, end, date(2027, 5, 15)) < 1
    assert rules.period_bounds(2028, "S1") == (date(2028, 1, 1), date(2028, 6, 30))
    assert rules.period_within("Q3", "S2") and not rules.period_within("Q2", "S2")


def test_a_check_in_rolls_progress_up_the_tree_with_weights(world) -> None:
    hr = access_of(world)
    a = world.a
    body_objective = make_objective(hr, "ENTE-1", a.manager_person, level="body", krs=[])
    area = make_objective(
        hr,
        "AREA-1",
        a.manager_person,
        unit=a.area,
        parent=body_objective,
        weight=3,
        krs=[numeric(target=10)],
    )
    other = make_objective(
        hr,
        "AREA2-1",
        a.outsider,
        unit=a.other_area,
        parent=body_objective,
        weight=1,
        krs=[numeric(baseline=40, target=20, direction="decrease")],
    )
    person = make_objective(
        hr,
        "P-1",
        a.employee_person,
        level="person",
        parent=area,
        krs=[numeric(target=4, weight=1)],
    )
    assert Objective.objects.get(pk=body_objective.pk).progress == 0

    record_checkin(
        hr,
        person,
        values={person.key_results.get().pk: D(4)},
        milestones_done=set(),
        comment="Fatto",
        confidence="high",
        today=date(2027, 3, 1),
    )
    record_checkin(
        hr,
        other,
        values={other.key_results.get().pk: D(30)},
        milestones_done=set(),
        comment="A metà",
        confidence="medium",
        today=date(2027, 3, 1),
    )
    # The area: its own key result at 0 (weight 1) and the person's objective at 1 (weight 1).
    assert Objective.objects.get(pk=area.pk).progress == D("0.5")
    # The body: area 0.5 x 3 and other area 0.5 x 1, over 4.
    assert Objective.objects.get(pk=body_objective.pk).progress == D("0.5")

    set_state(hr, other, "cancelled")
    assert Objective.objects.get(pk=body_objective.pk).progress == D("0.5")
    set_state(hr, area, "cancelled")
    # Nothing left to measure the body objective by.
    assert Objective.objects.get(pk=body_objective.pk).progress is None


def test_check_ins_without_roll_up_store_their_own_progress_until_the_tree_is_recomputed(
    world,
) -> None:
    hr = access_of(world)
    a = world.a
    area = make_objective(hr, "AREA-1", a.manager_person, unit=a.area, krs=[])
    person = make_objective(
        hr, "P-1", a.employee_person, level="person", parent=area, krs=[numeric(target=4)]
    )
    checkin = record_checkin(
        hr,
        person,
        values={person.key_results.get().pk: D(4)},
        milestones_done=set(),
        comment="Fatto",
        confidence="high",
        today=date(2027, 3, 1),
        roll_up=False,
    )
    assert checkin.progress == 1
    assert Objective.objects.get(pk=person.pk).progress == 1
    assert Objective.objects.get(pk=area.pk).progress == 0
    recompute(area)
    assert Objective.objects.get(pk=area.pk).progress == 1
