"""The derogation from the prevalence of presence (Directive of the Minister for PA, 29
December 2023): for serious, urgent and not otherwise reconcilable health, personal or family
situations the agreement may lift the prevalence limit up to a stated number of remote days a
month, until a review date, decided by the responsible manager.

The reason is special-category personal data (art. 9 GDPR). It is read only here
(`reason_for`), by the person it concerns, HR and the deciding manager (before the decision:
the managers who may decide; after it: the one who decided); every read is logged; for anyone
else the derogation's reason does not exist (404). It is never serialised with the agreement,
never exported, never counted. Reads by HR and managers are audit entries too
("agreement.special_read", see agreements/special.py).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.agreements import special
from agilepa.agreements.models import (
    Agreement,
    AgreementStatus,
    DerogationStatus,
    PresenceDerogation,
    ReasonAccess,
)
from agilepa.agreements.services import TransitionRefused, check, is_own, manages
from agilepa.audit import services as audit
from agilepa.core.access import Access, PermissionDeniedForRole

D = DerogationStatus
OPEN_STATUSES = {
    AgreementStatus.DRAFT,
    AgreementStatus.SUBMITTED,
    AgreementStatus.APPROVED,
    AgreementStatus.COUNTERSIGNED,
    AgreementStatus.ACTIVE,
    AgreementStatus.SUSPENDED,
}


def may_decide(access: Access, agreement: Agreement) -> bool:
    return manages(access, agreement) or (access.is_hr and not is_own(access, agreement))


def may_read_reason(access: Access, agreement: Agreement, derogation: PresenceDerogation) -> bool:
    if is_own(access, agreement) or access.is_hr:
        return True
    if derogation.status == D.REQUESTED:
        return manages(access, agreement)
    return derogation.decided_by_id is not None and derogation.decided_by_id == access.user_id


def derogation_of(agreement: Agreement) -> PresenceDerogation | None:
    return PresenceDerogation.objects.filter(agreement=agreement).first()


def reason_for(access: Access, agreement: Agreement) -> PresenceDerogation:
    """The derogation with its reason, for those who may read it (logged); 404 for others, so
    a colleague cannot even learn that one was asked."""
    derogation = derogation_of(agreement)
    if derogation is None or not may_read_reason(access, agreement, derogation):
        raise Http404
    ReasonAccess.objects.create(derogation=derogation, user_id=access.user_id)
    special.record_read(access, agreement, ["derogation_reason"])
    return derogation


FIELDS = ("days_per_month", "reason", "review_on", "status", "decided_by")


def _audit(
    action: str, derogation: PresenceDerogation, before: dict[str, object], after: dict[str, object]
) -> None:
    """The reason is recorded as changed, never its content (art. 9 GDPR)."""
    audit.record(
        action,
        body=derogation.agreement.body_id,
        obj=derogation,
        label=f"#{derogation.agreement_id}",
        person=derogation.agreement.person_id,
        changes=audit.diff(before, after, special={"reason"}),
    )


def request(
    access: Access, agreement: Agreement, days_per_month: int, reason: str, review_on: date
) -> PresenceDerogation:
    """The person (or HR on their behalf) asks, with the reason; a new request replaces an
    earlier one and waits for a new decision."""
    if not (is_own(access, agreement) or access.is_hr):
        raise PermissionDeniedForRole
    if agreement.status not in OPEN_STATUSES:
        raise TransitionRefused(_("A derogation is asked for an agreement in force or to come."))
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Say which serious situation the derogation is for.")
    if not 1 <= days_per_month <= 23:
        errors["days_per_month"] = _("Give the remote days a month, from 1 to 23.")
    if review_on <= timezone.localdate():
        errors["review_on"] = _("The review date must be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        previous = PresenceDerogation.objects.filter(agreement=agreement).first()
        before = audit.snapshot(previous, FIELDS) if previous else {}
        derogation, _created = PresenceDerogation.objects.update_or_create(
            agreement=agreement,
            defaults={
                "days_per_month": days_per_month,
                "reason": reason.strip(),
                "review_on": review_on,
                "status": D.REQUESTED,
                "decided_by": None,
                "decided_at": None,
            },
        )
        derogation.refresh_from_db(fields=FIELDS)
        _audit("derogation.request", derogation, before, audit.snapshot(derogation, FIELDS))
    return derogation


def decide(access: Access, agreement: Agreement, grant: bool) -> PresenceDerogation:
    """The manager who may decide on the agreement (or HR) grants or refuses. A grant is
    refused while the agreement's terms exceed the stated days."""
    if not may_decide(access, agreement):
        raise PermissionDeniedForRole
    derogation = derogation_of(agreement)
    if derogation is None or derogation.status != D.REQUESTED:
        raise TransitionRefused(_("There is no request of derogation to decide."))
    before = audit.snapshot(derogation, FIELDS)
    derogation.status = D.GRANTED if grant else D.REFUSED
    derogation.decided_by_id = access.user_id
    derogation.decided_at = timezone.now()
    with transaction.atomic():
        derogation.save(update_fields=["status", "decided_by", "decided_at"])
        if grant:
            violations = [v for v in check(agreement) if v.code == "derogation_exceeded"]
            if violations:
                transaction.set_rollback(True)
                raise TransitionRefused(violations[0].message, violations)
        _audit("derogation.decide", derogation, before, audit.snapshot(derogation, FIELDS))
    return derogation


def applies_on(derogation: PresenceDerogation | None, day: date) -> bool:
    """A granted derogation lifts the limit until its review date (then HR reviews it)."""
    return derogation is not None and derogation.status == D.GRANTED and day <= derogation.review_on
