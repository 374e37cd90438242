"""Means, pre/post differences and the difference in differences, with 95 % intervals."""

from __future__ import annotations

import pytest

from agilepa.surveys import stats


def test_t_quantiles_match_the_table_and_approach_the_normal() -> None:
    assert stats.t975(4) == 2.776
    assert stats.t975(30) == 2.042
    assert stats.t975(35) == pytest.approx(2.030, abs=0.002)  # exact: 2.030
    assert stats.t975(10_000) == pytest.approx(1.960, abs=0.002)
    assert stats.t975(2.5) == pytest.approx(3.50, abs=0.2)  # between df 2 and 3


def test_mean_with_a_t_interval() -> None:
    # mean 3, s = 1.5811, se = 0.7071, t(4) = 2.776 -> half-width 1.963
    estimate = stats.mean_ci([1, 2, 3, 4, 5])
    assert estimate is not None
    assert estimate.value == 3
    assert estimate.low == pytest.approx(1.037, abs=0.001)
    assert estimate.high == pytest.approx(4.963, abs=0.001)


def test_pre_post_difference_uses_welch() -> None:
    # 5.5 - 2 = 3.5; se^2 = 1/3 + 1.6667/4 = 0.75; df = 4.96; t = 2.578; half-width 2.233
    estimate = stats.difference([1, 2, 3], [4, 5, 6, 7])
    assert estimate is not None
    assert estimate.value == pytest.approx(3.5)
    assert estimate.high - estimate.value == pytest.approx(2.233, abs=0.01)


def test_difference_in_differences_is_the_smart_workers_change_minus_the_others() -> None:
    pre_sw, post_sw = [50, 60, 70], [70, 80, 90]  # +20
    pre_o, post_o = [50, 55, 60], [55, 60, 65]  # +5
    estimate = stats.difference_in_differences(pre_sw, post_sw, pre_o, post_o)
    assert estimate is not None
    assert estimate.value == pytest.approx(15)
    # se^2 = 100/3 + 100/3 + 25/3 + 25/3 = 83.33 (se 9.129); Welch df = 5.88, t = 2.459
    assert estimate.high - estimate.value == pytest.approx(9.129 * 2.459, abs=0.05)


def test_a_single_answer_has_a_mean_but_no_interval() -> None:
    estimate = stats.mean_ci([4])
    assert estimate is not None and estimate.low is None
    assert stats.difference([1], [2, 3]) is None
