"""The rotation planner: OR-Tools CP-SAT over one month, decomposed by unit.

Units are independent (every presence rule and anchor day belongs to one unit, every person
to one unit), so each is its own small model, solved in parallel processes with one search
worker and a deterministic time limit each: the same problem and seed give the same plan,
whatever the machine's load. Before solving, what no plan can meet (a unit that needs more
people present than are at work that day) is reported with the shortfall and relaxed, so the
rest is still planned.

Hard constraints: the agreement's period, weekdays, weekly and monthly limits; presence
prevailing in the month; absences; anchor days and personal mandatory presence; each unit's
minimum presence per weekday. Soft, in order of weight: grant the remote days the agreements
allow; people's preferred weekdays; last month's weekdays (stable patterns); few Mondays and
Fridays for anyone (fairness).
"""

from __future__ import annotations

import math
import os
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from ortools.sat.python import cp_model

from agilepa.core import formats
from agilepa.planning.problem import (
    Finding,
    Plan,
    PresenceRule,
    Problem,
    Result,
    SoftReport,
    Worker,
    weekday_plural,
)

GRANT, PREFERRED, STABLE, FAIRNESS = 100, 10, 4, 3
FAIR_EDGE_DAYS = 2  # Mondays and Fridays a month anyone may have before it costs
# CP-SAT's deterministic time per unit (about 0.1 s of wall time at most): it starts from the
# greedy plan as a hint, so it only has to improve on it.
DETERMINISTIC_LIMIT = 0.1


@dataclass(frozen=True)
class Part:
    """One unit's sub-problem: its people, its rules (already relaxed) and its anchor days."""

    unit_id: int
    days: tuple[date, ...]
    workers: tuple[Worker, ...]
    rules: tuple[PresenceRule, ...]
    anchors: frozenset[date]


def candidate_days(worker: Worker, days: tuple[date, ...], anchors: frozenset[date]) -> list[date]:
    """The days a worker could be remote, before any limit."""
    return [
        d
        for d in days
        if worker.covered(d)
        and d not in worker.absences
        and d not in anchors
        and d not in worker.mandatory_presence
        and (not worker.remote_weekdays or d.weekday() in worker.remote_weekdays)
    ]


def monthly_cap(worker: Worker, days: tuple[date, ...]) -> int:
    """The agreement's monthly limit, and presence prevailing over the days at work of the
    window so far (its earlier months carried in the worker); a granted derogation replaces
    the prevalence with its stated days."""
    at_work = sum(1 for d in days if d not in worker.absences)
    if worker.derogation_days is not None:
        return max(0, min(worker.derogation_days, at_work))
    total = worker.window_working + at_work
    prevailing = total - math.ceil(total * worker.min_presence_percent / 100) - worker.window_remote
    return max(0, min(worker.max_per_month, prevailing))


def split(problem: Problem) -> tuple[list[Part], list[Finding]]:
    """The independent units, with every presence rule no plan can meet relaxed and reported."""
    by_unit: dict[int, list[Worker]] = defaultdict(list)
    for worker in problem.workers:
        by_unit[worker.unit_id].append(worker)
    rules_of: dict[int, list[PresenceRule]] = defaultdict(list)
    infeasible: list[Finding] = []
    for rule in problem.rules:
        people = [w for w in by_unit.get(rule.unit_id, []) if not rule.role or rule.role in w.roles]
        for day in problem.days:
            if day.weekday() != rule.weekday:
                continue
            at_work = sum(1 for w in people if day not in w.absences)
            needed = max(rule.min_present, math.ceil(at_work * rule.min_share_percent / 100))
            if needed > at_work:
                name = rule.label or problem.unit_names.get(rule.unit_id, str(rule.unit_id))
                infeasible.append(
                    Finding(
                        "unit_below_minimum",
                        _(
                            "%(unit)s needs %(n)d present on %(weekdays)s; only %(p)d can be "
                            "%(on_day)s."
                        )
                        % {
                            "unit": name,
                            "n": needed,
                            "weekdays": weekday_plural(rule.weekday),
                            "p": at_work,
                            "on_day": formats.with_article("il", day),
                        },
                        rule.unit_id,
                        None,
                        day,
                        needed - at_work,
                    )
                )
    for rule in problem.rules:
        rules_of[rule.unit_id].append(rule)
    parts = [
        Part(
            unit_id=unit_id,
            days=problem.days,
            workers=tuple(workers),
            rules=tuple(rules_of.get(unit_id, ())),
            anchors=problem.anchor_days.get(unit_id, frozenset()),
        )
        for unit_id, workers in sorted(by_unit.items())
    ]
    return parts, infeasible


