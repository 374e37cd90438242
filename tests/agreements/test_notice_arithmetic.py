"""Withdrawal notice and month arithmetic across month ends and leap years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agilepa.agreements.rules import add_months, withdrawal_effective_on, withdrawal_violations


@pytest.mark.parametrize(
    ("given_on", "days", "last_day"),
    [
        (date(2026, 1, 31), 30, date(2026, 3, 2)),  # February has 28 days in 2026
        (date(2028, 1, 31), 30, date(2028, 3, 1)),  # ... and 29 in 2028
        (date(2028, 2, 29), 30, date(2028, 3, 30)),
        (date(2026, 12, 15), 30, date(2027, 1, 14)),  # across the year end
        (date(2027, 12, 1), 90, date(2028, 2, 29)),  # 90 days land on a leap day
        (date(2026, 11, 30), 90, date(2027, 2, 28)),
        (date(2026, 5, 10), 0, date(2026, 5, 10)),  # justified reason: no notice
    ],
)
def test_notice_runs_in_calendar_days(given_on: date, days: int, last_day: date) -> None:
    assert withdrawal_effective_on(given_on, days) == last_day


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
    ],
)
def test_months_are_added_clamped_to_the_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 400))
def test_notice_is_exactly_the_days_given(given_on: date, days: int) -> None:
    last = withdrawal_effective_on(given_on, days)
    assert (last - given_on) == timedelta(days=days)


def test_open_ended_withdrawal_before_the_notice_is_refused() -> None:
    found = withdrawal_violations(
        end=None,
        given_on=date(2028, 1, 31),
        requested_last_day=date(2028, 2, 29),
        justified=False,
        required_notice=30,
    )
    assert found[0].code == "notice_not_respected"
    assert "01/03/2028" in found[0].message
    assert found[0].source.text == "L. 81/2017 art. 19 c. 2"


def test_open_ended_withdrawal_with_a_justified_reason_needs_no_notice() -> None:
    assert (
        withdrawal_violations(
            end=None,
            given_on=date(2026, 5, 10),
            requested_last_day=date(2026, 5, 10),
            justified=True,
            required_notice=30,
        )
        == []
    )


def test_fixed_term_agreement_is_withdrawn_early_only_for_a_justified_reason() -> None:
    refused = withdrawal_violations(
        end=date(2026, 12, 31),
        given_on=date(2026, 5, 10),
        requested_last_day=None,
        justified=False,
        required_notice=30,
    )
    assert refused[0].code == "fixed_term_needs_reason"
    assert (
        withdrawal_violations(
            end=date(2026, 12, 31),
            given_on=date(2026, 5, 10),
            requested_last_day=None,
            justified=True,
            required_notice=30,
        )
        == []
    )
