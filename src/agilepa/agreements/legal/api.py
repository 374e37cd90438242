"""API of the communications to the Ministry of Labour (HR) and of the derogation from the
prevalence of presence (its reason: the person, HR and the deciding manager; 404 for others)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Status

from agilepa.agreements import communications, derogations, selectors, special
from agilepa.agreements.schemas import (
    CommunicationOut,
    DerogationDecisionIn,
    DerogationIn,
    DerogationOut,
    ReceiptIn,
)
from agilepa.core.policies import api_access

router = Router(tags=["agreements"])
BASE = "/bodies/{body}"


def _communication(c) -> dict[str, object]:
    return {
        **{f: getattr(c, f) for f in CommunicationOut.model_fields if hasattr(c, f)},
        "kind": c.agreement.kind,
        "state": c.state(timezone.localdate()),
    }


@router.get(f"{BASE}/communications", response=list[CommunicationOut])
def list_communications(request: HttpRequest, body: str, state: str = ""):
    """The communications to the Ministry of Labour (HR): `state` = due, late or sent."""
    rows = [_communication(c) for c in communications.communications_for(api_access(request, body))]
    return [r for r in rows if not state or r["state"] == state]


@router.post(f"{BASE}/communications/{{communication_id}}/sent", response=CommunicationOut)
def record_receipt(request: HttpRequest, body: str, communication_id: int, payload: ReceiptIn):
    """HR records the receipt number the portal gave."""
    access = api_access(request, body)
    communication = communications.get_communication(access, communication_id)
    communications.mark_sent(access, communication, payload.receipt_number, payload.sent_on)
    return _communication(communication)


def _derogation_out(d) -> dict[str, object]:
    return {
        "days_per_month": d.days_per_month,
        "reason": d.reason,
        "review_on": d.review_on,
        "status": d.status,
    }


@router.get(f"{BASE}/agreements/{{agreement_id}}/derogation", response=DerogationOut)
def get_derogation(request: HttpRequest, body: str, agreement_id: int):
    """The derogation with its reason: 404 for everyone but the person, HR and the deciding
    manager (art. 9 GDPR data; each read is logged)."""
    access = api_access(request, body)
    agreement = selectors.get_agreement_or_404(access, agreement_id)
    return _derogation_out(derogations.reason_for(access, agreement))


@router.post(f"{BASE}/agreements/{{agreement_id}}/derogation", response={201: DerogationOut})
def request_derogation(request: HttpRequest, body: str, agreement_id: int, payload: DerogationIn):
    access = api_access(request, body)
    agreement = selectors.get_agreement_or_404(access, agreement_id)
    if not (derogations.is_own(access, agreement) or access.is_hr):
        raise Http404
    derogation = derogations.request(
        access, agreement, payload.days_per_month, payload.reason, payload.review_on
    )
    special.record_read(access, agreement, ["derogation_reason"])  # the answer holds it
    return Status(201, _derogation_out(derogation))


@router.post(f"{BASE}/agreements/{{agreement_id}}/derogation/decide", response=DerogationOut)
def decide_derogation(
    request: HttpRequest, body: str, agreement_id: int, payload: DerogationDecisionIn
):
    access = api_access(request, body)
    agreement = selectors.get_agreement_or_404(access, agreement_id)
    existing = derogations.derogation_of(agreement)
    if existing is None or not derogations.may_read_reason(access, agreement, existing):
        raise Http404
    decided = derogations.decide(access, agreement, payload.grant)
    special.record_read(access, agreement, ["derogation_reason"])  # the answer holds it
    return _derogation_out(decided)
