"""The person's data through the API: the same export as the JSON download."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from agilepa.core.access import get_access_or_404
from agilepa.rights import services

router = Router(tags=["rights"])


class ExportSection(Schema):
    app: str
    title: str
    note: str  # empty, or what the reader must know of the section (the surveys' anonymity)
    fields: dict[str, str]  # each key of the rows with its label
    rows: list[dict[str, Any]]


class ExportController(Schema):
    body: str
    ipa_code: str


class ExportPerson(Schema):
    id: int
    name: str


class PersonalDataExport(Schema):
    format: str  # "agilepa.personal-data-export"
    version: int
    generated_at: str
    controller: ExportController
    person: ExportPerson
    not_included: dict[str, str]
    sections: dict[str, ExportSection]


@router.get("/bodies/{body}/me/data", response=PersonalDataExport)
def my_data(request: HttpRequest, body: str) -> dict[str, Any]:
    """Everything held about the caller in the body (artt. 15 and 20 GDPR), as the JSON
    download of their data page (docs/rights.md). Recorded in the audit trail."""
    access = get_access_or_404(request.user, body)
    return services.own_data(access)
