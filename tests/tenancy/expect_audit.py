"""Tenancy expectations of the audit trail's routes (see extensions.py)."""

from __future__ import annotations

from agilepa.audit.models import AuditEntry

HR = {"hr_admin", "platform_admin"}
# One's own entries: people of the body only (HR, observers and platform admins without a
# person there get 403).
PEOPLE = {"employee", "manager"}

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    "audit:body": ("get", HR),
    "audit:export": ("get", HR),
    "audit:mine": ("get", PEOPLE),
}
A = "/api/v1/bodies/{body}"
API_EXPECT: dict[str, set[str]] = {
    f"GET {A}/audit": HR,
    f"GET {A}/me/audit": PEOPLE,
}
API_PAYLOADS: dict[str, object] = {}


def ids(world, side) -> dict[str, object]:
    return {}


def foreign_rows(body) -> list[list]:
    """The foreign body's trail: no request refused there may add an entry to it (nor export
    it, which would add an "audit.export" entry)."""
    return [
        list(
            AuditEntry.objects.filter(body=body)
            .order_by("pk")
            .values_list("pk", "action", "changes_digest")
        )
    ]
