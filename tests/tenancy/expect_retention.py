"""Tenancy expectations of the retention policy page (see extensions.py)."""

from __future__ import annotations

from agilepa.retention.models import RetentionPolicy

HR = {"hr_admin", "platform_admin"}

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    "retention:policy": ("get", HR),
}
API_EXPECT: dict[str, set[str]] = {}
API_PAYLOADS: dict[str, object] = {}


def ids(world, side) -> dict[str, object]:
    return {}


def foreign_rows(body) -> list[list]:
    return [list(RetentionPolicy.objects.filter(body=body).order_by("pk").values_list())]
