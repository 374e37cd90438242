"""A prerequisite still valid today that expires before the agreement starts is not "expired":
the message says when it will expire, so that HR renews it (issue 23: "Prerequisito scaduto"
was shown with a date in the future)."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from agilepa.agreements import rules

P = rules.Prerequisite.TRAINING_SAFETY
SOURCE = rules.regulation_source(1)


def check(expires_on: date, start: date, today: date) -> list[rules.Violation]:
    state = rules.PrerequisiteState(P, date(2025, 1, 1), expires_on)
    return rules.check_prerequisites(frozenset({P}), {P: state}, start, SOURCE, today=today)


def test_a_prerequisite_expiring_before_the_start_is_not_called_expired() -> None:
    with translation.override("it"):
        (found,) = check(date(2027, 1, 11), start=date(2027, 2, 1), today=date(2026, 12, 2))
    assert found.code == "prerequisite_expired"  # it still blocks the start
    assert "scaduto" not in found.message
    assert "scade l'11/01/2027, prima dell'inizio dell'accordo" in found.message


def test_a_prerequisite_expired_before_today_is_expired() -> None:
    with translation.override("it"):
        (found,) = check(date(2026, 11, 30), start=date(2027, 2, 1), today=date(2026, 12, 2))
    assert found.message.startswith("Prerequisito scaduto:")
    assert "30/11/2026" in found.message


def test_a_prerequisite_valid_on_the_start_day_is_no_violation() -> None:
    assert check(date(2027, 2, 1), start=date(2027, 2, 1), today=date(2026, 12, 2)) == []
