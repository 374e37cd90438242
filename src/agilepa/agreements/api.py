"""API routes of regulations and agreements, with the same permissions as the pages.

A refused change answers 422 `application/problem+json` with a `violations` list: each with
its `code`, `field`, `message` and `source` (the article)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import paginate

from agilepa.agreements import selectors, services, special
from agilepa.agreements.models import Agreement, Regulation
from agilepa.agreements.schemas import (
    AgreementIn,
    AgreementOut,
    AgreementTerms,
    ReasonIn,
    RegulationIn,
    RegulationOut,
    TransitionOut,
    ViolationOut,
    WithdrawIn,
)
from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.core.api_types import BoundedPagination
from agilepa.core.policies import api_access
from agilepa.org.selectors import people_for

router = Router(tags=["agreements"])
BASE = "/bodies/{body}"


def _out(a: Agreement, shown: special.SpecialFields | None) -> dict[str, object]:
    """The agreement as the API gives it; its special categories only as `shown` (from
    agreements/special.py), else null."""
    return {
        **{
            f: getattr(a, f)
            for f in AgreementOut.model_fields
            if hasattr(a, f) and f not in special.FIELDS
        },
        "person_name": a.person.full_name,
        "unit_id": a.person.unit_id,
        "regulation_version": a.regulation.version if a.regulation_id else None,
        "derogation_days": a.granted_derogation_days(),
        "priorities": shown.priorities if shown else None,
        "disabled_l68": shown.disabled_l68 if shown else None,
    }


def _written(access: Access, a: Agreement) -> dict[str, object]:
    """The answer of a write: the special categories only on the caller's own agreement (HR
    and the deciding manager read them with GET agreements/{id}, recorded)."""
    return _out(a, special.own_special_fields(access, a))


def _terms(payload: AgreementTerms) -> dict[str, object]:
    return {
        k: v for k, v in payload.dict(exclude_unset=True).items() if k in services.EDITABLE_FIELDS
    }


# --- regulations ----------------------------------------------------------------------------


@router.get(f"{BASE}/regulations", response=list[RegulationOut])
def list_regulations(request: HttpRequest, body: str) -> list[Regulation]:
    """Every version of the body's Regolamento, newest first (anyone with a role)."""
    return list(selectors.regulations_for(api_access(request, body)))


@router.get(f"{BASE}/regulations/{{regulation_id}}", response=RegulationOut)
def get_regulation(request: HttpRequest, body: str, regulation_id: int) -> Regulation:
    return selectors.get_regulation(api_access(request, body), regulation_id)


@router.post(f"{BASE}/regulations", response={201: RegulationOut})
def create_regulation(request: HttpRequest, body: str, payload: RegulationIn):
    """Adopt a new version (HR). Looser than the law: 422 with the rule it breaks."""
    access = api_access(request, body)
    access.require(Role.HR_ADMIN, Role.PLATFORM_ADMIN)
    data = payload.dict()
    remotable, not_remotable = data.pop("remotable"), data.pop("not_remotable")
    regulation = services.save_regulation(
        access,
        Regulation(body=access.body, **data),
        remotable=remotable,
        not_remotable=not_remotable,
    )
    return regulation


# --- agreements ---------------------------------------------------------------------------


@router.get(f"{BASE}/agreements", response=list[AgreementOut])
@paginate(BoundedPagination)
def list_agreements(
    request: HttpRequest,
    body: str,
    status: str | None = None,
    unit_id: int | None = None,
    person_id: int | None = None,
):
    """The agreements the caller may see: HR all, a manager their subtrees, a person their
    own; observers none by name. `priorities` and `disabled_l68` are null but on the caller's
    own agreements (special categories: read one agreement at a time, recorded)."""
    access = api_access(request, body)
    if not access.sees_named_people:
        raise PermissionDeniedForRole
    agreements = selectors.agreements_for(access).select_related("person", "regulation")
    if status:
        agreements = agreements.filter(status=status)
    if unit_id:
        agreements = agreements.filter(person__unit_id=unit_id)
    if person_id:
        agreements = agreements.filter(person_id=person_id)
    return OutputsOf(
        agreements.order_by("pk"), lambda a: _out(a, special.own_special_fields(access, a))
    )


class OutputsOf(Sequence):
    """A queryset's outputs, built for the page the paginator slices only: each output costs
    queries, and building a body's thousand agreements to return a hundred took seconds."""

    def __init__(self, queryset: QuerySet, build: Callable[[Any], dict]) -> None:
        self.queryset, self.build = queryset, build

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self.build(item) for item in self.queryset[index]]
        return self.build(self.queryset[index])


@router.post(f"{BASE}/agreements", response={201: AgreementOut})
def create_agreement(request: HttpRequest, body: str, payload: AgreementIn):
    """A draft for oneself, or (HR) for `person_id`."""
    access = api_access(request, body)
    if payload.person_id is not None and payload.person_id != access.person_id:
        if not access.is_hr:
            raise PermissionDeniedForRole
        person = get_object_or_404(people_for(access), pk=payload.person_id)
    elif access.person_id is not None:
        person = people_for(access).get(pk=access.person_id)
    else:
        raise PermissionDeniedForRole
    agreement = services.new_draft(access, person, **_terms(payload))
    return _written(access, agreement)


