"""Template filters of the measurement pages."""

from datetime import date

from django import template

from agilepa.core import formats
from agilepa.measurement.savings import Tally

register = template.Library()

DECIMALS = {"km": 1, "hours": 1, "kg_co2": 1, "eur": 2}


@register.filter
def rounded(tally: Tally) -> dict[str, str]:
    """The figures of a tally, rounded as documented (savings.Tally.rounded) and written with
    the language's separators: 1.765.939,0 km and 441.409,11 € in Italian."""
    return {
        key: formats.number(value, DECIMALS.get(key, 0))  # type: ignore[arg-type]
        for key, value in tally.rounded().items()
    }


@register.filter
def month_label(key: str) -> str:
    """A month key of the summaries ("2026-11") as a table reads it: "novembre 2026"."""
    return formats.month(date.fromisoformat(f"{key}-01"))
