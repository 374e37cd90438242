"""The development phases of the POLA guidelines: avvio, sviluppo intermedio, sviluppo avanzato.

The guidelines plan lavoro agile over three years, one phase a year, and ask for a baseline and
a target per phase for each indicator. The platform's reading of "the phase reached"
(docs/indicators.md, "Phases"):

- an indicator has reached a phase when its actual value meets that phase's target (at least
  the target when higher is better, at most when lower is better); phases are cumulative, so it
  has reached the highest phase whose target it meets and every one before;
- below the avvio target it has reached none (`NOT_STARTED`, shown as "avvio not reached");
- the body has reached the highest phase that at least two thirds of its planned indicators
  (those with targets and a value) have reached. An indicator without a value does not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

SHARE_NEEDED = Fraction(2, 3)


class Phase(IntEnum):
    NOT_STARTED = 0
    AVVIO = 1
    INTERMEDIO = 2
    AVANZATO = 3

    @property
    def label(self) -> str:
        return str(PHASE_NAMES[self])


PHASE_NAMES = {
    Phase.NOT_STARTED: _("avvio not reached"),
    Phase.AVVIO: _("avvio"),
    Phase.INTERMEDIO: _("sviluppo intermedio"),
    Phase.AVANZATO: _("sviluppo avanzato"),
}


def meets(value: float | Decimal, target: float | Decimal, higher_is_better: bool) -> bool:
    value, target = Decimal(str(value)), Decimal(str(target))
    return value >= target if higher_is_better else value <= target


def phase_of(
    value: float | Decimal | None,
    targets: tuple[float | Decimal, float | Decimal, float | Decimal],
    higher_is_better: bool,
) -> Phase | None:
    """The phase an indicator has reached; None without a value."""
    if value is None:
        return None
    reached = Phase.NOT_STARTED
    for phase, target in zip((Phase.AVVIO, Phase.INTERMEDIO, Phase.AVANZATO), targets, strict=True):
        if not meets(value, target, higher_is_better):
            break
        reached = phase
    return reached


@dataclass(frozen=True)
class Overall:
    phase: Phase | None
    counted: int  # indicators with targets and a value
    by_phase: dict[Phase, int]  # how many reached at least each phase


def overall(phases: list[Phase | None]) -> Overall:
    """The body's phase from its indicators' phases (see the module doc)."""
    known = [p for p in phases if p is not None]
    at_least = {
        phase: sum(1 for p in known if p >= phase)
        for phase in (Phase.AVVIO, Phase.INTERMEDIO, Phase.AVANZATO)
    }
    if not known:
        return Overall(None, 0, at_least)
    reached = Phase.NOT_STARTED
    for phase in (Phase.AVVIO, Phase.INTERMEDIO, Phase.AVANZATO):
        if Fraction(at_least[phase], len(known)) >= SHARE_NEEDED:
            reached = phase
    return Overall(reached, len(known), at_least)
