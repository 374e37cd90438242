"""Tenancy expectations of the planning routes (see extensions.py)."""

from __future__ import annotations

from datetime import date

from agilepa.planning.models import (
    ActualDay,
    CalendarFeed,
    ChangeRequest,
    MonthPlan,
    PlanChange,
    PlanDay,
    PlanStatus,
)

HR = {"hr_admin", "platform_admin"}
BODY_ROLES = {"employee", "manager", "hr_admin", "observer", "platform_admin"}
PLANNERS = {"manager", "hr_admin", "platform_admin"}

# The feed is reached by its secret address, not by a role (tests/planning/test_feed.py).
UNSCOPED = {"planning:feed"}
SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    "planning:plans": ("get", PLANNERS),
    # The plan of the outsider's area: beyond the manager's subtree.
    "planning:plan": ("get", HR),
    "planning:plan_cell": ("post", HR),
    "planning:publish": ("post", HR),
    "planning:export": ("get", HR),
    "planning:decide": ("post", HR),
    "planning:my_month": ("get", BODY_ROLES),
    "planning:my_week": ("get", BODY_ROLES),
    # The Servizio (unit_id): inside the manager's subtree.
    "planning:unit_settings": ("get", PLANNERS),
    "planning:calendar": ("get", HR),
    "planning:absences": ("get", HR),
    "planning:attendance": ("get", HR),
    "planning:preferences": ("get", {"employee", "manager"}),
}
A = "/api/v1/bodies/{body}"
API_EXPECT: dict[str, set[str]] = {
    f"GET {A}/plans": PLANNERS,
    # For the outsider's area: beyond the manager's subtree.
    f"POST {A}/plans": HR,
    f"GET {A}/plans/{{plan_id}}": HR,
    f"GET {A}/plans/{{plan_id}}/days": HR,
    f"PUT {A}/plans/{{plan_id}}/days/{{person_id}}/{{day}}": HR,
    f"POST {A}/plans/{{plan_id}}/publish": HR,
    f"GET {A}/my-days": BODY_ROLES,
    # Only a person has days: others are refused (no person) or get a clear 422.
    f"POST {A}/my-requests": {"employee", "manager"},
    f"PUT {A}/my-days/{{day}}": {"employee", "manager"},
    f"GET {A}/plans/{{plan_id}}/requests": HR,
    f"POST {A}/plans/{{plan_id}}/requests/{{request_id}}/decide": HR,
    f"GET {A}/plans/{{plan_id}}/differences": HR,
    f"POST {A}/attendance/import": HR,
}
API_PAYLOADS: dict[str, object] = {
    f"POST {A}/plans": lambda ids: {"unit_id": ids.values["area_id"], "year": 2027, "month": 3},
    f"PUT {A}/plans/{{plan_id}}/days/{{person_id}}/{{day}}": {"kind": "remote"},
    f"POST {A}/my-requests": {"year": 2027, "month": 3, "to_date": "2027-03-01"},
    f"PUT {A}/my-days/{{day}}": {"kind": "office"},
    f"POST {A}/plans/{{plan_id}}/requests/{{request_id}}/decide": {"approve": False},
}


def _my_days(client, url, ids):
    return client.get(url + "?year=2027&month=3")


def _attendance(client, url, ids):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("presenze.csv", b"matricola;data;presenza\n")
    return client.post(url, {"file": upload, "dry_run": "true"})


API_CUSTOM_CALLS = {
    f"GET {A}/my-days": _my_days,
    f"POST {A}/attendance/import": _attendance,
}


def ids(world, side) -> dict[str, object]:
    plan = MonthPlan.objects.create(
        body=side.body, unit=side.other_area, year=2027, month=3, status=PlanStatus.READY
    )
    PlanDay.objects.create(plan=plan, person=side.outsider, date=date(2027, 3, 1), kind="office")
    change = ChangeRequest.objects.create(plan=plan, person=side.outsider, to_date=date(2027, 3, 1))
    return {
        "plan_id": plan.pk,
        "day": "2027-03-01",
        "token": "not-a-feed",
        "area_id": side.other_area.pk,
        "request_id": change.pk,
    }


def foreign_rows(body) -> list[list]:
    return [
        list(MonthPlan.objects.filter(body=body).order_by("pk").values_list()),
        list(PlanDay.objects.filter(plan__body=body).order_by("pk").values_list()),
        list(PlanChange.objects.filter(plan__body=body).order_by("pk").values_list()),
        list(CalendarFeed.objects.filter(body=body).order_by("pk").values_list()),
        list(ChangeRequest.objects.filter(plan__body=body).order_by("pk").values_list()),
        list(ActualDay.objects.filter(body=body).order_by("pk").values_list()),
    ]
