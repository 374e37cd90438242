"""The person's data through the API: the same export as the JSON download."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from agilepa.core.access import get_access_or_404
from agilepa.rights import services

router = Router(tags=["rights"])


@router.get("/bodies/{body}/me/data", response=dict[str, Any])
def my_data(request: HttpRequest, body: str) -> dict[str, Any]:
    """Everything held about the caller in the body (artt. 15 and 20 GDPR): the document of
    docs/rights.md, format `agilepa.personal-data-export`. Recorded in the audit trail."""
    access = get_access_or_404(request.user, body)
    return services.own_data(access)
