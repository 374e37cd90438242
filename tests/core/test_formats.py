"""The localised formats kit: how a day, a month and a number read in each language."""

from datetime import date
from decimal import Decimal

from django.utils import translation

from agilepa.core import formats


def test_a_day_reads_day_month_year_in_both_languages() -> None:
    for language in ("it", "en"):
        with translation.override(language):
            assert formats.day(date(2027, 3, 5)) == "05/03/2027"


def test_a_month_is_in_words_in_the_active_language() -> None:
    with translation.override("it"):
        assert formats.month(date(2027, 3, 1)) == "marzo 2027"
    with translation.override("en"):
        assert formats.month(date(2027, 3, 1)) == "March 2027"


def test_a_long_day_is_in_words_lower_case_in_italian() -> None:
    with translation.override("it"):
        assert formats.long_day(date(2027, 3, 10)) == "mercoledì 10 marzo 2027"
    with translation.override("en"):
        assert formats.long_day(date(2027, 3, 10)) == "Wednesday 10 March 2027"


def test_numbers_carry_the_thousands_separator_of_the_language() -> None:
    with translation.override("it"):
        assert formats.number(1765939) == "1.765.939"
        assert formats.number(Decimal("441409.11"), 2) == "441.409,11"
    with translation.override("en"):
        assert formats.number(1765939) == "1,765,939"
