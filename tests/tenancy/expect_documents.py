"""Tenancy expectations of the routes of this part of the agreements app (see extensions.py)."""

from __future__ import annotations

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {}
API_EXPECT: dict[str, set[str]] = {}
API_PAYLOADS: dict[str, object] = {}


def ids(world, side) -> dict[str, object]:
    return {}


def foreign_rows(body) -> list[list]:
    return []
