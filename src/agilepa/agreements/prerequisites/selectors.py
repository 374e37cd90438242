"""Reads of prerequisites, scoped by an `Access` like every selector."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date
from functools import reduce

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from agilepa.agreements import rules
from agilepa.agreements.models import (
    TOPIC_PREREQUISITE,
    EquipmentItem,
    Regulation,
    SafetyNotice,
    TrainingCompletion,
    TrainingCourse,
    WorkstationCheck,
)
from agilepa.agreements.services import (
    prerequisite_states,
    prerequisite_states_of,
    regulation_in_force,
)
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.org.models import Person
from agilepa.org.selectors import people_for


@dataclass(frozen=True)
class PrerequisiteRow:
    kind: str
    label: str
    required: bool
    status: str  # "ok", "missing", "expired"
    satisfied_on: object
    expires_on: object
    detail: str


def prerequisite_rows(person: Person) -> list[PrerequisiteRow]:
    """Each prerequisite with its state for the person, the required ones first."""
    regulation = regulation_in_force(person.body_id, timezone.localdate())
    states = prerequisite_states(person, regulation) if regulation else {}
    return _rows(regulation, states)


def _rows(
    regulation: Regulation | None, states: dict[rules.Prerequisite, rules.PrerequisiteState]
) -> list[PrerequisiteRow]:
    today = timezone.localdate()
    required = set(regulation.required_prerequisites) if regulation else set()
    rows = []
    for kind in rules.Prerequisite:
        state = states.get(kind)
        if state is None or state.satisfied_on is None:
            status = "missing"
        elif state.expires_on is not None and state.expires_on < today:
            status = "expired"
        else:
            status = "ok"
        rows.append(
            PrerequisiteRow(
                kind=kind.value,
                label=rules.prerequisite_label(kind),
                required=kind.value in required,
                status=status,
                satisfied_on=state.satisfied_on if state else None,
                expires_on=state.expires_on if state else None,
                detail=state.detail if state else "",
            )
        )
    return sorted(rows, key=lambda r: not r.required)


def equipment_for(access: Access) -> QuerySet[EquipmentItem]:
    if not access.is_hr:
        raise PermissionDeniedForRole
    return EquipmentItem.objects.filter(body=access.body).select_related("person")


def courses_for(access: Access) -> QuerySet[TrainingCourse]:
    if not access.is_hr:
        raise PermissionDeniedForRole
    return TrainingCourse.objects.filter(body=access.body)


@dataclass(frozen=True)
class PersonGaps:
    person: Person
    gaps: list[PrerequisiteRow]


def people_missing_prerequisites(
    access: Access, unit_id: int | None = None, kind: str = ""
) -> QuerySet[Person]:
    """People the user sees (HR the body, a manager their subtrees) with a required
    prerequisite (`kind`, or any) missing or expired, by name. Selected in SQL, so that a page
    computes the gaps (`gaps_of`) of its own people only: computing every person's states to
    show 50 took seconds in a body of 5,200."""
    people = people_for(access).filter(is_active=True).select_related("unit")
    if unit_id:
        people = people.filter(unit_id=unit_id)
    regulation = regulation_in_force(access.body.pk, timezone.localdate())
    if regulation is None:
        return people.none()
    kinds = [
        rules.Prerequisite(value)
        for value in regulation.required_prerequisites
        if value in {p.value for p in rules.Prerequisite} and (not kind or value == kind)
    ]
    if not kinds:
        return people.none()
    held = _held(kinds, regulation, timezone.localdate())
    lacking = reduce(operator.or_, (Q(~held[k]) for k in kinds))
    return people.filter(lacking).order_by("last_name", "first_name", "pk")


def _held(
    kinds: list[rules.Prerequisite], regulation: Regulation, today: date
) -> dict[rules.Prerequisite, Exists]:
    """For each kind, whether the person holds it today, as `_rows` decides from
    `prerequisite_states_of`: the latest IT check passed and is within its months; a safety
    notice of the last 12 months (art. 22: the latest counts); a completion of a course of the
    kind's topic that never expires or has not expired."""
    out: dict[rules.Prerequisite, Exists] = {}
    if rules.Prerequisite.IT_CHECK in kinds:
        latest = (
            WorkstationCheck.objects.filter(person=OuterRef("person"))
            .order_by("-checked_on", "-pk")
            .values("pk")[:1]
        )
        out[rules.Prerequisite.IT_CHECK] = Exists(
            WorkstationCheck.objects.filter(
                person=OuterRef("pk"),
                pk=Subquery(latest),
                checked_on__gte=rules.valid_since(today, regulation.it_check_validity_months),
                **dict.fromkeys(WorkstationCheck.ITEMS, True),
            )
        )
    if rules.Prerequisite.SAFETY_NOTICE in kinds:
        out[rules.Prerequisite.SAFETY_NOTICE] = Exists(
            SafetyNotice.objects.filter(
                person=OuterRef("pk"), delivered_on__gte=rules.valid_since(today, 12)
            )
        )
    topics = {k: t for t, k in TOPIC_PREREQUISITE.items() if k in kinds}
    if topics:
        # A completion counts from the day it is valid since, which depends on its course's
        # months: one condition for each number of months some course has (a handful).
        current = Q(course__validity_months__isnull=True) | Q(course__validity_months=0)
        for months in {
            months
            for months in TrainingCourse.objects.values_list("validity_months", flat=True)
            .filter(validity_months__gt=0)
            .distinct()
            if months
        }:
            current |= Q(
                course__validity_months=months,
                completed_on__gte=rules.valid_since(today, months),
            )
        for kind, topic in topics.items():
            out[kind] = Exists(
                TrainingCompletion.objects.filter(
                    current, person=OuterRef("pk"), course__topic=topic
                )
            )
    return out


def gaps_of(access: Access, people: list[Person], kind: str = "") -> list[PersonGaps]:
    """The required prerequisites each of `people` (a page of `people_missing_prerequisites`)
    lacks, `kind` or any: their states read in three queries."""
    regulation = regulation_in_force(access.body.pk, timezone.localdate())
    if regulation is None or not people:
        return []
    states = prerequisite_states_of([p.pk for p in people], regulation)
    return [
        PersonGaps(
            person,
            [
                row
                for row in _rows(regulation, states.get(person.pk, {}))
                if row.required and row.status != "ok" and (not kind or row.kind == kind)
            ],
        )
        for person in people
    ]
