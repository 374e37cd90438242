"""Localised formats: the one place that says how a day, a month and a number read.

Messages, documents and exports call these instead of writing `strftime` patterns or
`number_format` arguments each time, so a change of convention is one change.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language


def day(value: date) -> str:
    """A day as 15/03/2027: the form of Italian administrative documents, used in both
    languages so a message reads the same date whichever language the reader chose."""
    return value.strftime("%d/%m/%Y")


def month(value: date) -> str:
    """A month in words in the active language: "marzo 2027", "March 2027" (Django's Italian
    catalogue capitalises month names; Italian writes them in lower case)."""
    text = date_format(value, "F Y")
    return text[:1].lower() + text[1:] if get_language().startswith("it") else text


def long_day(value: date) -> str:
    """A day in words in the active language: "mercoledì 10 marzo 2027", "Wednesday 10 March
    2027" (lower case in Italian, as `month`)."""
    text = date_format(value, "l j F Y")
    return text.lower() if get_language().startswith("it") else text


def number(value: float | Decimal | int, decimals: int = 0) -> str:
    """A number with the active language's separators, grouped: 1.765.939 and 441.409,11 in
    Italian."""
    return number_format(value, decimals, use_l10n=True, force_grouping=True)


# Italian elides the article before a vowel: "l'11/12", "dall'1/03", "all'8/05", "dell'11/04".
# A day of the month begins with a vowel when read aloud for 1 (uno), 8 (otto) and 11 (undici).
ELIDED = {"il": "l'", "dal": "dall'", "al": "all'", "del": "dell'", "nel": "nell'", "sul": "sull'"}
# Before a z, "zero", it takes lo: "lo 0,5%", "dello 0,2%", "allo 0%".
BEFORE_Z = {
    "il": "lo ",
    "dal": "dallo ",
    "al": "allo ",
    "del": "dello ",
    "nel": "nello ",
    "sul": "sullo ",
}
VOWEL_DAYS = frozenset({1, 8, 11})
# What each Italian preposition reads as in English before a day.
ENGLISH = {"il": "on", "dal": "from", "al": "to", "del": "of", "nel": "in", "sul": "on"}


def with_article(preposition: str, value: date, text: str | None = None) -> str:
    """A day after an article or an articulated preposition, elided as Italian writes it:
    `with_article("il", 11 December)` is "l'11/12/2026", `("dal", 1 March)` "dall'01/03/2026",
    `("al", 9 May)` "al 09/05/2026". `preposition` is the Italian one (il, dal, al, del, nel,
    sul); in English it reads "on", "from", "to", "of", "in". `text` is the day as written, when
    not `day(value)` (a short form such as "11/12").

    Words before the article, and an English reading other than the usual one, go in the same
    string, so that a template filter (one argument) can say them too: `"entro il:by"` is
    "entro l'11/12/2026" and "by 11/12/2026", `"al:as of"` "all'08/12/2026" and "as of
    08/12/2026"; `"il:"` has no English word ("the last day is l'11/12/2026", "... is
    11/12/2026"). A moment (a datetime) is read as its day in the current time zone."""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    written = day(value) if text is None else text
    return _articled(preposition, written, ELIDED if value.day in VOWEL_DAYS else None)


def number_with_article(preposition: str, text: str) -> str:
    """A written number, most often a percentage, after an article or an articulated
    preposition: `number_with_article("il:", "80%")` is "l'80%" in Italian and "80%" in
    English, `("del:", "42,5%")` "del 42,5%", `("al:", "0,5%")` "allo 0,5%". `preposition`
    reads as in `with_article`."""
    return _articled(preposition, text, _article_forms(text))


def _article_forms(text: str) -> dict[str, str] | None:
    """The article a number as Italian writes it (1.234,5) takes, from how it is read aloud:
    by its integer part, whose first group of three digits is said first ("otto milioni",
    "undicimila"). Elided before uno, otto, undici, ottanta..., ottocento... and so before
    8.000, 11.000, 8.000.000: "l'8.000.000". A first group of 1 before others is mille, un
    milione, un miliardo, which keep il: "il 1.000", "il 1.000.000". Zero takes lo."""
    digits = ""
    for char in text.strip():
        if char.isdigit():
            digits += char
        elif char != "." or not digits:
            break
    if not digits:
        return None
    groups = f"{int(digits):,}".split(",")
    first = int(groups[0])
    if first == 0:
        return BEFORE_Z
    if len(groups) > 1 and first == 1:
        return None
    if first in VOWEL_DAYS or first // 10 == 8 or first // 100 == 8:
        return ELIDED
    return None


def _articled(preposition: str, written: str, forms: dict[str, str] | None) -> str:
    """`forms`: the article's form before what `written` is read as (ELIDED, BEFORE_Z), or
    None for the plain one ("il 5")."""
    italian, colon, english = preposition.partition(":")
    before, _, article = italian.rpartition(" ")
    if not get_language().startswith("it"):
        english = english if colon else ENGLISH[article]
        return f"{english} {written}" if english else written
    lead = f"{before} " if before else ""
    if forms is not None:
        return f"{lead}{forms[article]}{written}"
    return f"{lead}{article} {written}"
