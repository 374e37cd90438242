"""API routes of work by objectives, with the same permissions as the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status

from agilepa.core.access import Access
from agilepa.core.api_types import Item, Year, text_of
from agilepa.core.policies import api_access, manages_or_hr
from agilepa.objectives import measures, policies, selectors, services
from agilepa.objectives.models import CheckIn, KeyResult, Objective
from agilepa.objectives.services import KeyResultInput, ObjectiveInput
from agilepa.org.models import OrgUnit

router = Router(tags=["objectives"])
BASE = "/bodies/{body}"


# The periods of a year an objective is set for (models.Period), as the API accepts them.
PeriodCode = Literal["Y", "S1", "S2", "Q1", "Q2", "Q3", "Q4"]


class MilestoneOut(Schema):
    id: int
    title: str
    done: bool


class KeyResultIn(Schema):
    id: int | None = None
    title: text_of(KeyResult, "title")
    kind: text_of(KeyResult, "kind")
    baseline: Decimal = Decimal(0)
    target: Decimal = Decimal(1)
    unit_of_measure: text_of(KeyResult, "unit_of_measure") = ""
    direction: text_of(KeyResult, "direction") = "increase"
    weight: int = 1
    milestones: list[Item] = []


class KeyResultOut(Schema):
    id: int
    title: str
    kind: str
    baseline: float
    target: float
    current: float | None
    unit_of_measure: str
    direction: str
    weight: int
    progress: int
    milestones: list[MilestoneOut]


class ObjectiveIn(Schema):
    code: text_of(Objective, "code")
    title: text_of(Objective, "title")
    level: text_of(Objective, "level")
    year: Year
    period: PeriodCode = "Y"
    owner_id: int
    unit_id: int | None = None
    description: text_of(Objective, "description") = ""
    parent_id: int | None = None
    weight: int = 1
    performance_code: text_of(Objective, "performance_code") = ""
    shared: bool = True
    key_results: list[KeyResultIn] = []


class ObjectiveOut(Schema):
    id: int
    code: str
    title: str
    description: str
    level: str
    year: int
    period: str
    unit_id: int | None
    owner_id: int
    owner: str
    parent_id: int | None
    weight: int
    performance_code: str
    shared: bool
    state: str
    progress: int | None
    status: str | None
    last_checkin_on: date | None
    last_confidence: str


class ObjectiveDetailOut(ObjectiveOut):
    key_results: list[KeyResultOut]


class CheckInIn(Schema):
    comment: text_of(CheckIn, "comment")
    confidence: text_of(CheckIn, "confidence")
    values: dict[int, Decimal | None] = {}
    milestones_done: list[int] = []


class CheckInOut(Schema):
    id: int
    date: date
    comment: str
    confidence: str
    progress: int | None
    values: dict[int, float | None]


class StateIn(Schema):
    state: text_of(Objective, "state")


class CellOut(Schema):
    objectives: int | None
    achieved: int | None
    share: float | None
    suppressed: bool


class UnitMeasureOut(Schema):
    unit_id: int | None
    unit: str
    smart_workers: CellOut
    others: CellOut
    units: CellOut


class AchievementOut(Schema):
    year: int
    period: str | None
    reference_day: date
    by_unit: list[UnitMeasureOut]
    smart_workers: CellOut
    others: CellOut
    units: CellOut


def _kr_out(kr: KeyResult) -> dict[str, object]:
    return {
        "id": kr.pk,
        "title": kr.title,
        "kind": kr.kind,
        "baseline": kr.baseline,
        "target": kr.target,
        "current": kr.current,
        "unit_of_measure": kr.unit_of_measure,
        "direction": kr.direction,
        "weight": kr.weight,
        "progress": kr.percent,
        "milestones": [{"id": m.pk, "title": m.title, "done": m.done} for m in kr.milestones.all()],
    }


def _out(access: Access, o: Objective, *, detail: bool = False) -> dict[str, object]:
    policy = services.policy_for(access.body)
    out: dict[str, object] = {
        "id": o.pk,
        "code": o.code,
        "title": o.title,
        "description": o.description,
        "level": o.level,
        "year": o.year,
        "period": o.period,
        "unit_id": o.unit_id,
        "owner_id": o.owner_id,
        "owner": o.owner.full_name,
        "parent_id": o.parent_id,
        "weight": o.weight,
        "performance_code": o.performance_code,
        "shared": o.shared,
        "state": o.state,
        "progress": o.percent,
        "status": policies.objective_status(o, policy, timezone.localdate())
        if o.state == "active"
        else None,
        "last_checkin_on": o.last_checkin_on,
        "last_confidence": o.last_confidence,
    }
    if detail:
        out["key_results"] = [_kr_out(kr) for kr in o.key_results.prefetch_related("milestones")]
    return out


def _input(payload: ObjectiveIn) -> tuple[ObjectiveInput, list[KeyResultInput]]:
    data = payload.dict()
    krs = [KeyResultInput(**kr) for kr in data.pop("key_results")]
    return ObjectiveInput(**data), krs


@router.get(f"{BASE}/objectives", response=list[ObjectiveOut])
def list_objectives(
    request: HttpRequest,
    body: str,
    year: Year | None = None,
    period: PeriodCode | None = None,
    unit_id: int | None = None,
):
    """The objectives the caller sees (HR all, a manager their subtrees, a person their own and
    the shared ones of their unit), optionally of one year, period and unit subtree."""
    access = api_access(request, body)
    objectives = selectors.objectives_for(access).select_related("owner")
    if year is not None:
        objectives = objectives.filter(year=year)
    if period:
        objectives = objectives.filter(period=period)
    if unit_id is not None:
        unit = get_object_or_404(OrgUnit, body=access.body, pk=unit_id)
        objectives = objectives.filter(unit__path__startswith=unit.path)
    return [_out(access, o) for o in objectives.order_by("year", "code")]


@router.post(f"{BASE}/objectives", response={201: ObjectiveDetailOut})
def create_objective(request: HttpRequest, body: str, payload: ObjectiveIn):
    access = api_access(request, body, manages_or_hr)
    data, krs = _input(payload)
    objective = services.create_objective(access, data, krs)
    return Status(201, _out(access, objective, detail=True))


@router.get(f"{BASE}/objectives/{{objective_id}}", response=ObjectiveDetailOut)
def get_objective(request: HttpRequest, body: str, objective_id: int):
    access = api_access(request, body)
    return _out(access, selectors.get_objective(access, objective_id), detail=True)


@router.put(f"{BASE}/objectives/{{objective_id}}", response=ObjectiveDetailOut)
def update_objective(request: HttpRequest, body: str, objective_id: int, payload: ObjectiveIn):
    """Replace the objective and its key results (a key result given with its id keeps its
    current value and history; one left out is removed)."""
    access = api_access(request, body)
    objective = selectors.get_objective(access, objective_id)
    data, krs = _input(payload)
    services.update_objective(access, objective, data, krs)
    return _out(access, objective, detail=True)


@router.post(f"{BASE}/objectives/{{objective_id}}/state", response=ObjectiveOut)
def change_state(request: HttpRequest, body: str, objective_id: int, payload: StateIn):
    access = api_access(request, body)
    objective = selectors.get_objective(access, objective_id)
    return _out(access, services.set_state(access, objective, payload.state))


@router.get(f"{BASE}/objectives/{{objective_id}}/key-results", response=list[KeyResultOut])
def key_results(request: HttpRequest, body: str, objective_id: int):
    access = api_access(request, body)
    objective = selectors.get_objective(access, objective_id)
    return [_kr_out(kr) for kr in objective.key_results.prefetch_related("milestones")]


def _checkin_out(c) -> dict[str, object]:
    return {
        "id": c.pk,
        "date": c.date,
        "comment": c.comment,
        "confidence": c.confidence,
        "progress": c.percent,
        "values": {v.key_result_id: v.value for v in c.values.all()},
    }


@router.get(f"{BASE}/objectives/{{objective_id}}/check-ins", response=list[CheckInOut])
def checkins(request: HttpRequest, body: str, objective_id: int):
    """The history of check-ins, the newest first."""
    access = api_access(request, body)
    objective = selectors.get_objective(access, objective_id)
    return [_checkin_out(c) for c in selectors.history(objective)]


@router.post(f"{BASE}/objectives/{{objective_id}}/check-ins", response={201: CheckInOut})
def check_in(request: HttpRequest, body: str, objective_id: int, payload: CheckInIn):
    """Record progress: a value per key result (yes/no as 1 or 0; milestones by the ids done),
    a comment and the confidence (high, medium, low)."""
    access = api_access(request, body)
    objective = selectors.get_objective(access, objective_id)
    checkin = services.record_checkin(
        access,
        objective,
        values=payload.values,
        milestones_done=set(payload.milestones_done),
        comment=payload.comment,
        confidence=payload.confidence,
    )
    return Status(201, _checkin_out(checkin))


def _cell(cell: measures.Cell) -> dict[str, object]:
    hidden = cell.suppressed
    return {
        "objectives": None if hidden else cell.objectives,
        "achieved": None if hidden else cell.achieved,
        "share": cell.share,
        "suppressed": hidden,
    }


@router.get(f"{BASE}/objectives-achieved", response=AchievementOut)
def achieved(
    request: HttpRequest, body: str, year: Year | None = None, period: PeriodCode | None = None
):
    """The share of people's objectives achieved, by unit, for smart workers and the others
    (no group of fewer than 5 people is shown). For HR, managers and observers."""
    access = api_access(request, body)
    today = timezone.localdate()
    result = measures.achievement_for(access, year or today.year, period or None, today)
    return {
        "year": result.year,
        "period": result.period,
        "reference_day": result.reference_day,
        "by_unit": [
            {
                "unit_id": m.unit_id,
                "unit": m.unit,
                "smart_workers": _cell(m.smart_workers),
                "others": _cell(m.others),
                "units": _cell(m.units),
            }
            for m in result.by_unit
        ],
        "smart_workers": _cell(result.smart_workers),
        "others": _cell(result.others),
        "units": _cell(result.units),
    }