@router.get(f"{BASE}/agreements/{{agreement_id}}", response=AgreementOut)
def get_agreement(request: HttpRequest, body: str, agreement_id: int):
    """One agreement. Its special categories for the person, HR and the manager deciding a
    submitted request (the reads of the last two recorded); null for the other managers."""
    access = api_access(request, body)
    agreement = selectors.get_agreement(access, agreement_id)
    return _out(agreement, special.special_fields_for(access, agreement))


@router.patch(f"{BASE}/agreements/{{agreement_id}}", response=AgreementOut)
def update_agreement(request: HttpRequest, body: str, agreement_id: int, payload: AgreementTerms):
    """Change a draft (the person or HR)."""
    access = api_access(request, body)
    agreement = selectors.get_agreement(access, agreement_id)
    return _written(access, services.update_draft(access, agreement, **_terms(payload)))


@router.post(f"{BASE}/agreements/{{agreement_id}}/check", response=list[ViolationOut])
def check_agreement(
    request: HttpRequest, body: str, agreement_id: int, payload: AgreementTerms | None = None
):
    """Every violation of the agreement's terms, with changes applied but not saved."""
    access = api_access(request, body)
    agreement = selectors.get_agreement(access, agreement_id)
    if payload is not None:
        for name, value in _terms(payload).items():
            setattr(agreement, name, value)
    return [v.as_dict() for v in services.check(agreement)]


@router.get(f"{BASE}/agreements/{{agreement_id}}/transitions", response=list[TransitionOut])
def list_transitions(request: HttpRequest, body: str, agreement_id: int):
    agreement = selectors.get_agreement(api_access(request, body), agreement_id)
    return [
        {
            "from_status": t.from_status,
            "to_status": t.to_status,
            "actor_email": t.actor.email if t.actor else None,
            "at": t.at,
            "reason": t.reason,
        }
        for t in agreement.transitions.select_related("actor")
    ]


def _act(request: HttpRequest, body: str, agreement_id: int, action, *args, **kwargs):
    access = api_access(request, body)
    agreement = selectors.get_agreement(access, agreement_id)
    result = action(access, agreement, *args, **kwargs)
    return _written(access, result)


@router.post(f"{BASE}/agreements/{{agreement_id}}/submit", response=AgreementOut)
def submit(request: HttpRequest, body: str, agreement_id: int):
    """The person (or HR) submits the draft; 422 with every violation otherwise."""
    return _act(request, body, agreement_id, services.submit)


@router.post(f"{BASE}/agreements/{{agreement_id}}/approve", response=AgreementOut)
def approve(request: HttpRequest, body: str, agreement_id: int):
    """A manager above the person (never for their own) or HR."""
    return _act(request, body, agreement_id, services.approve)


@router.post(f"{BASE}/agreements/{{agreement_id}}/reject", response=AgreementOut)
def reject(request: HttpRequest, body: str, agreement_id: int, payload: ReasonIn):
    return _act(request, body, agreement_id, services.reject, payload.reason)


@router.post(f"{BASE}/agreements/{{agreement_id}}/countersign", response=AgreementOut)
def countersign(request: HttpRequest, body: str, agreement_id: int):
    """HR countersigns; active at once if the start date has come and prerequisites hold."""
    return _act(request, body, agreement_id, services.countersign)


@router.post(f"{BASE}/agreements/{{agreement_id}}/activate", response=AgreementOut)
def activate(request: HttpRequest, body: str, agreement_id: int):
    return _act(request, body, agreement_id, services.activate)


@router.post(f"{BASE}/agreements/{{agreement_id}}/suspend", response=AgreementOut)
def suspend(request: HttpRequest, body: str, agreement_id: int, payload: ReasonIn):
    return _act(request, body, agreement_id, services.suspend, payload.reason)


@router.post(f"{BASE}/agreements/{{agreement_id}}/resume", response=AgreementOut)
def resume(request: HttpRequest, body: str, agreement_id: int):
    return _act(request, body, agreement_id, services.resume)


@router.post(f"{BASE}/agreements/{{agreement_id}}/withdraw", response=AgreementOut)
def withdraw(request: HttpRequest, body: str, agreement_id: int, payload: WithdrawIn):
    """The person or HR; the last day follows the notice (none for a justified reason)."""
    return _act(
        request,
        body,
        agreement_id,
        services.withdraw,
        payload.reason,
        justified=payload.justified,
        last_day=payload.last_day,
    )


@router.post(f"{BASE}/agreements/{{agreement_id}}/renew", response={201: AgreementOut})
def renew(request: HttpRequest, body: str, agreement_id: int):
    """A new draft with the same terms, linked to this agreement."""
    return _act(request, body, agreement_id, services.renew)
