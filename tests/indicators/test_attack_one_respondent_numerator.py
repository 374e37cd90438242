"""Attack (issue 16): with one answer in a month, the indicators asked for that month as HR
said "withheld" but gave numerator 100, denominator 1, people 1: that person's WHO-5."""

from __future__ import annotations

from datetime import date

import pytest

from tests.indicators.attack_world import Attacker, answer, build

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["hr", "observer"])
def test_one_answer_in_a_month_gives_neither_its_score_nor_its_parts(role) -> None:
    t = build()
    answer(t, [date(2026, 4, 14)], score=5)
    attacker = Attacker(t, getattr(t, role))
    for code in ("IMPACT_WELLBEING", "IMP_SATISFACTION"):
        found = attacker.figure(code, "2026-04")
        assert found["withheld"] is True
        assert found["value"] is None
        assert found["numerator"] is None
        assert found["denominator"] is None
        assert found["people"] is None


def test_a_measured_figure_about_one_person_gives_no_parts_to_hr_either() -> None:
    t = build()
    march = Attacker(t, t.hr).figure("IMPACT_KM", "2026-03", t.a)  # one remote worker
    assert march["withheld"] is True
    assert (march["value"], march["numerator"], march["denominator"], march["people"]) == (
        None,
        None,
        None,
        None,
    )


def test_five_answers_are_shown_with_their_parts() -> None:
    t = build()
    answer(t, [date(2026, 5, d) for d in range(4, 11)], score=3)
    may = Attacker(t, t.hr).figure("IMPACT_WELLBEING", "2026-05")
    assert may["withheld"] is False and may["denominator"] == 7 and may["value"] == 60.0
