"""Turning values into what a page, a file or the API shows: formatted, and withheld where
`protection` says so (a group too small, or a complement of one), for every viewer alike."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from agilepa.core import formats
from agilepa.indicators import catalogue
from agilepa.indicators.catalogue import Unit
from agilepa.indicators.engine import Value
from agilepa.surveys.anonymity import DEFAULT_THRESHOLD

K = DEFAULT_THRESHOLD

DECIMALS = {
    Unit.PERCENT: 1,
    Unit.DAYS: 1,
    Unit.KM: 0,
    Unit.HOURS: 0,
    Unit.TONNES: 2,
    Unit.EUR: 2,
    Unit.YES_NO: 0,
    Unit.COUNT: 0,
    Unit.SCORE: 1,
}


# What follows a figure, as a reader writes it: "441.409,11 €", "3,5 giorni", "72,5/100"; a
# count has nothing.
SUFFIXES = {
    Unit.PERCENT: " %",
    Unit.DAYS: None,  # the word, in the reader's language
    Unit.KM: " km",
    Unit.HOURS: " h",
    Unit.TONNES: " t CO2",
    Unit.EUR: " €",
    Unit.COUNT: "",
    Unit.SCORE: "/100",
}


def rounded(value: float | None, unit: Unit) -> float | None:
    return None if value is None else round(value, DECIMALS[unit])


def text(value: float | None, unit: Unit) -> str:
    if value is None:
        return "—"
    if unit == Unit.YES_NO:
        return _("yes") if value >= 0.5 else _("no")
    shown = formats.number(round(value, DECIMALS[unit]), DECIMALS[unit])
    suffix = SUFFIXES[unit]
    return f"{shown} {_('days')}" if suffix is None else f"{shown}{suffix}"


def mask(values: dict[str, Value], hidden: Collection[str]) -> dict[str, Value]:
    """The values with the withheld ones emptied: no figure, no numerator, no denominator and
    no count of people, so that no code path downstream (a page, a file, a chart) can show
    them. The decision is `protection.Protection`'s, the same for every viewer."""
    note = str(_("Fewer than %(k)d people: not shown.") % {"k": K})
    return {
        code: replace(
            v, value=None, numerator=None, denominator=None, people=0, note=note, withheld=True
        )
        if code in hidden
        else v
        for code, v in values.items()
    }


@dataclass(frozen=True)
class Shown:
    value: Value
    hidden: bool

    @property
    def indicator(self) -> catalogue.Indicator:
        return self.value.indicator

    @property
    def text(self) -> str:
        if self.hidden:
            return _("not shown (small group)")
        return text(self.value.value, self.value.indicator.unit)

    @property
    def number(self) -> float | None:
        return None if self.hidden else rounded(self.value.value, self.value.indicator.unit)


def show(values: dict[str, Value], hidden: Collection[str] = ()) -> dict[str, Shown]:
    """The values as shown, the `hidden` codes withheld (see `mask`)."""
    masked = mask(values, hidden)
    return {code: Shown(v, code in hidden) for code, v in masked.items()}
