"""Tenancy expectations of the objectives routes (see extensions.py)."""

from __future__ import annotations

from decimal import Decimal

from agilepa.objectives.models import (
    ActivityEntry,
    CheckIn,
    KeyResult,
    KeyResultValue,
    Milestone,
    Objective,
    ObjectivesPolicy,
)

HR = {"hr_admin", "platform_admin"}
BODY_ROLES = {"employee", "manager", "hr_admin", "observer", "platform_admin"}
PLANNERS = {"manager", "hr_admin", "platform_admin"}
# Everyone but observers, who see aggregates only.
NAMED = {"employee", "manager", "hr_admin", "platform_admin"}
AGGREGATES = {"manager", "hr_admin", "observer", "platform_admin"}

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    "objectives:mine": ("get", BODY_ROLES),
    "objectives:body": ("get", PLANNERS),
    # The Servizio: the employee's own unit, inside the manager's subtree.
    "objectives:unit": ("get", NAMED),
    "objectives:new": ("get", PLANNERS),
    # The objective (objective_id) of the outsider's area, not shared: beyond the manager's
    # subtree and the employee's unit.
    "objectives:detail": ("get", HR),
    "objectives:edit": ("get", HR),
    "objectives:state": ("post", HR),
    "objectives:checkin": ("get", HR),
    "objectives:measures": ("get", AGGREGATES),
    "objectives:import": ("get", PLANNERS),
    "objectives:export": ("get", PLANNERS),
    "objectives:template": ("get", PLANNERS),
    "objectives:policy": ("get", HR),
    # Between a person and their manager: not HR, not observers.
    "objectives:activity": ("get", {"employee", "manager"}),
    "objectives:activity_week": ("get", {"manager"}),
}
A = "/api/v1/bodies/{body}"
API_EXPECT: dict[str, set[str]] = {
    f"GET {A}/objectives": NAMED,
    f"POST {A}/objectives": PLANNERS,
    f"GET {A}/objectives/{{objective_id}}": HR,
    f"PUT {A}/objectives/{{objective_id}}": HR,
    f"POST {A}/objectives/{{objective_id}}/state": HR,
    f"GET {A}/objectives/{{objective_id}}/key-results": HR,
    f"GET {A}/objectives/{{objective_id}}/check-ins": HR,
    f"POST {A}/objectives/{{objective_id}}/check-ins": HR,
    f"GET {A}/objectives-achieved": AGGREGATES,
}


def _objective_payload(code: str):
    def payload(ids) -> dict[str, object]:
        return {
            "code": code,
            "title": "Ridurre i tempi",
            "level": "unit",
            "year": 2027,
            "unit_id": ids.values["unit_id"],
            "owner_id": ids.values["person_id"],
            "key_results": [{"title": "Pratiche", "kind": "numeric", "target": 10}],
        }

    return payload


API_PAYLOADS: dict[str, object] = {
    f"POST {A}/objectives": _objective_payload("MATRIX-NEW"),
    f"PUT {A}/objectives/{{objective_id}}": _objective_payload("MATRIX-PUT"),
    f"POST {A}/objectives/{{objective_id}}/state": {"state": "active"},
    f"POST {A}/objectives/{{objective_id}}/check-ins": {
        "comment": "Avanti",
        "confidence": "high",
    },
}


def ids(world, side) -> dict[str, object]:
    objective = Objective.objects.create(
        body=side.body,
        code="OB-OUT",
        level="unit",
        unit=side.other_area,
        owner=side.outsider,
        title="Obiettivo dell'area risorse",
        year=2027,
        shared=False,
    )
    KeyResult.objects.create(
        objective=objective, title="Bilancio", kind="numeric", target=Decimal(10)
    )
    return {"objective_id": objective.pk}


def foreign_rows(body) -> list[list]:
    return [
        list(Objective.objects.filter(body=body).order_by("pk").values_list()),
        list(KeyResult.objects.filter(objective__body=body).order_by("pk").values_list()),
        list(
            Milestone.objects.filter(key_result__objective__body=body).order_by("pk").values_list()
        ),
        list(CheckIn.objects.filter(objective__body=body).order_by("pk").values_list()),
        list(
            KeyResultValue.objects.filter(checkin__objective__body=body)
            .order_by("pk")
            .values_list()
        ),
        list(ObjectivesPolicy.objects.filter(body=body).order_by("pk").values_list()),
        list(ActivityEntry.objects.filter(body=body).order_by("pk").values_list()),
    ]
