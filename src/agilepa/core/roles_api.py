"""API routes for the roles of a body and the logins of its people (HR admins)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from agilepa.core import services
from agilepa.core.access import Access, Role, get_access_or_404
from agilepa.core.api_types import text_of
from agilepa.core.models import RoleAssignment, User
from agilepa.org.models import OrgUnit, Person

router = Router(tags=["roles"])


class RoleOut(Schema):
    id: int
    email: str
    kind: str
    unit_id: int | None
    created_at: datetime


class RoleIn(Schema):
    email: text_of(User, "email")
    kind: text_of(RoleAssignment, "kind")
    unit_id: int | None = None


class LoginOut(Schema):
    person_id: int
    email: str


def _hr(request: HttpRequest, body: str) -> Access:
    access = get_access_or_404(request.user, body)
    access.require(Role.HR_ADMIN, Role.PLATFORM_ADMIN)
    return access


def _out(assignment: RoleAssignment) -> dict[str, object]:
    return {
        "id": assignment.pk,
        "email": assignment.user.email,
        "kind": assignment.kind,
        "unit_id": assignment.unit_id,
        "created_at": assignment.created_at,
    }


@router.get("/bodies/{body}/roles", response=list[RoleOut], summary="Roles given in the body (HR)")
def list_roles(request: HttpRequest, body: str) -> list[dict[str, object]]:
    access = _hr(request, body)
    assignments = RoleAssignment.objects.filter(body=access.body).select_related("user")
    return [_out(a) for a in assignments.order_by("kind", "user__email")]


@router.post(
    "/bodies/{body}/roles",
    response={201: RoleOut},
    summary="Give a role: hr_admin, observer, or manager of a unit (HR); invites new users",
)
def grant_role(request: HttpRequest, body: str, payload: RoleIn) -> dict[str, object]:
    access = _hr(request, body)
    unit = None
    if payload.unit_id is not None:
        unit = OrgUnit.objects.filter(body=access.body, pk=payload.unit_id).first()
    assignment = services.grant_role(
        access, payload.email, payload.kind, unit, base_url=request.build_absolute_uri("/")[:-1]
    )
    return _out(assignment)


@router.delete("/bodies/{body}/roles/{role_id}", response={204: None}, summary="Revoke (HR)")
def revoke_role(request: HttpRequest, body: str, role_id: int) -> None:
    access = _hr(request, body)
    services.revoke_role(access, get_object_or_404(RoleAssignment, body=access.body, pk=role_id))
    return None


@router.post(
    "/bodies/{body}/people/{person_id}/login",
    response={201: LoginOut},
    summary="Give a person a login by their e-mail and send the invitation (HR)",
)
def link_login(request: HttpRequest, body: str, person_id: int) -> Status:
    access = _hr(request, body)
    person = get_object_or_404(Person, body=access.body, pk=person_id)
    user = services.link_login(access, person, base_url=request.build_absolute_uri("/")[:-1])
    return Status(201, {"person_id": person.pk, "email": user.email})
