"""Localised formats: the one place that says how a day, a month and a number read.

Messages, documents and exports call these instead of writing `strftime` patterns or
`number_format` arguments each time, so a change of convention is one change.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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
VOWEL_DAYS = frozenset({1, 8, 11})
# What each Italian preposition reads as in English before a day.
ENGLISH = {"il": "on", "dal": "from", "al": "to", "del": "of", "nel": "in", "sul": "on"}


def with_article(preposition: str, value: date, text: str | None = None) -> str:
    """A day after an article or an articulated preposition, elided as Italian writes it:
    `with_article("il", 11 December)` is "l'11/12/2026", `("dal", 1 March)` "dall'01/03/2026",
    `("al", 9 May)` "al 09/05/2026". `preposition` is the Italian one (il, dal, al, del, nel,
    sul); in English it reads "on", "from", "to", "of", "in". `text` is the day as written, when
    not `day(value)` (a short form such as "11/12")."""
    written = day(value) if text is None else text
    if not get_language().startswith("it"):
        return f"{ENGLISH[preposition]} {written}"
    if value.day in VOWEL_DAYS:
        return f"{ELIDED[preposition]}{written}"
    return f"{preposition} {written}"
