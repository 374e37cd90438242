"""Reads of objectives, scoped by an `Access` like every selector.

Who sees which objective: HR the whole body; a manager every objective of the subtrees they
head (units and their people); everyone with a person in the body their own objectives and the
*shared* objectives of the body and of their unit and the units above it. Observers (CUG/RSU)
see no objective by name: only the aggregates of measures.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from agilepa.core import formats
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.policies import manages_unit_or_hr
from agilepa.objectives.models import ActivityEntry, CheckIn, Level, Objective, State
from agilepa.objectives.policies import (
    can_check_in,
    can_manage,
    checkin_due,
    objective_status,
    policy_for,
)
from agilepa.org.models import OrgUnit, Person
from agilepa.org.selectors import subtree_q


def _ancestor_ids(unit: OrgUnit | None) -> list[int]:
    if unit is None:
        return []
    return [int(x) for x in unit.path.strip("/").split("/") if x]


def objectives_for(access: Access) -> QuerySet[Objective]:
    objectives = Objective.objects.filter(body=access.body)
    if access.is_hr:
        return objectives
    if not access.sees_named_people:
        raise PermissionDeniedForRole
    q = Q(pk__in=[])
    if access.is_manager:
        q |= subtree_q(access.managed_paths, prefix="unit__")
    if access.person_id is not None:
        person = Person.objects.select_related("unit").get(pk=access.person_id)
        q |= Q(owner_id=access.person_id)
        q |= Q(shared=True, level=Level.BODY)
        q |= Q(shared=True, level=Level.UNIT, unit_id__in=_ancestor_ids(person.unit))
    return objectives.filter(q)


def get_objective(access: Access, pk: int) -> Objective:
    """404 for an objective of another body; 403 for one of this body beyond the user's reach."""
    objective = get_object_or_404(
        Objective.objects.select_related("owner", "unit", "parent"), body=access.body, pk=pk
    )
    if not objectives_for(access).filter(pk=pk).exists():
        raise PermissionDeniedForRole
    return objective


@dataclass(frozen=True)
class Row:
    """An objective as the lists show it, with its status of today and its depth in the tree."""

    objective: Objective
    status: str | None
    depth: int
    checkin_due: bool
    may_check_in: bool
    may_manage: bool


def rows(access: Access, objectives: QuerySet[Objective], today: date) -> list[Row]:
    policy = policy_for(access.body)
    found = list(
        objectives.select_related("owner", "unit", "parent").prefetch_related(
            "key_results__milestones"
        )
    )
    by_parent: dict[int | None, list[Objective]] = {}
    ids = {o.pk for o in found}
    for o in found:
        by_parent.setdefault(o.parent_id if o.parent_id in ids else None, []).append(o)
    out: list[Row] = []

    def walk(parent: int | None, depth: int) -> None:
        for o in sorted(by_parent.get(parent, []), key=lambda o: (o.code, o.pk)):
            out.append(
                Row(
                    o,
                    objective_status(o, policy, today) if o.state == State.ACTIVE else None,
                    depth,
                    checkin_due(o, policy, today),
                    can_check_in(access, o),
                    can_manage(access, o),
                )
            )
            walk(o.pk, depth + 1)

    walk(None, 0)
    return out


def in_period(objectives: QuerySet[Objective], year: int, period: str | None) -> QuerySet:
    objectives = objectives.filter(year=year)
    return objectives.filter(period=period) if period else objectives


def my_objectives(access: Access, year: int) -> QuerySet[Objective]:
    if access.person_id is None:
        return Objective.objects.none()
    return Objective.objects.filter(body=access.body, owner_id=access.person_id, year=year)


def unit_for_tree(access: Access, unit_id: int) -> OrgUnit:
    """A unit whose objectives the user may open: HR any, a manager those of their subtrees,
    a person their own unit and those above it."""
    unit = get_object_or_404(OrgUnit, body=access.body, pk=unit_id)
    if manages_unit_or_hr(access, unit):
        return unit
    if access.person_id is not None:
        person = Person.objects.select_related("unit").get(pk=access.person_id)
        if unit.pk in _ancestor_ids(person.unit):
            return unit
    raise PermissionDeniedForRole


def unit_tree(access: Access, unit: OrgUnit) -> QuerySet[Objective]:
    """The objectives of a unit's subtree (its units' and its people's) that the user sees,
    with the body objectives they contribute to as roots."""
    visible = objectives_for(access)
    in_subtree = visible.filter(unit__path__startswith=unit.path)
    parents = visible.filter(level=Level.BODY, children__in=in_subtree)
    return visible.filter(Q(pk__in=in_subtree.values("pk")) | Q(pk__in=parents.values("pk")))


def body_objectives(access: Access, unit: OrgUnit | None) -> QuerySet[Objective]:
    """The body view: HR every objective, a manager those of their subtrees (and the body's)."""
    if not (access.is_hr or access.is_manager):
        raise PermissionDeniedForRole
    visible = objectives_for(access)
    if unit is not None:
        return visible.filter(unit__path__startswith=unit.path)
    return visible


def units_for_filter(access: Access) -> QuerySet[OrgUnit]:
    units = OrgUnit.objects.filter(body=access.body).order_by("path")
    if access.is_hr:
        return units
    return units.filter(subtree_q(access.managed_paths))


def history(objective: Objective) -> list[CheckIn]:
    return list(
        objective.checkins.select_related("author")
        .prefetch_related("values__key_result")
        .order_by("-date", "-pk")
    )


def chart(objective: Objective) -> dict[str, list]:
    """Progress after each check-in (the last of a day), in %, for the chart and its table."""
    points: dict[date, int] = {}
    for checkin in objective.checkins.order_by("date", "pk"):
        if checkin.progress is not None:
            points[checkin.date] = round(checkin.progress * 100)
    return {
        "labels": [formats.day(d) for d in points],
        "progress": list(points.values()),
    }


# --- the activity log ----------------------------------------------------------------------


def my_activity(access: Access, start: date, end: date) -> dict[date, ActivityEntry]:
    if access.person_id is None:
        raise PermissionDeniedForRole
    return {
        e.date: e
        for e in ActivityEntry.objects.filter(person_id=access.person_id, date__range=(start, end))
    }


@dataclass(frozen=True)
class WeekRow:
    person: Person
    days: list[tuple[date, ActivityEntry | None]]


def activity_week(access: Access, monday: date) -> list[WeekRow]:
    """The week of the people of the manager's subtrees: what each wrote, day by day. Only the
    managers see it: not HR, not observers (the log is between a person and their manager)."""
    if not access.is_manager:
        raise PermissionDeniedForRole
    days = [monday + timedelta(days=n) for n in range(5)]
    people = list(
        Person.objects.filter(body=access.body, is_active=True)
        .filter(subtree_q(access.managed_paths, prefix="unit__"))
        .exclude(pk=access.person_id)
        .select_related("unit")
        .order_by("unit__path", "last_name", "first_name")
    )
    entries = {
        (e.person_id, e.date): e
        for e in ActivityEntry.objects.filter(person__in=people, date__range=(days[0], days[-1]))
    }
    return [WeekRow(p, [(d, entries.get((p.pk, d))) for d in days]) for p in people]
