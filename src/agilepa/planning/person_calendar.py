"""The person's week and month as a Monday-Friday calendar: what the published plan says, where
they said they worked, their coworking bookings, their events and absences, the holidays, and
the one action each day allows. A plain function over plain data (the selector
`selectors.person_calendar` reads the data), so the grid is tested without the database.

Each day says what it is in words as well as in colour (WCAG 1.4.1: colour is never the only
carrier): "in sede", "lavoro agile", "coworking <hub>", "assenza", "festivo".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext as _

WORKDAYS = 5  # Monday to Friday: the calendar's columns


class Status(StrEnum):
    """What a day is, in the order the page's legend lists them."""

    OFFICE = "office"
    REMOTE = "remote"
    COWORKING = "coworking"
    ABSENT = "absent"
    HOLIDAY = "holiday"
    UNPLANNED = "unplanned"


class Action(StrEnum):
    CHANGE = "change"  # ask the manager for a change of the published plan
    BOOK = "book"  # book a seat in a coworking hub near home
    CONFIRM = "confirm"  # say where I worked


@dataclass(frozen=True)
class Planned:
    kind: str  # PlanDayKind: office, remote, absent
    site: str = ""
    hours: str = ""  # the fixed hours of lavoro da remoto


@dataclass(frozen=True)
class Worked:
    kind: str  # PlanDayKind
    imported: bool  # recorded by the attendance system (the person cannot change it)


@dataclass(frozen=True)
class Seat:
    hub: str
    seat: str
    half: str = ""  # "" for the whole day, else "morning" / "afternoon" in words


@dataclass(frozen=True)
class PersonDays:
    """Everything known of one person over a span of days, keyed by date."""

    holidays: dict[date, str]
    planned: dict[date, Planned]
    worked: dict[date, Worked]
    seats: dict[date, list[Seat]]
    events: dict[date, list[str]]
    absences: dict[date, str]


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_period: bool  # False for the days of the neighbour months in a month's first/last week
    status: Status
    label: str  # the status in words
    notes: tuple[str, ...]
    warning: str
    actions: tuple[Action, ...]
    is_today: bool


@dataclass(frozen=True)
class Calendar:
    start: date  # the first day of the period (a Monday for a week, the 1st for a month)
    end: date
    weeks: list[list[CalendarDay]]  # rows of Monday-Friday


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_span(day: date) -> tuple[date, date]:
    start = monday_of(day)
    return start, start + timedelta(days=WORKDAYS - 1)


def grid_span(start: date, end: date) -> tuple[date, date]:
    """From the Monday of the first day's week to the Friday of the last day's week."""
    return monday_of(start), monday_of(end) + timedelta(days=WORKDAYS - 1)


def _kind_label(kind: str) -> str:
    return {
        "office": _("in the office"),
        "remote": _("remote work"),
        "absent": _("absence"),
    }[kind]


def _day(facts: PersonDays, day: date, today: date, in_period: bool) -> CalendarDay:
    planned = facts.planned.get(day)
    worked = facts.worked.get(day)
    seats = facts.seats.get(day, [])
    said = worked or planned  # what happened wins over what was planned
    notes: list[str] = []
    warning = ""
    if day in facts.holidays:
        status, label = Status.HOLIDAY, _("holiday: %(name)s") % {"name": facts.holidays[day]}
    elif day in facts.absences or (said is not None and said.kind == "absent"):
        status, label = Status.ABSENT, _("absence")
        if day in facts.absences:
            notes.append(facts.absences[day])
    elif worked is not None:
        status = Status(worked.kind)
        label = _kind_label(worked.kind)
        if worked.kind == "remote" and seats:
            status, label = Status.COWORKING, _("coworking %(hub)s") % {"hub": seats[0].hub}
    elif seats:
        status, label = Status.COWORKING, _("coworking %(hub)s") % {"hub": seats[0].hub}
    elif planned is not None:
        status, label = Status(planned.kind), _kind_label(planned.kind)
    else:
        status, label = Status.UNPLANNED, _("not planned")
    if planned is not None and status != Status.HOLIDAY:
        if worked is not None and worked.kind != planned.kind:
            notes.append(_("planned: %(kind)s") % {"kind": _kind_label(planned.kind)})
        if planned.kind == "remote" and planned.hours:
            notes.append(_("lavoro da remoto %(hours)s") % {"hours": planned.hours})
        if planned.kind == "office" and planned.site:
            notes.append(planned.site)
    if worked is not None:
        notes.append(_("recorded by the attendance system") if worked.imported else _("confirmed"))
    for seat in seats:
        text = _("Coworking: %(hub)s, %(seat)s") % {"hub": seat.hub, "seat": seat.seat}
        notes.append(f"{text} ({seat.half})" if seat.half else text)
    if seats and planned is not None and planned.kind == "office":
        warning = _("(an office day in the plan)")
    notes.extend(facts.events.get(day, []))
    actions: list[Action] = []
    if in_period and status != Status.HOLIDAY:
        if day > today:
            if planned is not None and planned.kind in ("office", "remote"):
                actions.append(Action.CHANGE)
            if status in (Status.REMOTE, Status.UNPLANNED):
                actions.append(Action.BOOK)
        elif (planned is not None or worked is not None) and not (worked and worked.imported):
            actions.append(Action.CONFIRM)
    return CalendarDay(
        day, in_period, status, label, tuple(notes), warning, tuple(actions), day == today
    )


def build(facts: PersonDays, start: date, end: date, today: date) -> Calendar:
    """The period from `start` to `end` as weeks of Monday-Friday rows; the days of the first
    and last week outside the period are there (so the columns stay aligned) but carry no
    action. Saturdays and Sundays are left out."""
    first, last = grid_span(start, end)
    weeks: list[list[CalendarDay]] = []
    monday = first
    while monday <= last:
        weeks.append(
            [
                _day(facts, d, today, start <= d <= end)
                for d in (monday + timedelta(days=n) for n in range(WORKDAYS))
            ]
        )
        monday += timedelta(days=7)
    return Calendar(start, end, weeks)


def legend() -> list[tuple[Status, str, str]]:
    """The legend: each status, its words and what it means."""
    return [
        (Status.OFFICE, _("in the office"), _("a day at your office, in the plan or confirmed")),
        (Status.REMOTE, _("remote work"), _("lavoro agile, from home or another place")),
        (Status.COWORKING, _("coworking"), _("a seat booked in a coworking hub")),
        (Status.ABSENT, _("absence"), _("leave, sickness, training or another absence")),
        (Status.HOLIDAY, _("holiday"), _("a national holiday, the patron saint or a closure")),
        (Status.UNPLANNED, _("not planned"), _("no published plan for the day yet")),
    ]