def solve_part(
    part: Part, seed: int, search_workers: int = 1, max_seconds: float | None = None
) -> dict[int, frozenset[date]]:
    """The best plan of one unit within the deterministic time limit. (The benchmark also
    solves a whole body as one part, with more search workers and a wall-clock limit.)"""
    model = cp_model.CpModel()
    x: dict[tuple[int, date], cp_model.IntVar] = {}
    grant_terms, preferred_terms, stable_terms, excess_terms = [], [], [], []
    for worker in part.workers:
        days = candidate_days(worker, part.days, part.anchors)
        if not days or worker.max_per_week <= 0:
            continue
        own = []
        weeks: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        for d in days:
            var = model.new_bool_var(f"x{worker.id}_{d.toordinal()}")
            x[worker.id, d] = var
            own.append(var)
            weeks[d.isocalendar()[:2]].append(var)
            if d.weekday() in worker.preferred_weekdays:
                preferred_terms.append(var)
            if d.weekday() in worker.previous_weekdays:
                stable_terms.append(var)
        for week_vars in weeks.values():
            if len(week_vars) > worker.max_per_week:
                model.add(sum(week_vars) <= worker.max_per_week)
        cap = monthly_cap(worker, part.days)
        if len(own) > cap:
            model.add(sum(own) <= cap)
        grant_terms += own
        # Fairness: Mondays and Fridays beyond the fair share cost, so that the same people do
        # not always get them (fixed weekdays were agreed, so they are left alone).
        edge = [x[worker.id, d] for d in days if d.weekday() in (0, 4)]
        if len(edge) > FAIR_EDGE_DAYS and not worker.remote_weekdays:
            excess = model.new_int_var(0, len(edge), f"e{worker.id}")
            model.add(excess >= sum(edge) - FAIR_EDGE_DAYS)
            excess_terms.append(excess)
    for rule in part.rules:
        people = [
            w
            for w in part.workers
            if w.unit_id == rule.unit_id and (not rule.role or rule.role in w.roles)
        ]
        for d in part.days:
            if d.weekday() != rule.weekday:
                continue
            at_work = [w for w in people if d not in w.absences]
            needed = max(rule.min_present, math.ceil(len(at_work) * rule.min_share_percent / 100))
            allowed_remote = max(0, len(at_work) - needed)
            remote = [x[w.id, d] for w in at_work if (w.id, d) in x]
            if len(remote) > allowed_remote:
                model.add(sum(remote) <= allowed_remote)
    if not x:
        return {}
    anchors = {w.unit_id: part.anchors for w in part.workers}
    hint = greedy(Problem(part.days, part.workers, part.rules, anchors))
    for (worker_id, d), var in x.items():
        model.add_hint(var, d in hint.remote.get(worker_id, frozenset()))
    model.maximize(
        GRANT * sum(grant_terms)
        + PREFERRED * sum(preferred_terms)
        + STABLE * sum(stable_terms)
        - FAIRNESS * sum(excess_terms)
    )
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = search_workers
    solver.parameters.random_seed = seed
    # A unit's model is small: presolve costs more than it saves (11 ms a unit without it,
    # 34 ms with it, the same plans; measured by bench/planner.py).
    solver.parameters.cp_model_presolve = False
    if max_seconds is None:
        solver.parameters.max_deterministic_time = DETERMINISTIC_LIMIT
    else:
        solver.parameters.max_time_in_seconds = max_seconds
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # cannot happen: x = 0 is feasible
        return {}
    plan: dict[int, set[date]] = defaultdict(set)
    for (worker_id, d), var in x.items():
        if solver.value(var):
            plan[worker_id].add(d)
    return {w: frozenset(days) for w, days in plan.items()}


def _solve_batch(parts: list[Part], seed: int) -> dict[int, frozenset[date]]:
    out: dict[int, frozenset[date]] = {}
    for part in parts:
        out.update(solve_part(part, seed))
    return out


def solve(problem: Problem, seed: int = 0, processes: int | None = None) -> Result:
    """Plan the month: split by unit, solve the parts in parallel, report what could not be."""
    started = time.perf_counter()
    parts, infeasible = split(problem)
    processes = processes or min(os.cpu_count() or 1, 8)
    remote: dict[int, frozenset[date]] = {}
    if processes <= 1 or len(parts) < 4:
        remote = _solve_batch(parts, seed)
    else:
        # Balanced batches by size, so each process gets a similar share of the work.
        batches: list[list[Part]] = [[] for _ in range(processes)]
        loads = [0] * processes
        for part in sorted(parts, key=lambda p: -len(p.workers)):
            i = loads.index(min(loads))
            batches[i].append(part)
            loads[i] += len(part.workers)
        with ProcessPoolExecutor(max_workers=processes) as pool:
            for found in pool.map(_solve_batch, batches, [seed] * processes):
                remote.update(found)
    plan = Plan({w.id: remote.get(w.id, frozenset()) for w in problem.workers})
    return Result(
        plan=plan,
        infeasible=tuple(infeasible),
        soft=soft_report(problem, plan),
        seconds=time.perf_counter() - started,
        parts=len(parts),
    )


