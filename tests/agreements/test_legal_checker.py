"""One test per rule of the legal checker: a case that passes and one that fails, the source
asserted in the violation. Plain data, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agilepa.agreements import rules
from agilepa.agreements.rules import (
    AgreementTerms,
    Pattern,
    Place,
    RegulationTerms,
    Window,
    WorkerFacts,
    check_agreement,
)

REGULATION = RegulationTerms(
    version=3,
    effective_from=date(2026, 1, 1),
    max_days_per_week=2,
    max_days_per_month=8,
    min_presence_percent=51,
    reachability=Window(time(9, 30), time(13, 30)),
    disconnection=Window(time(20, 0), time(7, 30)),
    allowed_places=frozenset({Place.HOME, Place.HUB}),
    notice_days=30,
    notice_days_disabled=90,
    max_duration_months=12,
    required_prerequisites=frozenset(),
    not_remotable_activities=frozenset({"Sportello al pubblico"}),
)
TERMS = AgreementTerms(
    start=date(2026, 3, 2),
    end=None,
    pattern=Pattern.FIXED_WEEKDAYS,
    weekdays=frozenset({0, 3}),
    monthly_quota=0,
    places=frozenset({Place.HOME}),
    other_place="",
    reachability=Window(time(9, 30), time(13, 30)),
    disconnection=Window(time(20, 0), time(7, 30)),
    notice_days=30,
    activities=frozenset({"Istruttoria pratiche"}),
)
WORKER = WorkerFacts(
    is_active=True,
    hire_date=date(2015, 3, 1),
    ended_on=None,
    part_time_percent=100,
    disabled_l68=False,
)


def violations(terms=TERMS, regulation=REGULATION, worker=WORKER, overlapping=0):
    return check_agreement(terms, regulation, worker, overlapping)


def only(code: str, found: list[rules.Violation]) -> rules.Violation:
    matching = [v for v in found if v.code == code]
    assert matching, f"expected {code}, got {[v.code for v in found]}"
    return matching[0]


def test_valid_agreement_has_no_violation() -> None:
    assert violations() == []


@pytest.mark.parametrize(
    ("change", "code", "source"),
    [
        ({"start": None}, "start_missing", "L. 81/2017 art. 19"),
        ({"end": date(2026, 3, 1)}, "end_before_start", "L. 81/2017 art. 19 c. 2"),
        ({"start": date(2025, 12, 1)}, "start_before_regulation", "Regolamento, version 3"),
        ({"end": date(2027, 3, 2)}, "duration_too_long", "Regolamento, version 3"),
        ({"weekdays": frozenset()}, "no_weekdays", "CCNL Funzioni Locali 2019-2021 art. 65"),
        ({"weekdays": frozenset({5})}, "weekday_not_working", "art. 65"),
        ({"weekdays": frozenset({0, 2, 4})}, "too_many_days_per_week", "Regolamento, version 3"),
        (
            {"pattern": Pattern.MONTHLY_QUOTA, "monthly_quota": 0},
            "no_quota",
            "art. 65",
        ),
        (
            {"pattern": Pattern.MONTHLY_QUOTA, "monthly_quota": 9},
            "too_many_days_per_month",
            "Regolamento, version 3",
        ),
        ({"places": frozenset()}, "no_places", "art. 65"),
        ({"places": frozenset({Place.OTHER})}, "place_not_allowed", "Regolamento, version 3"),
        ({"disconnection": None}, "disconnection_missing", "L. 81/2017 art. 19"),
        (
            {"disconnection": Window(time(22, 0), time(7, 0))},
            "disconnection_too_short",
            "CCNL Funzioni Locali 2019-2021 art. 66",
        ),
        (
            {"disconnection": Window(time(18, 0), time(5, 0))},
            "disconnection_misses_night",
            "CCNL Funzioni Locali 2019-2021 art. 66",
        ),
        ({"reachability": None}, "reachability_missing", "art. 66"),
        (
            {"reachability": Window(time(8, 0), time(16, 0))},
            "reachability_too_long",
            "CCNL Funzioni Locali 2019-2021 art. 66",
        ),
        (
            {"reachability": Window(time(6, 0), time(10, 0))},
            "reachability_in_disconnection",
            "art. 66",
        ),
        ({"notice_days": 20}, "notice_too_short", "L. 81/2017 art. 19 c. 2"),
        (
            {"activities": frozenset({"Sportello al pubblico"})},
            "activity_not_remotable",
            "CCNL Funzioni Locali 2019-2021 art. 63",
        ),
    ],
)
def test_each_rule_fails_with_its_source(change: dict, code: str, source: str) -> None:
    found = only(code, violations(replace(TERMS, **change)))
    assert source in found.source.text
    assert found.message


def test_agreement_without_regulation_is_refused() -> None:
    found = only("no_regulation", violations(regulation=None))
    assert "art. 65" in found.source.text


def test_presence_must_prevail_even_when_the_regulation_allows_more() -> None:
    loose = replace(REGULATION, max_days_per_week=5, max_days_per_month=20)
    assert only(
        "presence_not_prevailing", violations(replace(TERMS, weekdays=frozenset({0, 1, 2})), loose)
    ).source.text.startswith("DM Ministro PA 8 ottobre 2021")
    quota = replace(TERMS, pattern=Pattern.MONTHLY_QUOTA, monthly_quota=10)
    assert only("presence_not_prevailing", violations(quota, loose)).field == "monthly_quota"
    fine = replace(TERMS, pattern=Pattern.MONTHLY_QUOTA, monthly_quota=8)
    assert violations(fine, loose) == []


def test_other_place_must_be_described() -> None:
    regulation = replace(REGULATION, allowed_places=frozenset(Place))
    undeclared = replace(TERMS, places=frozenset({Place.OTHER}))
    assert only("other_place_undeclared", violations(undeclared, regulation)).field == (
        "other_place"
    )
    declared = replace(undeclared, other_place="Biblioteca comunale di Cremona")
    assert violations(declared, regulation) == []


def test_activity_excluded_for_the_unit_is_refused() -> None:
    worker = replace(WORKER, unit_activities_not_remotable=frozenset({"Istruttoria pratiche"}))
    assert only("activity_not_remotable", violations(worker=worker))


def test_worker_with_disability_needs_ninety_days_of_notice() -> None:
    disabled = replace(WORKER, disabled_l68=True)
    found = only("notice_too_short", violations(worker=disabled))
    assert "90" in found.message
    assert violations(replace(TERMS, notice_days=90), worker=disabled) == []


def test_fixed_term_agreement_needs_no_notice_clause() -> None:
    fixed = replace(TERMS, end=date(2026, 12, 31), notice_days=0)
    assert violations(fixed) == []


def test_part_time_worker_has_a_shorter_reachability_window() -> None:
    half = replace(WORKER, part_time_percent=50)
    found = only("reachability_too_long", violations(worker=half))
    assert "3:36" in found.message
    short = replace(TERMS, reachability=Window(time(9, 30), time(12, 30)))
    assert violations(short, worker=half) == []


def test_ended_worker_cannot_have_an_agreement() -> None:
    ended = replace(WORKER, is_active=False, ended_on=date(2026, 1, 31))
    assert only("worker_not_employed", violations(worker=ended)).source.text == (
        "L. 81/2017 art. 18"
    )


def test_agreement_cannot_start_before_hire_date() -> None:
    hired = replace(WORKER, hire_date=date(2026, 4, 1))
    assert only("start_before_hire", violations(worker=hired)).field == "start"


def test_overlapping_agreement_is_refused() -> None:
    assert only("overlapping_agreement", violations(overlapping=1))


@given(
    start=st.times(),
    minutes=st.integers(min_value=1, max_value=24 * 60 - 1),
)
def test_a_disconnection_window_passes_only_if_long_enough_and_covering_the_night(
    start: time, minutes: int
) -> None:
    start = start.replace(second=0, microsecond=0)
    total = start.hour * 60 + start.minute + minutes
    end = time((total // 60) % 24, total % 60)
    window = Window(start, end)
    found = {v.code for v in violations(replace(TERMS, disconnection=window))}
    long_enough = window.minutes >= 11 * 60
    covers_night = window.covers(Window(time(22, 0), time(6, 0)))
    assert ("disconnection_too_short" not in found) == long_enough
    assert ("disconnection_misses_night" not in found) == covers_night


# --- the Regolamento against the law -------------------------------------------------------


def test_valid_regulation_has_no_violation() -> None:
    assert rules.check_regulation(REGULATION) == []


@pytest.mark.parametrize(
    ("change", "code", "source"),
    [
        ({"notice_days": 15}, "notice_below_law", "L. 81/2017 art. 19 c. 2"),
        ({"notice_days_disabled": 60}, "notice_disabled_below_law", "L. 81/2017 art. 19 c. 2"),
        ({"min_presence_percent": 40}, "presence_below_law", "DM Ministro PA 8 ottobre 2021"),
        ({"max_days_per_week": 3}, "weekly_days_beyond_presence", "DM Ministro PA"),
        ({"max_days_per_month": 10}, "monthly_days_beyond_presence", "DM Ministro PA"),
        (
            {"disconnection": Window(time(21, 0), time(6, 0))},
            "disconnection_too_short",
            "art. 66",
        ),
        (
            {"reachability": Window(time(8, 0), time(17, 0))},
            "reachability_too_long",
            "art. 66",
        ),
        ({"allowed_places": frozenset()}, "no_places", "art. 65"),
        ({"max_days_per_week": 0}, "no_remote_days", "L. 81/2017 art. 19"),
    ],
)
def test_regulation_looser_than_the_law_is_refused_with_its_source(
    change: dict, code: str, source: str
) -> None:
    found = only(code, rules.check_regulation(replace(REGULATION, **change)))
    assert source in found.source.text


def test_a_stricter_regulation_is_accepted() -> None:
    strict = replace(
        REGULATION,
        max_days_per_week=1,
        max_days_per_month=4,
        min_presence_percent=75,
        notice_days=45,
        notice_days_disabled=120,
        disconnection=Window(time(19, 0), time(8, 0)),
    )
    assert rules.check_regulation(strict) == []


def test_a_new_contract_is_a_new_baseline_chosen_by_date() -> None:
    assert rules.baseline_for(date(2026, 2, 23)).key == "ccnl-fl-2019-2021"
    assert rules.baseline_for(date(2026, 2, 24)).key == "ccnl-fl-2022-2024"
    assert rules.baseline_for(date(2020, 1, 1)).key == "ccnl-fl-2019-2021"


# --- priority ranking ------------------------------------------------------------------------


def test_priority_categories_of_the_law_come_first_then_the_order_of_request() -> None:
    early_plain = rules.RequestFacts(1, frozenset(), date(2026, 1, 5))
    late_parent = rules.RequestFacts(2, frozenset({"child_under_12"}), date(2026, 1, 20))
    caregiver = rules.RequestFacts(3, frozenset({"caregiver"}), date(2026, 1, 10))
    commuter = rules.RequestFacts(4, frozenset({"long_commute"}), date(2026, 1, 2))
    ranked = rules.rank_requests(
        [early_plain, late_parent, caregiver, commuter], body_order=("long_commute",)
    )
    assert [r.agreement_id for r, _ in ranked] == [3, 2, 4, 1]
    assert "L. 81/2017 art. 18 c. 3-bis" in ranked[0][1]
    assert "long_commute" in ranked[2][1]


@given(
    weekdays=st.frozensets(st.integers(min_value=-2, max_value=8), max_size=7),
    quota=st.integers(min_value=0, max_value=40),
    pattern=st.sampled_from(list(Pattern)),
    places=st.frozensets(st.sampled_from(list(Place))),
    notice=st.integers(min_value=0, max_value=200),
    reach=st.one_of(st.none(), st.tuples(st.times(), st.times())),
    part_time=st.integers(min_value=1, max_value=100),
)
def test_the_checker_answers_every_input_with_violations_never_an_error(
    weekdays, quota, pattern, places, notice, reach, part_time
) -> None:
    terms = replace(
        TERMS,
        weekdays=weekdays,
        monthly_quota=quota,
        pattern=pattern,
        places=places,
        notice_days=notice,
        reachability=Window(*reach) if reach else None,
    )
    found = violations(terms, worker=replace(WORKER, part_time_percent=part_time))
    for violation in found:
        assert violation.message and violation.source.text
    if pattern == Pattern.FIXED_WEEKDAYS and len(weekdays & set(range(5))) > 2:
        assert "presence_not_prevailing" in {v.code for v in found}


@given(st.times(), st.times(), st.times(), st.times())
def test_windows_overlap_exactly_when_they_share_a_minute(a, b, c, d) -> None:
    def minutes(w: Window) -> set[int]:
        first = w.start.hour * 60 + w.start.minute
        return {(first + m) % (24 * 60) for m in range(w.minutes)}

    one = Window(a.replace(second=0, microsecond=0), b.replace(second=0, microsecond=0))
    two = Window(c.replace(second=0, microsecond=0), d.replace(second=0, microsecond=0))
    assert one.overlaps(two) == bool(minutes(one) & minutes(two))
