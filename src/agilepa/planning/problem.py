"""The planning problem of one month, as plain data: who may work remotely on which working day,
what each unit needs in presence, and what people prefer.

The planner (`solver.py`) and the independent checker (`checker.py`) both read these values and
share nothing else: the checker re-derives every hard constraint from this description, so a
bug in how the solver builds its model cannot hide from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext as _


class DayKind(StrEnum):
    OFFICE = "office"
    REMOTE = "remote"
    ABSENT = "absent"  # leave, sickness, training away: given, never planned


@dataclass(frozen=True)
class Worker:
    """One person of the month, with what their agreement and the Regolamento allow.

    `remote_weekdays` is the agreement's fixed weekdays (an empty set for a monthly quota, where
    any weekday may be chosen); `entitlement` is how many remote days the agreement grants this
    month when nothing stands in the way."""

    id: int
    unit_id: int
    name: str = ""
    roles: frozenset[str] = frozenset()
    agreement_start: date | None = None  # None: no agreement this month, always in the office
    agreement_end: date | None = None
    remote_weekdays: frozenset[int] = frozenset()
    max_per_week: int = 0
    max_per_month: int = 0
    min_presence_percent: int = 51
    absences: frozenset[date] = frozenset()
    mandatory_presence: frozenset[date] = frozenset()  # training, meetings of this person
    preferred_weekdays: frozenset[int] = frozenset()
    previous_weekdays: frozenset[int] = frozenset()  # last month's remote weekdays (stability)
    # Presence prevails over the Regolamento's window of months (joint circular of 5 January
    # 2022): the days at work and the remote days of the window's earlier months (actuals,
    # else the published plan) are carried, and the balance must hold at the end of this one.
    window_months: int = 1
    window_working: int = 0
    window_remote: int = 0
    # A granted derogation (Directive of 29 December 2023): the prevalence is lifted up to
    # this many remote days in the month.
    derogation_days: int | None = None
    work_hours: str = ""  # lavoro da remoto: the fixed hours of a remote day, e.g. "08:00-14:00"

    def covered(self, day: date) -> bool:
        if self.agreement_start is None or day < self.agreement_start:
            return False
        return self.agreement_end is None or day <= self.agreement_end


@dataclass(frozen=True)
class PresenceRule:
    """A unit's minimum presence on a weekday: a head count, or a share of the people of the
    unit working that day (rounded up), optionally only among people with `role`."""

    unit_id: int
    weekday: int
    min_present: int = 0
    min_share_percent: int = 0
    role: str = ""
    label: str = ""  # e.g. "Servizio Anagrafe"


@dataclass(frozen=True)
class Problem:
    days: tuple[date, ...]  # the month's working days, in order
    workers: tuple[Worker, ...]
    rules: tuple[PresenceRule, ...] = ()
    anchor_days: dict[int, frozenset[date]] = field(default_factory=dict)  # unit → days
    unit_names: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """Who works remotely on which day; every other working day is in the office or absent."""

    remote: dict[int, frozenset[date]]  # worker id → remote days


@dataclass(frozen=True)
class Finding:
    """A hard constraint a plan breaks, or that no plan can meet (`infeasible`)."""

    code: str
    message: str
    unit_id: int | None = None
    worker_id: int | None = None
    day: date | None = None
    missing: int = 0  # by how much (people, days)


@dataclass(frozen=True)
class SoftReport:
    """What the plan could not give people, and why."""

    granted: int  # remote days planned
    entitled: int  # remote days the agreements would grant with nothing in the way
    preferred_met: int
    preferred_asked: int
    monday_friday_excess: int  # Mondays and Fridays beyond the fair share, summed over people
    stable: int  # remote days on last month's weekdays
    shortfalls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    plan: Plan
    infeasible: tuple[Finding, ...]
    soft: SoftReport
    seconds: float
    parts: int  # independent sub-problems solved


def weekday_plural(weekday: int) -> str:
    return (
        _("Mondays"),
        _("Tuesdays"),
        _("Wednesdays"),
        _("Thursdays"),
        _("Fridays"),
        _("Saturdays"),
        _("Sundays"),
    )[weekday]
