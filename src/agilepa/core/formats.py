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
