"""Calendar months as the indicators count them: a month is named by its first day. Pure date
arithmetic, shared by the engine and the monthly summary."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def months_between(start: date, end: date) -> list[date]:
    months, current = [], month_start(start)
    while current <= end:
        months.append(current)
        current = (month_end(current) + timedelta(days=1)).replace(day=1)
    return months
