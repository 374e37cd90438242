"""Tenancy expectations of the indicator routes (see extensions.py)."""

from __future__ import annotations

from agilepa.indicators.models import BenchmarkOptIn, DeclaredValue, PersonMonth, Target

HR = {"hr_admin", "platform_admin"}
# Aggregates: a manager their subtree, observers (CUG/RSU) without groups under 5 people.
AGGREGATES = {"manager", "hr_admin", "observer", "platform_admin"}
BENCHMARK = {"hr_admin", "observer", "platform_admin"}
COORDINATORS = {"coordinator", "platform_admin"}

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    "indicators:dashboard": ("get", AGGREGATES),
    "indicators:refresh": ("post", HR),
    "indicators:declared": ("get", HR),
    "indicators:targets": ("get", HR),
    "indicators:benchmark": ("get", BENCHMARK),
    "indicators:opt_in": ("post", HR),
    "indicators:open_data_opt_in": ("post", HR),
    "indicators:network": ("get", COORDINATORS),
}
# Open data: aggregated figures of any body, public by design.
UNSCOPED = {"indicators:open_data"}

A = "/api/v1/bodies/{body}/indicators"
API_EXPECT: dict[str, set[str]] = {
    f"GET {A}": AGGREGATES,
    f"POST {A}/declared": HR,
    f"PUT {A}/targets": HR,
    f"GET {A}/benchmark": BENCHMARK,
    "GET /api/v1/networks/{network}/indicators": COORDINATORS,
}
API_PUBLIC = {
    "GET /api/v1/indicators/catalogue",
    "GET /api/v1/open-data/indicators/{scope_kind}/{scope_slug}/{year}",
}
API_PAYLOADS: dict[str, object] = {
    f"POST {A}/declared": {"code": "DIG_VPN", "year": 2030, "value": "1"},
    f"PUT {A}/targets": {
        "code": "IMP_AGILE_DAYS",
        "plan_year": 2030,
        "target_1": "10",
        "target_2": "20",
        "target_3": "30",
    },
}


def ids(world, side) -> dict[str, object]:
    return {"scope_kind": "body", "scope_slug": side.body.slug, "fmt": "csv"}


def foreign_rows(body) -> list[list]:
    return [
        list(DeclaredValue.objects.filter(body=body).order_by("pk").values_list()),
        list(Target.objects.filter(body=body).order_by("pk").values_list()),
        list(BenchmarkOptIn.objects.filter(body=body).order_by("pk").values_list()),
        list(PersonMonth.objects.filter(body=body).order_by("pk").values_list()),
    ]
