"""Turning values into what a page, a file or the API shows: formatted, and withheld where the
group is too small for the viewer."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

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


def rounded(value: float | None, unit: Unit) -> float | None:
    return None if value is None else round(value, DECIMALS[unit])


def text(value: float | None, unit: Unit) -> str:
    if value is None:
        return "—"
    if unit == Unit.YES_NO:
        return _("yes") if value >= 0.5 else _("no")
    shown = number_format(round(value, DECIMALS[unit]), DECIMALS[unit], use_l10n=True)
    return f"{shown} %" if unit == Unit.PERCENT else f"{shown} {unit.value}"


def withheld(value: Value, k: int = K) -> bool:
    """A measured figure about fewer than k people (but some) is not shown to whoever may not
    see named people's data."""
    return value.indicator.measured and 0 < value.people < k


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
            return _("fewer than %(k)d people") % {"k": K}
        return text(self.value.value, self.value.indicator.unit)

    @property
    def number(self) -> float | None:
        return None if self.hidden else rounded(self.value.value, self.value.indicator.unit)


def show(values: dict[str, Value], hide_small: bool) -> dict[str, Shown]:
    return {code: Shown(v, hide_small and withheld(v)) for code, v in values.items()}
