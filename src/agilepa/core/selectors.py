"""Reads of the core app that take an `Access`: what a user of a body may see of it."""

from __future__ import annotations

from agilepa.core.access import Access
from agilepa.core.models import RoleAssignment, RoleKind

# A page names a few people to write to, not the whole office.
MAX_CONTACTS = 3


def personnel_office_addresses(access: Access) -> list[str]:
    """The e-mail addresses of the body's HR administrators: they assign roles and answer for
    the body's records, so they are whom a person of the body asks when a page is refused or
    missing. The Body model holds no e-mail, PEC or URP address of its own."""
    return list(
        RoleAssignment.objects.filter(body=access.body, kind=RoleKind.HR_ADMIN)
        .exclude(user__email="")
        .filter(user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()[:MAX_CONTACTS]
    )
