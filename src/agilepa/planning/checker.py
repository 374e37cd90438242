"""The independent checker: every hard constraint of a month's plan, verified from the problem's
description alone. It shares no code with the solver's model building (`solver.py`) on
purpose: it checks the planner's output, a hand-edited plan, or an imported one the same way.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date

from django.utils.translation import gettext as _

from agilepa.core import formats
from agilepa.planning.problem import (
    Finding,
    Plan,
    PresenceRule,
    Problem,
    Worker,
)


def check_plan(problem: Problem, plan: Plan) -> list[Finding]:
    """Every hard constraint the plan breaks; an empty list for a valid plan."""
    findings: list[Finding] = []
    working = set(problem.days)
    workers = {w.id: w for w in problem.workers}
    for worker_id, days in plan.remote.items():
        worker = workers.get(worker_id)
        if worker is None:
            findings.append(Finding("unknown_person", _("A person outside the plan."), None))
            continue
        findings += _check_person(problem, worker, days, working)
    findings += _check_units(problem, plan)
    return findings


def _check_person(
    problem: Problem, worker: Worker, days: frozenset[date], working: set[date]
) -> list[Finding]:
    out: list[Finding] = []
    anchors = problem.anchor_days.get(worker.unit_id, frozenset())

    def add(code: str, message: str, day: date | None = None, missing: int = 0) -> None:
        out.append(Finding(code, message, worker.unit_id, worker.id, day, missing))

    # The day is put in words only for a finding: most remote days break nothing, and the
    # plan's page checks a whole Area's month at every request.
    for day in sorted(days):
        if day not in working:
            add(
                "not_a_working_day",
                _("%(d)s is not a working day.") % {"d": formats.day(day)},
                day,
            )
        elif not worker.covered(day):
            add(
                "not_covered",
                _("No active agreement %(on_day)s.") % {"on_day": formats.with_article("il", day)},
                day,
            )
        elif day in worker.absences:
            add(
                "remote_when_absent",
                _("Absent %(on_day)s.") % {"on_day": formats.with_article("il", day)},
                day,
            )
        elif day in anchors or day in worker.mandatory_presence:
            add(
                "remote_on_anchor_day",
                _("Presence is mandatory %(on_day)s.")
                % {"on_day": formats.with_article("il", day)},
                day,
            )
        elif worker.remote_weekdays and day.weekday() not in worker.remote_weekdays:
            add(
                "weekday_not_agreed",
                _("%(d)s is not one of the agreed weekdays.") % {"d": formats.day(day)},
                day,
            )
    weeks: dict[tuple[int, int], int] = defaultdict(int)
    for day in days:
        weeks[day.isocalendar()[:2]] += 1
    for (_year, week), count in sorted(weeks.items()):
        if count > worker.max_per_week:
            add(
                "too_many_in_week",
                _("%(n)d remote days in week %(w)d: at most %(max)d.")
                % {"n": count, "w": week, "max": worker.max_per_week},
                missing=count - worker.max_per_week,
            )
    if len(days) > worker.max_per_month:
        add(
            "too_many_in_month",
            _("%(n)d remote days in the month: at most %(max)d.")
            % {"n": len(days), "max": worker.max_per_month},
            missing=len(days) - worker.max_per_month,
        )
    present_days = [d for d in problem.days if d not in worker.absences]
    remote_at_work = len(days & set(present_days))
    if worker.derogation_days is not None:
        # The derogation lifts the prevalence up to its days (Directive 29 December 2023).
        if remote_at_work > worker.derogation_days:
            add(
                "derogation_exceeded",
                _("%(n)d remote days in the month: the derogation allows at most %(max)d.")
                % {"n": remote_at_work, "max": worker.derogation_days},
                missing=remote_at_work - worker.derogation_days,
            )
        return out
    # Presence prevails over the window so far: its earlier months, as carried, and this one.
    at_work = worker.window_working + len(present_days)
    needed_in_office = math.ceil(at_work * worker.min_presence_percent / 100)
    in_office = (worker.window_working - worker.window_remote) + (
        len(present_days) - remote_at_work
    )
    if days and in_office < needed_in_office:
        if worker.window_months > 1:
            message = _(
                "%(n)d days in the office of %(of)d working days over the %(m)d-month window "
                "so far: at least %(min)d are needed."
            ) % {"n": in_office, "of": at_work, "min": needed_in_office, "m": worker.window_months}
        else:
            message = _(
                "%(n)d days in the office of %(of)d working days: at least %(min)d are needed."
            ) % {"n": in_office, "of": at_work, "min": needed_in_office}
        add("presence_not_prevailing", message, missing=needed_in_office - in_office)
    return out


def required_presence(rule: PresenceRule, working_count: int) -> int:
    return max(rule.min_present, math.ceil(working_count * rule.min_share_percent / 100))


def _check_units(problem: Problem, plan: Plan) -> list[Finding]:
    out: list[Finding] = []
    by_unit: dict[int, list[Worker]] = defaultdict(list)
    for worker in problem.workers:
        by_unit[worker.unit_id].append(worker)
    for rule in problem.rules:
        people = [w for w in by_unit.get(rule.unit_id, []) if not rule.role or rule.role in w.roles]
        for day in problem.days:
            if day.weekday() != rule.weekday:
                continue
            working = [w for w in people if day not in w.absences]
            needed = required_presence(rule, len(working))
            present = sum(1 for w in working if day not in plan.remote.get(w.id, frozenset()))
            if present < needed:
                out.append(
                    Finding(
                        "unit_below_minimum",
                        _("%(unit)s needs %(n)d present %(on_day)s; the plan has %(p)d.")
                        % {
                            "unit": rule.label or problem.unit_names.get(rule.unit_id, "?"),
                            "n": needed,
                            "on_day": formats.with_article("il", day),
                            "p": present,
                        },
                        rule.unit_id,
                        None,
                        day,
                        needed - present,
                    )
                )
    return out
