"""Working days: national holidays, the comune's patron day, the body's closures."""

from __future__ import annotations

from datetime import date

import pytest

from agilepa.planning.calendar import (
    CalendarFacts,
    Patron,
    day_of,
    month_bounds,
    suggest_patron,
    working_days,
)
from agilepa.planning.models import Closure, PatronDay
from agilepa.planning.selectors import calendar_facts
from agilepa.planning.services import prefill_patron_days
from tests.factories import BodyFactory, OfficeSiteFactory

MILANO = CalendarFacts(patron=Patron(12, 7, "Sant'Ambrogio"))
BOLOGNA = CalendarFacts(patron=Patron(10, 4, "San Petronio"))


def test_sant_ambrogio_is_a_holiday_in_milano_only() -> None:
    assert not day_of(MILANO, date(2026, 12, 7)).working
    assert day_of(MILANO, date(2026, 12, 7)).reason == "Sant'Ambrogio"
    assert day_of(CalendarFacts(), date(2026, 12, 7)).working


def test_san_francesco_is_a_national_holiday_from_2026() -> None:
    assert "Francesco" in day_of(CalendarFacts(), date(2026, 10, 4)).reason  # a Sunday
    assert not day_of(CalendarFacts(), date(2027, 10, 4)).working  # a Monday
    assert day_of(CalendarFacts(), date(2025, 10, 3)).working


def test_san_petronio_closes_bologna_before_2026_too() -> None:
    assert not day_of(BOLOGNA, date(2024, 10, 4)).working  # a Friday
    assert day_of(CalendarFacts(), date(2024, 10, 4)).working


def test_easter_monday_moves_with_easter() -> None:
    assert not day_of(CalendarFacts(), date(2026, 4, 6)).working
    assert not day_of(CalendarFacts(), date(2027, 3, 29)).working
    assert day_of(CalendarFacts(), date(2027, 4, 6)).working


def test_closures_and_weekends_are_not_working_days() -> None:
    facts = CalendarFacts(closures={date(2026, 12, 24): "Chiusura natalizia"})
    assert day_of(facts, date(2026, 12, 24)).reason == "Chiusura natalizia"
    assert not day_of(facts, date(2026, 12, 19)).working  # Saturday


def test_working_days_of_december_2026_in_milano() -> None:
    first, last = month_bounds(2026, 12)
    assert (first, last) == (date(2026, 12, 1), date(2026, 12, 31))
    days = working_days(MILANO, first, last)
    # 23 weekdays, less 7 (Sant'Ambrogio), 8 (Immacolata), 25 (Natale); 26 is a Saturday.
    assert len(days) == 20
    assert date(2026, 12, 7) not in days


def test_a_patron_day_on_29_february_only_counts_in_leap_years() -> None:
    facts = CalendarFacts(patron=Patron(2, 29, "San Romano"))
    assert not day_of(facts, date(2028, 2, 29)).working
    assert day_of(facts, date(2027, 3, 1)).working


@pytest.mark.parametrize(
    ("municipality", "month_day"),
    [("Milano", (12, 7)), ("Bologna", (10, 4)), ("Modena", (1, 31)), ("Roma", (6, 29))],
)
def test_patron_day_is_suggested_for_a_capoluogo(municipality: str, month_day) -> None:
    patron = suggest_patron(municipality)
    assert patron is not None
    assert (patron.month, patron.day) == month_day


def test_no_patron_day_is_suggested_for_other_comuni() -> None:
    assert suggest_patron("Castel Maggiore") is None
    assert suggest_patron("Zola Predosa") is None


@pytest.mark.django_db
def test_an_office_follows_the_patron_day_of_its_own_comune() -> None:
    body = BodyFactory(municipality="Bologna")
    site = OfficeSiteFactory(body=body, municipality="Milano")
    created = prefill_patron_days(body)
    assert {p.municipality for p in created} == {"Bologna", "Milano"}
    assert prefill_patron_days(body) == []  # kept, not duplicated
    Closure.objects.create(body=body, date=date(2026, 12, 24), reason="Ponte natalizio")
    Closure.objects.create(body=body, site=site, date=date(2026, 12, 23), reason="Trasloco")
    seat = calendar_facts(body)
    office = calendar_facts(body, site)
    assert seat.patron.month == 10 and office.patron.month == 12
    assert date(2026, 12, 23) not in seat.closures
    assert set(office.closures) == {date(2026, 12, 23), date(2026, 12, 24)}
    assert PatronDay.objects.filter(body=body).count() == 2
