"""API routes of the organisation: networks, bodies, sites, units, people.

Body-scoped routes resolve the caller's `Access` first (404 for a body where they hold no role)
and read only through the selectors, like the pages do."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Form, Router, UploadedFile
from ninja.pagination import paginate

from agilepa.core.access import (
    Access,
    PermissionDeniedForRole,
    can_coordinate,
    networks_for_user,
    resolve_access,
)
from agilepa.core.access import bodies_for_user as _bodies_for_user
from agilepa.core.api_types import BoundedPagination
from agilepa.core.policies import api_access, is_hr
from agilepa.org import selectors, services
from agilepa.org.models import Body, Membership, Network, OfficeSite, OrgUnit, Person
from agilepa.org.schemas import (
    BodyOut,
    BodySummaryOut,
    DateIn,
    EndIn,
    MembershipOut,
    NetworkDetailOut,
    NetworkOut,
    PersonIn,
    PersonOut,
    PersonPatch,
    SiteOut,
    UnitIn,
    UnitOut,
    UnitPatch,
)

router = Router(tags=["organisation"])


# Networks -----------------------------------------------------------------------------------


def _visible_network(request: HttpRequest, slug: str) -> Network:
    return get_object_or_404(
        networks_for_user(request.user).select_related("coordinator"), slug=slug
    )


def _network_out(network: Network) -> dict[str, object]:
    return {
        "id": network.pk,
        "slug": network.slug,
        "name": network.name,
        "description": network.description,
        "coordinator_slug": network.coordinator.slug,
    }


def _membership_out(m: Membership) -> dict[str, object]:
    return {
        "id": m.pk,
        "body_slug": m.body.slug,
        "body_name": m.body.name,
        "status": m.status,
        "applied_on": m.applied_on,
        "protocol_signed_on": m.protocol_signed_on,
        "activated_on": m.activated_on,
        "left_on": m.left_on,
        "active_people": getattr(m, "active_people", 0),
    }


@router.get("/networks", response=list[NetworkOut], summary="Networks I coordinate or belong to")
def list_networks(request: HttpRequest) -> list[dict[str, object]]:
    return [_network_out(n) for n in networks_for_user(request.user).select_related("coordinator")]


@router.get("/networks/{network}", response=NetworkDetailOut, summary="A network and its members")
def get_network(request: HttpRequest, network: str) -> dict[str, object]:
    found = _visible_network(request, network)
    return {
        **_network_out(found),
        "memberships": [_membership_out(m) for m in selectors.memberships_of(found)],
    }


def _membership(request: HttpRequest, network: str, membership_id: int) -> Membership:
    found = _visible_network(request, network)
    return get_object_or_404(
        Membership.objects.select_related("body", "network"), network=found, pk=membership_id
    )


def _require_body_hr(request: HttpRequest, body: Body) -> None:
    access = resolve_access(request.user, body)
    if access is None or not access.is_hr:
        raise PermissionDenied("Only the HR office of the member body may do this.")


def _require_coordinator(request: HttpRequest, network: Network) -> None:
    if not can_coordinate(request.user, network):
        raise PermissionDenied("Only the network's coordinator may do this.")


@router.post(
    "/networks/{network}/memberships/{membership_id}/sign",
    response=MembershipOut,
    summary="Record the signed adhesion protocol (HR of the member body)",
)
def sign_membership(
    request: HttpRequest,
    network: str,
    membership_id: int,
    protocol_signed_on: Form[DateIn],
    protocol: File[UploadedFile],
) -> dict[str, object]:
    membership = _membership(request, network, membership_id)
    _require_body_hr(request, membership.body)
    signed_on = protocol_signed_on.on or timezone.localdate()
    return _membership_out(services.record_signed_protocol(membership, signed_on, protocol))


@router.post(
    "/networks/{network}/memberships/{membership_id}/activate",
    response=MembershipOut,
    summary="Activate a membership whose protocol is signed (coordinator)",
)
def activate_membership(
    request: HttpRequest, network: str, membership_id: int, payload: DateIn | None = None
) -> dict[str, object]:
    membership = _membership(request, network, membership_id)
    _require_coordinator(request, membership.network)
    on = (payload.on if payload else None) or timezone.localdate()
    return _membership_out(services.activate_membership(membership, on))


@router.post(
    "/networks/{network}/memberships/{membership_id}/leave",
    response=MembershipOut,
    summary="End a membership (coordinator, or HR of the member body)",
)
def leave_membership(
    request: HttpRequest, network: str, membership_id: int, payload: DateIn | None = None
) -> dict[str, object]:
    membership = _membership(request, network, membership_id)
    if not can_coordinate(request.user, membership.network):
        _require_body_hr(request, membership.body)
    on = (payload.on if payload else None) or timezone.localdate()
    return _membership_out(services.leave_network(membership, on))


# Bodies -------------------------------------------------------------------------------------


@router.get("/bodies", response=list[BodyOut], summary="Bodies where I hold a role")
def list_bodies(request: HttpRequest) -> QuerySet[Body]:
    return _bodies_for_user(request.user)


@router.get("/bodies/{body}", response=BodySummaryOut, summary="A body with its summary counts")
def get_body(request: HttpRequest, body: str) -> dict[str, object]:
    access = api_access(request, body)
    return {
        **BodyOut.from_orm(access.body).dict(),
        **selectors.body_summary(access),
        "roles": sorted(access.roles),
    }


@router.get("/bodies/{body}/sites", response=list[SiteOut], summary="The body's office sites")
def list_sites(request: HttpRequest, body: str) -> QuerySet[OfficeSite]:
    return selectors.sites_for(api_access(request, body))


# Units --------------------------------------------------------------------------------------


def _unit_out(access: Access, unit: OrgUnit, counts: dict[int, int]) -> dict[str, object]:
    return {
        "id": unit.pk,
        "code": unit.code,
        "name": unit.name,
        "level_name": unit.level_name,
        "parent_id": unit.parent_id,
        "depth": unit.depth,
        # Observers see aggregates only: not who heads a unit.
        "head_id": unit.head_id if access.sees_named_people else None,
        "headcount": counts.get(unit.pk, 0),
    }


@router.get("/bodies/{body}/units", response=list[UnitOut], summary="The unit tree, by path")
def list_units(request: HttpRequest, body: str) -> list[dict[str, object]]:
    access = api_access(request, body)
    counts = selectors.unit_headcounts(access)
    return [_unit_out(access, u, counts) for u in selectors.units_for(access)]


@router.get("/bodies/{body}/units/{unit_id}", response=UnitOut, summary="One unit")
def get_unit(request: HttpRequest, body: str, unit_id: int) -> dict[str, object]:
    access = api_access(request, body)
    return _unit_out(access, selectors.get_unit(access, unit_id), selectors.unit_headcounts(access))


@router.post("/bodies/{body}/units", response={201: UnitOut}, summary="Create a unit (HR)")
def create_unit(request: HttpRequest, body: str, payload: UnitIn) -> dict[str, object]:
    access = api_access(request, body, is_hr)
    parent = selectors.get_unit(access, payload.parent_id) if payload.parent_id else None
    unit = services.create_unit(
        access.body, payload.code, payload.name, parent=parent, level_name=payload.level_name
    )
    return _unit_out(access, unit, {})


@router.patch(
    "/bodies/{body}/units/{unit_id}",
    response=UnitOut,
    summary="Rename, set the head of, or move a unit with its subtree (HR)",
)
def patch_unit(
    request: HttpRequest, body: str, unit_id: int, payload: UnitPatch
) -> dict[str, object]:
    access = api_access(request, body, is_hr)
    unit = selectors.get_unit(access, unit_id)
    changes: dict[str, object] = {}
    if payload.name is not None:
        changes["name"] = payload.name
    if payload.level_name is not None:
        changes["level_name"] = payload.level_name
    if payload.head_id is not None:
        changes["head"] = _person_in_body(access, payload.head_id)
    if changes:
        unit = services.update_unit(unit, **changes)
    if payload.move_to_root:
        unit = services.move_unit(unit, None)
    elif payload.parent_id is not None and payload.parent_id != unit.parent_id:
        unit = services.move_unit(unit, selectors.get_unit(access, payload.parent_id))
    return _unit_out(access, unit, selectors.unit_headcounts(access))


# People -------------------------------------------------------------------------------------


def _person_in_body(access: Access, person_id: int) -> Person:
    return get_object_or_404(Person, body=access.body, pk=person_id)


def _unit_in_body(access: Access, unit_id: int) -> OrgUnit:
    unit = OrgUnit.objects.filter(body=access.body, pk=unit_id).first()
    if unit is None:
        raise ValidationError({"unit_id": f"Unit {unit_id} does not exist in this body."})
    return unit


def _site_in_body(access: Access, site_id: int | None) -> OfficeSite | None:
    if site_id is None:
        return None
    site = OfficeSite.objects.filter(body=access.body, pk=site_id).first()
    if site is None:
        raise ValidationError({"office_site_id": f"Site {site_id} does not exist in this body."})
    return site


@router.get(
    "/bodies/{body}/people",
    response=list[PersonOut],
    summary="People I may see (HR: the body; manager: their subtrees)",
)
@paginate(BoundedPagination)
def list_people(
    request: HttpRequest,
    body: str,
    q: str = "",
    unit_id: int | None = None,
    active: bool | None = True,
) -> QuerySet[Person]:
    access = api_access(request, body)
    if not selectors.can_list_people(access):
        raise PermissionDeniedForRole
    people = selectors.people_for(access)
    if q:
        people = people.filter(
            Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(employee_number__iexact=q)
            | Q(tax_code__iexact=q)
            | Q(email__iexact=q)
        )
    if unit_id is not None:
        unit = selectors.get_unit(access, unit_id)
        people = people.filter(unit__path__startswith=unit.path)
    if active is not None:
        people = people.filter(is_active=active)
    return people.order_by("last_name", "first_name", "pk")


@router.get("/bodies/{body}/people/{person_id}", response=PersonOut, summary="One person")
def get_person(request: HttpRequest, body: str, person_id: int) -> Person:
    return selectors.get_person(api_access(request, body), person_id)


@router.post("/bodies/{body}/people", response={201: PersonOut}, summary="Add a person (HR)")
def create_person(request: HttpRequest, body: str, payload: PersonIn) -> Person:
    access = api_access(request, body, is_hr)
    data = payload.dict()
    unit = _unit_in_body(access, data.pop("unit_id"))
    site = _site_in_body(access, data.pop("office_site_id"))
    if Person.objects.filter(body=access.body, employee_number=payload.employee_number).exists():
        raise ValidationError(
            {"employee_number": f"Matricola {payload.employee_number} already exists in this body."}
        )
    person = services.save_person(Person(body=access.body), unit=unit, office_site=site, **data)
    return person


@router.patch("/bodies/{body}/people/{person_id}", response=PersonOut, summary="Edit (HR)")
def patch_person(request: HttpRequest, body: str, person_id: int, payload: PersonPatch) -> Person:
    access = api_access(request, body, is_hr)
    person = _person_in_body(access, person_id)
    data = payload.dict(exclude_unset=True)
    if "unit_id" in data:
        data["unit"] = _unit_in_body(access, data.pop("unit_id"))
    if "office_site_id" in data:
        data["office_site"] = _site_in_body(access, data.pop("office_site_id"))
    return services.save_person(person, **data)


@router.post(
    "/bodies/{body}/people/{person_id}/end",
    response=PersonOut,
    summary="End a person's employment (HR); people are never deleted",
)
def end_person(
    request: HttpRequest, body: str, person_id: int, payload: EndIn | None = None
) -> Person:
    access = api_access(request, body, is_hr)
    person = _person_in_body(access, person_id)
    on = (payload.ended_on if payload else None) or timezone.localdate()
    return services.end_person(person, on)
