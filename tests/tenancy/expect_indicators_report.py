"""Tenancy expectations of the PIAO report's routes (see extensions.py): HR only."""

from __future__ import annotations

HR = {"hr_admin", "platform_admin"}

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    "indicators_report:page": ("get", HR),
    "indicators_report:sign": ("post", HR),
    "indicators_report:pdf": ("get", HR),
    "indicators_report:docx": ("get", HR),
    "indicators_report:xlsx": ("get", HR),
}
A = "/api/v1/bodies/{body}/indicators/report"
API_EXPECT: dict[str, set[str]] = {
    f"GET {A}/{{year}}.pdf": HR,
    f"GET {A}/{{year}}.docx": HR,
    f"GET {A}/{{year}}.xlsx": HR,
}
API_PAYLOADS: dict[str, object] = {}


def ids(world, side) -> dict[str, object]:
    return {"year": 2026}


def foreign_rows(body) -> list[list]:
    """The report writes only the monthly summary; a foreign body's must stay untouched."""
    from agilepa.indicators.models import PersonMonth, SummaryState

    return [
        list(PersonMonth.objects.filter(body=body).order_by("pk").values_list()),
        list(SummaryState.objects.filter(body=body).order_by("pk").values_list()),
    ]
