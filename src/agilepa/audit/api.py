"""API routes of the trail: the body's for its HR, and the caller's own entries."""

import datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from agilepa.core.access import get_access_or_404
from agilepa.core.api_types import BoundedPagination

from . import selectors
from .actions import action_label
from .models import AuditEntry

router = Router(tags=["audit"])


class FieldOut(Schema):
    name: str
    label: str
    # Absent for a special category (art. 9 GDPR: "changed" only), a redacted entry, and a
    # form's or a read's list of fields, which record no values.
    before: Any = None
    after: Any = None
    value_recorded: bool


class AuditEntryOut(Schema):
    id: int
    at: datetime.datetime
    actor: str = Field(description="The actor's e-mail, or the job's name for a system job")
    via: str = Field(description="password, sso, token, system or anonymous")
    action: str
    action_label: str
    object_type: str
    object_id: str
    object_label: str
    person_id: int | None
    fields: list[FieldOut]
    ip: str | None
    request_id: str
    seq: int | None = Field(description="The entry's number in the body's chain, once sealed")
    hash: str

    @staticmethod
    def resolve_actor(entry: AuditEntry) -> str:
        return entry.actor_label

    @staticmethod
    def resolve_action_label(entry: AuditEntry) -> str:
        return action_label(entry.action)

    @staticmethod
    def resolve_fields(entry: AuditEntry) -> list[dict[str, Any]]:
        return [
            {
                "name": c.name,
                "label": c.label,
                "before": c.before,
                "after": c.after,
                "value_recorded": not (c.hidden or c.only_named),
            }
            for c in selectors.field_changes(entry)
        ]


class OwnAuditEntryOut(Schema):
    at: datetime.datetime
    actor: str
    action: str
    action_label: str
    object_label: str
    fields: list[str] = Field(description="The fields changed or read; never their values")

    @staticmethod
    def resolve_actor(entry: AuditEntry) -> str:
        return entry.actor_label

    @staticmethod
    def resolve_action_label(entry: AuditEntry) -> str:
        return action_label(entry.action)

    @staticmethod
    def resolve_fields(entry: AuditEntry) -> list[str]:
        return [c.label for c in selectors.field_changes(entry)]


@router.get(
    "/bodies/{body}/audit",
    response=list[AuditEntryOut],
    summary="The body's audit trail, newest first (HR)",
)
@paginate(BoundedPagination)
def body_trail(
    request: HttpRequest,
    body: str,
    person_id: Annotated[int, Field(ge=1, le=2**63 - 1)] | None = None,
    actor: Annotated[str, Field(max_length=254)] = "",
    action: Annotated[str, Field(max_length=80)] = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    access = get_access_or_404(request.user, body)
    filters = selectors.TrailFilters(
        person_id=person_id, actor=actor, action=action, date_from=date_from, date_to=date_to
    )
    return selectors.body_trail(access, filters)


@router.get(
    "/bodies/{body}/me/audit",
    response=list[OwnAuditEntryOut],
    summary="Who changed or read my record, newest first",
)
@paginate(BoundedPagination)
def own_trail(request: HttpRequest, body: str) -> QuerySet[AuditEntry]:
    return selectors.own_trail(get_access_or_404(request.user, body))
