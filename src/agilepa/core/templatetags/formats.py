"""`{% load formats %}`: core/formats.py in templates, so that a page writes a day after an
article, a month and a number as the documents and messages do.

    {{ agreement.start_date|with_article:"dal" }}   dall'01/03/2026 · from 01/03/2026
    {{ month|month_name }}                          novembre 2026 · November 2026
    {{ km|grouped }}  {{ euro|grouped:2 }}           1.765.939 · 441.409,11
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import template

from agilepa.core import formats

register = template.Library()


@register.filter
def with_article(value: date | None, preposition: str) -> str:
    return "" if value is None else formats.with_article(preposition, value)


@register.filter
def month_name(value: date | None) -> str:
    return "" if value is None else formats.month(value)


@register.filter
def grouped(value: float | Decimal | int | None, decimals: int = 0) -> str:
    return "" if value is None or value == "" else formats.number(value, int(decimals))
