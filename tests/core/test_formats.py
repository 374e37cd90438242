"""The localised formats kit: how a day, a month and a number read in each language."""

import html
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


ELISIONS = [
    ("il", 11, "l'11/12/2026"),
    ("il", 8, "l'08/12/2026"),
    ("il", 1, "l'01/12/2026"),
    ("il", 12, "il 12/12/2026"),
    ("il", 18, "il 18/12/2026"),
    ("dal", 1, "dall'01/12/2026"),
    ("dal", 2, "dal 02/12/2026"),
    ("al", 8, "all'08/12/2026"),
    ("al", 28, "al 28/12/2026"),
    ("del", 11, "dell'11/12/2026"),
    ("del", 21, "del 21/12/2026"),
    ("nel", 8, "nell'08/12/2026"),
    ("sul", 11, "sull'11/12/2026"),
]


def test_an_italian_article_before_a_day_is_elided_for_1_8_and_11() -> None:
    with translation.override("it"):
        for preposition, day_of_month, expected in ELISIONS:
            assert formats.with_article(preposition, date(2026, 12, day_of_month)) == expected


def test_every_day_of_every_month_elides_only_before_a_vowel() -> None:
    with translation.override("it"):
        for month in range(1, 13):
            for day_of_month in range(1, 29):
                text = formats.with_article("il", date(2026, month, day_of_month))
                assert text.startswith("l'") == (day_of_month in (1, 8, 11)), text


def test_a_day_written_short_keeps_the_elision() -> None:
    with translation.override("it"):
        assert formats.with_article("il", date(2026, 12, 11), "11/12") == "l'11/12"


def test_in_english_the_article_is_a_preposition() -> None:
    with translation.override("en"):
        assert formats.with_article("il", date(2026, 12, 11)) == "on 11/12/2026"
        assert formats.with_article("dal", date(2026, 12, 1)) == "from 01/12/2026"
        assert formats.with_article("al", date(2026, 12, 8)) == "to 08/12/2026"


def test_the_template_filters_write_days_months_and_numbers() -> None:
    from django.template import Context, Template

    template = Template(
        '{% load formats %}{{ d|with_article:"dal" }} · {{ d|month_name }} · {{ n|grouped }}'
        " · {{ e|grouped:2 }}"
    )
    context = Context({"d": date(2026, 11, 1), "n": 1765939, "e": Decimal("441409.11")})
    with translation.override("it"):
        shown = html.unescape(template.render(context))
    assert shown == "dall'01/11/2026 · novembre 2026 · 1.765.939 · 441.409,11"
