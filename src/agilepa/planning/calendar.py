"""Working days: the national holidays, the patron saint's day of the office's comune, and the
body's own closures (../shared/DOMAIN.md section 8). Plain functions over plain data.

The `holidays` package knows the national days (4 October again from 2026) and, per province,
the patron of its capoluogo; a province code is wrong for the other comuni of the province, and
a province with two capoluoghi yields both saints. So the patron day is the body's setting per
comune, only *suggested* from the package for a capoluogo with a single patron.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import holidays

WEEKEND = (5, 6)  # Saturday, Sunday


@dataclass(frozen=True)
class Patron:
    month: int
    day: int
    name: str

    def on(self, year: int) -> date | None:
        try:
            return date(year, self.month, self.day)
        except ValueError:  # 29 February in a common year
            return None


@dataclass(frozen=True)
class CalendarFacts:
    """Everything that makes a day of one office non-working, apart from the weekend."""

    patron: Patron | None = None
    closures: dict[date, str] = field(default_factory=dict)
    weekend: tuple[int, ...] = WEEKEND


@dataclass(frozen=True)
class Day:
    day: date
    working: bool
    reason: str  # why it is not a working day ("" for a working day)


@cache
def national_holidays(year: int) -> dict[date, str]:
    return {d: str(name) for d, name in holidays.IT(years=year, language="it_IT").items()}


def day_of(facts: CalendarFacts, day: date) -> Day:
    national = national_holidays(day.year)
    if day in national:
        return Day(day, False, national[day])
    if facts.patron is not None and facts.patron.on(day.year) == day:
        return Day(day, False, facts.patron.name)
    if day in facts.closures:
        return Day(day, False, facts.closures[day])
    if day.weekday() in facts.weekend:
        return Day(day, False, "")
    return Day(day, True, "")


def days_between(facts: CalendarFacts, start: date, end: date) -> list[Day]:
    """Every day from `start` to `end`, both included, with whether it is a working day."""
    return [day_of(facts, start + timedelta(days=n)) for n in range((end - start).days + 1)]


def working_days(facts: CalendarFacts, start: date, end: date) -> list[date]:
    return [d.day for d in days_between(facts, start, end) if d.working]


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def suggest_patron(municipality: str) -> Patron | None:
    """The patron day of a capoluogo di provincia, from the `holidays` package; None for other
    comuni and for provinces with two capoluoghi (the package cannot tell their saints apart)."""
    code = holidays.IT.subdivisions_aliases.get(municipality.strip())
    if code is None:
        return None
    year = 2025  # before 4 October became national again, so San Petronio stays visible
    national = holidays.IT(years=year, language="it_IT")
    local = holidays.IT(years=year, subdiv=code, language="it_IT")
    extra = [(d, str(name)) for d, name in local.items() if d not in national]
    if len(extra) != 1:
        return None
    day, name = extra[0]
    return Patron(day.month, day.day, name)
