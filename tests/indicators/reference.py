"""The indicators computed the plain way: person by person, day by day, from the raw records,
with none of the engine's summary or SQL aggregates. Slow and obvious on purpose; the tests hold
the engine equal to it."""

from __future__ import annotations

import statistics
from datetime import date, timedelta

from agilepa.agreements.models import (
    Agreement,
    EquipmentItem,
    Regulation,
    TrainingCompletion,
)
from agilepa.measurement.selectors import body_factors, rollup
from agilepa.objectives.models import Objective, ObjectivesPolicy
from agilepa.objectives.progress import period_bounds
from agilepa.org.models import Body, OrgUnit, Person
from agilepa.planning.models import ActualDay, PlanDay
from agilepa.spaces.models import Booking
from agilepa.surveys.models import Response


def months_of(start: date, end: date) -> list[tuple[date, date]]:
    out, first = [], start.replace(day=1)
    while first <= end:
        nxt = (first + timedelta(days=32)).replace(day=1)
        out.append((first, nxt - timedelta(days=1)))
        first = nxt
    return out


def employed(person: Person, start: date, end: date) -> bool:
    if person.hire_date and person.hire_date > end:
        return False
    if person.ended_on:
        return person.ended_on >= start
    return person.is_active


def in_scope(person: Person, unit_path: str | None) -> bool:
    return unit_path is None or person.unit.path.startswith(unit_path)


def potential_unit(body: Body, unit: OrgUnit, day: date, regulations: list[Regulation]) -> bool:
    regs = [r for r in regulations if r.body_id == body.pk and r.effective_from <= day]
    if not regs:
        return False
    reg = max(regs, key=lambda r: (r.effective_from, r.version))
    for activity in reg.activities.all():
        if not activity.remotable:
            continue
        if activity.unit is None or unit.path.startswith(activity.unit.path):
            return True
    return False


class Records:
    """A person's raw records over the whole period, read once; each month picks its own."""

    def __init__(self, person: Person, start: date, end: date) -> None:
        self.actual_days = list(ActualDay.objects.filter(person=person, date__range=(start, end)))
        self.plan_days = list(
            PlanDay.objects.filter(person=person, date__range=(start, end)).select_related("plan")
        )
        self.bookings = list(Booking.objects.filter(person=person, date__range=(start, end)))
        self.agreements = list(Agreement.objects.filter(person=person))
        self.completions = list(
            TrainingCompletion.objects.filter(person=person).select_related("course")
        )
        self.equipment = list(EquipmentItem.objects.filter(person=person))
        self.objectives = list(Objective.objects.filter(owner=person))
        self.manager = OrgUnit.objects.filter(head=person).exists()


def person_month(
    person: Person, start: date, end: date, records: Records, regulations: list[Regulation]
) -> dict:
    """Where the person's days of a month were, and who they were that month."""
    counts = {"office": 0, "remote": 0, "coworking": 0, "fixed_remote": 0, "absent": 0}
    actuals = {a.date: a.kind for a in records.actual_days if start <= a.date <= end}
    planned: dict[date, str] = {}
    for p in records.plan_days:
        if start <= p.date <= end and p.plan.status == "published":
            planned.setdefault(p.date, p.kind)
    booked = {
        b.date
        for b in records.bookings
        if start <= b.date <= end and b.status in ("booked", "checked_in")
    }
    held_spans = []  # (first, last or None, kind) of the agreements that held the calendar
    for a in records.agreements:
        last = a.withdrawal_effective_on if a.status == "withdrawn" else a.end_date
        if a.status in ("active", "suspended", "withdrawn", "expired"):
            held_spans.append((a.start_date, last, a.kind))
    day = start
    while day <= end:
        kind = actuals.get(day) or planned.get(day)
        if day in booked and kind in (None, "remote"):
            kind = "coworking"
        fixed = any(
            k == "remote" and first <= day and (last is None or last >= day)
            for first, last, k in held_spans
        )
        if kind in ("remote", "coworking") and fixed:
            counts["fixed_remote"] += 1
        elif kind:
            counts[kind] += 1
        day += timedelta(days=1)
    agreement = any(
        first <= end and (last is None or last >= start) for first, last, _k in held_spans
    )
    trained = {c.course.topic for c in records.completions if c.completed_on <= end}
    device = any(
        (e.handed_over_on is None or e.handed_over_on <= end)
        and (e.returned_on is None or e.returned_on >= start)
        for e in records.equipment
    )
    objectives = any(
        o.state != "cancelled"
        and o.level == "person"
        and period_bounds(o.year, o.period)[0] <= end
        and period_bounds(o.year, o.period)[1] >= start
        for o in records.objectives
    )
    agile = counts["remote"] + counts["coworking"]
    return {
        **counts,
        "agile": agile,
        "potential": potential_unit(person.body, person.unit, end, regulations)
        or agreement
        or agile + counts["fixed_remote"] > 0,
        "agreement": agreement,
        "manager": records.manager,
        "trained_digital": bool(trained & {"cybersecurity", "digital_wellbeing"}),
        "trained_agile": "agile_work" in trained,
        "device": device,
        "objectives": objectives,
    }


