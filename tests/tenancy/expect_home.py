"""Tenancy expectations of the home pages (see extensions.py)."""

from __future__ import annotations

from tests.routes import BODY_ROLES

# The body's home opens to every role of the body, with the sections of each.
SITE_EXPECT: dict[str, tuple[str, set[str]]] = {"home:body": ("get", BODY_ROLES)}
# The home of the networks the user coordinates: no body or network in its address, and only
# the user's own networks on it (tests/home/test_coordinator_home.py).
UNSCOPED = {"home:networks"}
API_EXPECT: dict[str, set[str]] = {}
API_PAYLOADS: dict[str, object] = {}


def ids(world, side) -> dict[str, object]:
    return {}


def foreign_rows(body) -> list[list]:
    return []
