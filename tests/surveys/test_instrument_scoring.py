"""Each shipped instrument is scored as its authors define it, checked on hand-computed cases."""

from __future__ import annotations

import pytest

from agilepa.surveys.instruments import (
    GOOD_WELLBEING,
    LIBRARY,
    LIKELY_DEPRESSION,
    POOR_WELLBEING,
    score_commute,
    score_who5,
    score_wlb,
    validate_answers,
)


def who5(*values: int) -> dict[str, int]:
    return {f"who5_{i}": v for i, v in enumerate(values, start=1)}


@pytest.mark.parametrize(
    ("values", "percent", "band"),
    [
        ((5, 5, 5, 5, 5), 100, GOOD_WELLBEING),  # raw 25 x 4
        ((0, 0, 0, 0, 0), 0, LIKELY_DEPRESSION),
        ((3, 3, 3, 2, 2), 52, GOOD_WELLBEING),  # raw 13 -> 52: just above the cut-off
        ((3, 3, 2, 2, 2), 48, POOR_WELLBEING),  # raw 12 -> 48
        ((3, 3, 3, 2, 1), 48, POOR_WELLBEING),
        ((2, 2, 2, 1, 0), 28, LIKELY_DEPRESSION),  # raw 7 -> 28: at the cut-off
        ((2, 2, 2, 1, 1), 32, POOR_WELLBEING),  # raw 8 -> 32
    ],
)
def test_who5_is_the_raw_sum_times_four_with_the_authors_cut_offs(values, percent, band) -> None:
    score = score_who5(who5(*values))
    assert score is not None
    assert score.value == percent
    assert score.band == band


def test_who5_with_a_missing_item_has_no_score() -> None:
    answers = who5(5, 5, 5, 5, 5)
    del answers["who5_3"]
    assert score_who5(answers) is None


def test_work_life_balance_is_the_mean_with_item_two_reversed() -> None:
    # 4, (6 - 2) = 4, 5, 3 -> 16 / 4 = 4.0
    score = score_wlb({"wlb_1": 4, "wlb_2": 2, "wlb_3": 5, "wlb_4": 3})
    assert score is not None and score.value == 4.0
    # The worst balance: disagree with the positives, strongly agree with the difficulty.
    worst = score_wlb({"wlb_1": 1, "wlb_2": 5, "wlb_3": 1, "wlb_4": 1})
    assert worst is not None and worst.value == 1.0
    assert score_wlb({"wlb_1": 4, "wlb_2": 2, "wlb_3": 5}) is None


def test_commute_score_is_the_round_trip_distance() -> None:
    score = score_commute({"commute_km": 12.5, "commute_minutes": 40, "commute_mode": "car"})
    assert score is not None and score.value == 25.0
    assert score_commute({"commute_minutes": 40}) is None


def test_every_instrument_names_its_source_and_its_scoring() -> None:
    for instrument in LIBRARY.values():
        assert instrument.source and str(instrument.scoring), instrument.code
        assert len({i.key for i in instrument.items}) == len(instrument.items)


def test_answers_are_checked_against_each_item_type() -> None:
    items = [*LIBRARY["commute"].items, *LIBRARY["smart_working"].items]
    cleaned, errors = validate_answers(
        items,
        {
            "commute_km": "7,5",
            "commute_minutes": "900",
            "commute_mode": "rocket",
            "sw_autonomy": "4",
            "sw_tools": ["vpn", "laptop"],
        },
    )
    assert cleaned["commute_km"] == 7.5
    assert cleaned["sw_autonomy"] == 4
    assert cleaned["sw_tools"] == ["laptop", "vpn"]
    assert set(errors) == {"commute_minutes", "commute_mode", "sw_disconnect"}
    assert "sw_comment" not in errors  # free text is optional