def pct(num, den):
    return None if not den else 100 * num / den


def indicators(bodies: list[Body], start: date, end: date, unit_path: str | None = None) -> dict:
    people = set()
    potential, effective, agreement, managers, managers_trained = set(), set(), set(), set(), set()
    digital, device, objectives = set(), set(), set()
    worker_months = 0
    fixed_workers = set()
    days = {"office": 0, "remote": 0, "coworking": 0, "fixed_remote": 0, "absent": 0}
    regulations = list(
        Regulation.objects.filter(body__in=bodies).prefetch_related("activities__unit")
    )
    for body in bodies:
        for person in Person.objects.filter(body=body).select_related("body", "unit"):
            if not in_scope(person, unit_path):
                continue
            records = Records(person, start, end)
            for first, last in months_of(start, end):
                if not employed(person, first, last):
                    continue
                pm = person_month(person, first, last, records, regulations)
                people.add(person.pk)
                for k in days:
                    days[k] += pm[k]
                if pm["fixed_remote"]:
                    fixed_workers.add(person.pk)
                if pm["potential"]:
                    potential.add(person.pk)
                    if pm["agreement"]:
                        agreement.add(person.pk)
                if pm["manager"]:
                    managers.add(person.pk)
                    if pm["trained_agile"]:
                        managers_trained.add(person.pk)
                if pm["agile"]:
                    effective.add(person.pk)
                    worker_months += 1
                    if pm["trained_digital"]:
                        digital.add(person.pk)
                    if pm["device"]:
                        device.add(person.pk)
                    if pm["objectives"]:
                        objectives.add(person.pk)
    agile = days["remote"] + days["coworking"]
    worked = days["office"] + agile + days["fixed_remote"]
    out = {
        "ORG_OBJECTIVES": pct(len(objectives), len(effective)),
        "PRO_MANAGERS_TRAINED": pct(len(managers_trained), len(managers)),
        "PRO_WORKERS_DIGITAL": pct(len(digital), len(effective)),
        "DIG_DEVICES": pct(len(device), len(effective)),
        "IMP_AGILE_WORKERS": pct(len(effective), len(potential)),
        "IMP_AGREEMENTS": pct(len(agreement), len(potential)),
        "IMP_AGILE_DAYS": pct(agile, worked),
        "IMP_DAYS_PER_WORKER": (agile / worker_months) if worker_months else None,
        "IMP_COWORKING": pct(days["coworking"], agile),
        "IMP_REMOTE_WORKERS": float(len(fixed_workers)) if people else None,
        "IMP_REMOTE_DAYS": pct(days["fixed_remote"], worked),
        "PERF_ABSENCE": pct(days["absent"], worked + days["absent"]),
    }
    # Savings: the measurement app's own computation over the same people.
    km = co2 = minutes = eur = 0.0
    for body in bodies:
        for first, last in months_of(start, end):
            ids = [
                p.pk
                for p in Person.objects.filter(body=body)
                if in_scope(p, unit_path) and employed(p, first, last)
            ]
            people_qs = Person.objects.filter(pk__in=ids)
            total = rollup(people_qs, first, last, body_factors(body)).total()
            km, co2 = km + float(total.km), co2 + float(total.kg_co2)
            minutes, eur = minutes + float(total.minutes), eur + float(total.eur)
    out.update(IMPACT_KM=km, IMPACT_CO2=co2 / 1000, IMPACT_HOURS=minutes / 60, IMPACT_EUR=eur)
    # Objectives due in the period.
    hit = total = 0
    for o in Objective.objects.filter(body__in=bodies, level="person", year=start.year):
        if o.state == "cancelled" or not start <= period_bounds(o.year, o.period)[1] <= end:
            continue
        if unit_path and not o.unit.path.startswith(unit_path):
            continue
        policy = ObjectivesPolicy.objects.filter(body=o.body).first()
        threshold = policy.achieved_at if policy else 100
        total += 1
        hit += o.progress is not None and o.progress * 100 >= threshold
    out["PERF_OBJECTIVES_ACHIEVED"] = pct(hit, total)
    # Surveys (whole bodies only).
    if unit_path is None:
        scores, agree, answered, respondents = [], 0, 0, 0
        for r in Response.objects.filter(wave__campaign__body__in=bodies):
            if not start <= r.submitted_on <= end:
                continue
            items = [r.answers.get(f"who5_{k}") for k in range(1, 6)]
            if all(isinstance(v, int) for v in items):
                scores.append(4 * sum(items))
            given = [r.answers[k] for k in ("sw_autonomy", "sw_disconnect") if k in r.answers]
            if given:
                respondents += 1
                answered += len(given)
                agree += sum(1 for v in given if v >= 4)
        out["IMPACT_WELLBEING"] = statistics.fmean(scores) if len(scores) >= 5 else None
        out["IMP_SATISFACTION"] = pct(agree, answered) if respondents >= 5 else None
    return out
