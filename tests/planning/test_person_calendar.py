"""The person's calendar grid as a pure function: weekdays in their columns, holidays by name,
each day in words, and the actions that apply to each day (no database)."""

from __future__ import annotations

from datetime import date

from agilepa.planning.calendar import national_holidays
from agilepa.planning.person_calendar import (
    Action,
    PersonDays,
    Planned,
    Seat,
    Status,
    Worked,
    build,
    legend,
    week_span,
)

DECEMBER = (date(2026, 12, 1), date(2026, 12, 31))
TODAY = date(2026, 12, 9)  # a Wednesday


def facts(**kw: object) -> PersonDays:
    values: dict[str, object] = {
        "holidays": national_holidays(2026),
        "planned": {},
        "worked": {},
        "seats": {},
        "events": {},
        "absences": {},
    }
    values.update(kw)
    return PersonDays(**values)  # type: ignore[arg-type]


def cell(calendar, day: date):
    return next(d for week in calendar.weeks for d in week if d.day == day)


def test_the_first_of_december_2026_sits_in_the_tuesday_column() -> None:
    calendar = build(facts(), *DECEMBER, TODAY)
    first_week = calendar.weeks[0]
    assert [d.day.weekday() for d in first_week] == [0, 1, 2, 3, 4]
    assert first_week[1].day == date(2026, 12, 1)
    assert first_week[0].day == date(2026, 11, 30) and not first_week[0].in_period
    # Every row is a Monday-Friday week; no Saturday or Sunday anywhere.
    assert all([d.day.weekday() for d in week] == [0, 1, 2, 3, 4] for week in calendar.weeks)
    assert len(calendar.weeks) == 5
    assert calendar.weeks[-1][3].day == date(2026, 12, 31)  # a Thursday


def test_the_immacolata_is_a_holiday_with_its_name_and_no_action() -> None:
    planned = {date(2026, 12, 8): Planned("office")}
    day = cell(build(facts(planned=planned), *DECEMBER, TODAY), date(2026, 12, 8))
    assert day.status == Status.HOLIDAY
    assert day.label == "holiday: Immacolata Concezione"
    assert day.actions == ()


def test_each_day_says_what_it_is_in_words() -> None:
    calendar = build(
        facts(
            planned={
                date(2026, 12, 14): Planned("office", site="Palazzo d'Accursio"),
                date(2026, 12, 15): Planned("remote", hours="08:00-14:00"),
                date(2026, 12, 16): Planned("remote"),
                date(2026, 12, 17): Planned("absent"),
            },
            seats={date(2026, 12, 16): [Seat("Hub Bologna Centro", "P01", "morning")]},
            events={date(2026, 12, 14): ["Sicurezza informatica"]},
            absences={date(2026, 12, 18): "Leave"},
        ),
        *DECEMBER,
        TODAY,
    )
    office = cell(calendar, date(2026, 12, 14))
    assert (office.status, office.label) == (Status.OFFICE, "in the office")
    assert office.notes == ("Palazzo d'Accursio", "Sicurezza informatica")
    remote = cell(calendar, date(2026, 12, 15))
    assert (remote.label, remote.notes) == ("remote work", ("lavoro da remoto 08:00-14:00",))
    coworking = cell(calendar, date(2026, 12, 16))
    assert coworking.label == "coworking Hub Bologna Centro"
    assert coworking.notes == ("Coworking: Hub Bologna Centro, P01 (morning)",)
    assert cell(calendar, date(2026, 12, 17)).label == "absence"
    leave = cell(calendar, date(2026, 12, 18))
    assert (leave.status, leave.label, leave.notes) == (Status.ABSENT, "absence", ("Leave",))
    assert cell(calendar, date(2026, 12, 21)).label == "not planned"


def test_what_happened_wins_over_the_plan_and_both_are_said() -> None:
    calendar = build(
        facts(
            planned={date(2026, 12, 2): Planned("office"), date(2026, 12, 3): Planned("remote")},
            worked={
                date(2026, 12, 2): Worked("remote", imported=False),
                date(2026, 12, 3): Worked("remote", imported=True),
            },
        ),
        *DECEMBER,
        TODAY,
    )
    changed = cell(calendar, date(2026, 12, 2))
    assert changed.label == "remote work"
    assert changed.notes == ("planned: in the office", "confirmed")
    assert cell(calendar, date(2026, 12, 3)).notes == ("recorded by the attendance system",)


def test_a_seat_booked_on_a_planned_office_day_is_flagged() -> None:
    day = date(2026, 12, 10)
    calendar = build(
        facts(planned={day: Planned("office")}, seats={day: [Seat("Hub", "P02")]}),
        *DECEMBER,
        TODAY,
    )
    assert cell(calendar, day).warning == "(an office day in the plan)"


def test_only_the_actions_that_apply_to_a_day_are_offered() -> None:
    calendar = build(
        facts(
            planned={
                date(2026, 12, 2): Planned("office"),  # past
                date(2026, 12, 3): Planned("remote"),  # past, recorded by the attendance system
                date(2026, 12, 10): Planned("office"),  # future
                date(2026, 12, 11): Planned("remote"),  # future
                date(2026, 12, 14): Planned("absent"),  # future
            },
            worked={date(2026, 12, 3): Worked("remote", imported=True)},
            seats={date(2026, 12, 15): [Seat("Hub", "P01")]},
        ),
        *DECEMBER,
        TODAY,
    )
    assert cell(calendar, date(2026, 12, 2)).actions == (Action.CONFIRM,)
    assert cell(calendar, date(2026, 12, 3)).actions == ()
    assert cell(calendar, date(2026, 12, 4)).actions == ()  # past, nothing planned nor said
    assert cell(calendar, TODAY).actions == ()
    assert cell(calendar, date(2026, 12, 10)).actions == (Action.CHANGE,)
    assert cell(calendar, date(2026, 12, 11)).actions == (Action.CHANGE, Action.BOOK)
    assert cell(calendar, date(2026, 12, 14)).actions == ()
    assert cell(calendar, date(2026, 12, 15)).actions == ()  # already booked
    assert cell(calendar, date(2026, 12, 16)).actions == (Action.BOOK,)  # not planned yet
    # The neighbour months' days fill the first and last week but carry no action.
    assert cell(calendar, date(2027, 1, 1)).actions == ()


def test_a_week_runs_from_monday_to_friday_around_any_of_its_days() -> None:
    assert week_span(date(2026, 12, 6)) == (date(2026, 11, 30), date(2026, 12, 4))  # a Sunday
    calendar = build(facts(), *week_span(date(2026, 12, 8)), TODAY)
    assert [d.day.day for d in calendar.weeks[0]] == [7, 8, 9, 10, 11]
    assert cell(calendar, TODAY).is_today


def test_the_legend_names_every_status_once() -> None:
    assert [status for status, _words, _meaning in legend()] == list(Status)