def entitlement(worker: Worker, problem: Problem) -> int:
    """Remote days the agreement would grant this month with no unit rule in the way."""
    anchors = problem.anchor_days.get(worker.unit_id, frozenset())
    days = candidate_days(worker, problem.days, anchors)
    weeks: dict[tuple[int, int], int] = defaultdict(int)
    for d in days:
        weeks[d.isocalendar()[:2]] += 1
    weekly = sum(min(n, worker.max_per_week) for n in weeks.values())
    return min(weekly, monthly_cap(worker, problem.days))


def soft_report(problem: Problem, plan: Plan) -> SoftReport:
    granted = entitled = preferred_met = preferred_asked = stable = 0
    edge_excess = 0
    shortfalls = []
    for worker in problem.workers:
        days = plan.remote.get(worker.id, frozenset())
        owed = entitlement(worker, problem)
        granted += len(days)
        entitled += owed
        if worker.preferred_weekdays and owed:
            preferred_asked += owed
            preferred_met += sum(1 for d in days if d.weekday() in worker.preferred_weekdays)
        stable += sum(1 for d in days if d.weekday() in worker.previous_weekdays)
        if not worker.remote_weekdays:
            edge = sum(1 for d in days if d.weekday() in (0, 4))
            edge_excess += max(0, edge - FAIR_EDGE_DAYS)
        if len(days) < owed:
            shortfalls.append(
                _("%(name)s: %(g)d remote days of %(o)d, for the unit's minimum presence.")
                % {"name": worker.name or worker.id, "g": len(days), "o": owed}
            )
    return SoftReport(
        granted=granted,
        entitled=entitled,
        preferred_met=preferred_met,
        preferred_asked=preferred_asked,
        monday_friday_excess=edge_excess,
        stable=stable,
        shortfalls=tuple(shortfalls),
    )


def greedy(problem: Problem) -> Plan:
    """A baseline for the benchmark: people in order, each takes their preferred candidate days
    first while every limit and the unit's presence allow."""
    remote_count: dict[tuple[int, date], int] = defaultdict(int)
    limits: dict[tuple[int, date], int] = {}
    by_unit: dict[int, list[Worker]] = defaultdict(list)
    for worker in problem.workers:
        by_unit[worker.unit_id].append(worker)
    rules_by_unit: dict[int, list[PresenceRule]] = defaultdict(list)
    for rule in problem.rules:
        rules_by_unit[rule.unit_id].append(rule)
    plan: dict[int, frozenset[date]] = {}
    for worker in problem.workers:
        anchors = problem.anchor_days.get(worker.unit_id, frozenset())
        days = sorted(
            candidate_days(worker, problem.days, anchors),
            key=lambda d: (d.weekday() not in worker.preferred_weekdays, d),
        )
        cap = monthly_cap(worker, problem.days)
        weeks: dict[tuple[int, int], int] = defaultdict(int)
        chosen = set()
        for d in days:
            if len(chosen) >= cap or weeks[d.isocalendar()[:2]] >= worker.max_per_week:
                continue
            blocked = False
            for rule in rules_by_unit.get(worker.unit_id, []):
                if rule.weekday != d.weekday() or (rule.role and rule.role not in worker.roles):
                    continue
                key = (id(rule), d)
                if key not in limits:
                    people = [
                        w
                        for w in by_unit[rule.unit_id]
                        if (not rule.role or rule.role in w.roles) and d not in w.absences
                    ]
                    needed = max(
                        rule.min_present, math.ceil(len(people) * rule.min_share_percent / 100)
                    )
                    limits[key] = max(0, len(people) - needed)
                if remote_count[key] >= limits[key]:
                    blocked = True
            if blocked:
                continue
            for rule in rules_by_unit.get(worker.unit_id, []):
                if rule.weekday == d.weekday() and (not rule.role or rule.role in worker.roles):
                    remote_count[id(rule), d] += 1
            chosen.add(d)
            weeks[d.isocalendar()[:2]] += 1
        plan[worker.id] = frozenset(chosen)
    return Plan(plan)
