"""API routes of the municipalities list and of where a person lives."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from agilepa.core.access import PermissionDeniedForRole, get_access_or_404
from agilepa.core.api_types import Item
from agilepa.org import municipalities, services
from agilepa.org.models import Municipality, Person

router = Router(tags=["municipalities"])


class MunicipalityOut(Schema):
    istat_code: str
    name: str
    province: str
    region: str
    latitude: float | None  # None: the list has no coordinates for it
    longitude: float | None


class HomeIn(Schema):
    municipality: Item | None  # "Casalecchio di Reno (BO)", an ISTAT code, or null to remove


class HomeOut(Schema):
    municipality: MunicipalityOut | None


def _out(m: Municipality | None) -> dict[str, object] | None:
    if m is None:
        return None
    return {
        "istat_code": m.istat_code,
        "name": m.name,
        "province": m.province,
        "region": m.region,
        "latitude": float(m.latitude) if m.latitude is not None else None,
        "longitude": float(m.longitude) if m.longitude is not None else None,
    }


@router.get("/municipalities", response=list[MunicipalityOut])
def search_municipalities(request: HttpRequest, q: str):
    """Municipalities whose name starts with (then contains) `q`, at least 2 letters; 20 at most."""
    return [_out(m) for m in municipalities.search(q)]


def _person(request: HttpRequest, body: str) -> Person:
    access = get_access_or_404(request.user, body)
    if access.person_id is None:
        raise PermissionDeniedForRole
    return Person.objects.select_related("home_municipality").get(pk=access.person_id)


@router.get("/bodies/{body}/me/home", response=HomeOut)
def my_home(request: HttpRequest, body: str):
    """The caller's declared home municipality (a person of the body)."""
    return {"municipality": _out(_person(request, body).home_municipality)}


@router.put("/bodies/{body}/me/home", response=HomeOut)
def set_my_home(request: HttpRequest, body: str, payload: HomeIn):
    """Declare (or, with null, remove) the caller's home municipality."""
    person = _person(request, body)
    text = (payload.municipality or "").strip()
    if payload.municipality is not None and not text:
        raise ValidationError({"municipality": _("Name a municipality, or send null.")})
    try:
        municipality = municipalities.find(text) if text else None
    except ValidationError as exc:
        raise ValidationError({"municipality": exc.messages}) from exc
    services.set_home(person, municipality)
    return {"municipality": _out(person.home_municipality)}
