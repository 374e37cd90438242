"""Benchmark of the rotation planner: generated bodies of 1,000, 15,000 and 100,000 people.

    .venv/bin/python bench/planner.py [--sizes 1000,15000,100000] [--seed 1]

Each body has units of 5-60 people; 70% of people hold an agreement (half with fixed weekdays,
half with a monthly quota of 4-8 days), 2 days a week at most; absences (leave, sickness) of
about 6% of the days; every unit needs a minimum presence every weekday (60% of those at work,
or a head count of front-office staff for counters), an anchor day a month, and people
prefer one or two weekdays. For each size it prints, for the decomposed planner (`solver.solve`),
a monolithic CP-SAT model of the whole body given the same wall time (2 search workers), and a
greedy baseline: wall time, hard constraints broken (the independent checker; only those
reported infeasible may appear), and the soft score (remote days granted, preferred days met,
Mondays and Fridays beyond a fair share). Targets: 15,000 people ≤ 10 s, 100,000 ≤ 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agilepa.settings")
os.environ.setdefault("AGILEPA_INSECURE_DEV_KEY", "1")


MONOLITHIC_UP_TO = 15_000  # building one model of 100,000 people alone takes minutes


def generate(people: int, seed: int):
    from agilepa.planning.calendar import CalendarFacts, month_bounds, working_days
    from agilepa.planning.problem import PresenceRule, Problem, Worker

    rng = random.Random(seed)
    days = tuple(working_days(CalendarFacts(), *month_bounds(2027, 3)))
    workers, rules, anchors, names = [], [], {}, {}
    n = unit = 0
    while n < people:
        unit += 1
        size = min(rng.randint(5, 60), people - n)
        names[unit] = f"Unità {unit}"
        front = rng.random() < 0.25
        for _ in range(size):
            agile = rng.random() < 0.7
            fixed = agile and rng.random() < 0.5
            workers.append(
                Worker(
                    id=n,
                    unit_id=unit,
                    roles=frozenset({"front_office"})
                    if front and rng.random() < 0.4
                    else frozenset(),
                    agreement_start=date(2026, 1, 1) if agile else None,
                    remote_weekdays=frozenset(rng.sample(range(5), 2)) if fixed else frozenset(),
                    max_per_week=2,
                    max_per_month=8 if fixed else rng.choice([4, 6, 8]),
                    absences=frozenset(d for d in days if rng.random() < 0.06),
                    preferred_weekdays=frozenset(rng.sample(range(5), rng.choice([1, 2]))),
                    previous_weekdays=frozenset(rng.sample(range(5), 2)) if agile else frozenset(),
                )
            )
            n += 1
        for weekday in range(5):
            rules.append(PresenceRule(unit, weekday, min_share_percent=60))
            if front:
                rules.append(PresenceRule(unit, weekday, min_present=2, role="front_office"))
        anchors[unit] = frozenset({rng.choice(days)})
    return Problem(days, tuple(workers), tuple(rules), anchors, names)


def score(problem, plan) -> str:
    from agilepa.planning.solver import soft_report

    soft = soft_report(problem, plan)
    return (
        f"granted {soft.granted:,}/{soft.entitled:,}, preferred {soft.preferred_met:,}, "
        f"Mon/Fri beyond fair share {soft.monday_friday_excess:,}"
    )


def run(size: int, seed: int) -> None:
    from agilepa.planning.checker import check_plan
    from agilepa.planning.problem import Plan, Worker
    from agilepa.planning.solver import Part, greedy, solve, solve_part

    started = time.perf_counter()
    problem = generate(size, seed)
    print(
        f"\n== {size:,} people, {len({w.unit_id for w in problem.workers}):,} units "
        f"(generated in {time.perf_counter() - started:.1f} s)"
    )

    result = solve(problem, seed=seed, processes=2)
    reported = {(f.code, f.unit_id, f.day) for f in result.infeasible}
    broken = [
        f for f in check_plan(problem, result.plan) if (f.code, f.unit_id, f.day) not in reported
    ]
    print(
        f"decomposed CP-SAT: {result.seconds:.1f} s, {result.parts:,} parts, "
        f"{len(broken)} hard broken, {len(result.infeasible)} reported infeasible; "
        f"{score(problem, result.plan)}"
    )

    started = time.perf_counter()
    plan = greedy(problem)
    greedy_time = time.perf_counter() - started
    broken = [f for f in check_plan(problem, plan) if (f.code, f.unit_id, f.day) not in reported]
    print(f"greedy: {greedy_time:.1f} s, {len(broken)} hard broken; {score(problem, plan)}")

    if size > MONOLITHIC_UP_TO:
        print(f"monolithic CP-SAT: not run above {MONOLITHIC_UP_TO:,} people (see README)")
        return
    started = time.perf_counter()
    # One model for the whole body: anchor days become each person's mandatory presence.
    everyone = tuple(
        Worker(
            **{
                **w.__dict__,
                "mandatory_presence": w.mandatory_presence
                | problem.anchor_days.get(w.unit_id, frozenset()),
            }
        )
        for w in problem.workers
    )
    whole = Part(0, problem.days, everyone, problem.rules, frozenset())
    remote = solve_part(whole, seed, search_workers=2, max_seconds=max(result.seconds, 1.0))
    plan = Plan({w.id: remote.get(w.id, frozenset()) for w in problem.workers})
    mono_time = time.perf_counter() - started
    broken = [f for f in check_plan(problem, plan) if (f.code, f.unit_id, f.day) not in reported]
    print(
        f"monolithic CP-SAT (same solve budget, 2 workers): {mono_time:.1f} s in all, "
        f"{len(broken)} hard broken; {score(problem, plan)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,15000,100000")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    import django

    django.setup()
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.seed)


if __name__ == "__main__":
    main()
