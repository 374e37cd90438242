"""Writes of the rights app: every download of an export and every request is in the audit
trail, in the same transaction as what it records (docs/rights.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.audit import services as audit
from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.org.models import Person
from agilepa.rights import gather
from agilepa.rights.models import RequestKind, RequestStatus, SubjectRequest

FORMATS = ("json", "pdf")
EXPORT_KINDS = (RequestKind.ACCESS, RequestKind.PORTABILITY)
HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def render(person: Person, fmt: str) -> ExportFile:
    from agilepa.rights import document

    data = gather.export(person)
    stem = f"dati-personali-{person.body.slug}-{person.pk}"
    if fmt == "pdf":
        return ExportFile(document.render_pdf(data), "application/pdf", f"{stem}.pdf")
    content = json.dumps(data, ensure_ascii=False, indent=2).encode()
    return ExportFile(content, "application/json", f"{stem}.json")


def own_person(access: Access) -> Person:
    """The caller's own person in the body: only a person of the body has data to download."""
    if access.person_id is None:
        raise PermissionDeniedForRole
    return Person.objects.select_related("body").get(pk=access.person_id, body=access.body)


def _record_own(access: Access, person: Person, fmt: str) -> None:
    audit.record(
        "rights.export",
        body=access.body,
        obj=person,
        person=person,
        changes={"format": fmt, "by": "self"},
    )


def export_own(access: Access, fmt: str) -> ExportFile:
    """The person downloads their own data (art. 15(3), 20): recorded, no request needed."""
    person = own_person(access)
    with transaction.atomic():
        _record_own(access, person, fmt)
        return render(person, fmt)


def own_data(access: Access) -> dict[str, Any]:
    """The same, as data for the API."""
    person = own_person(access)
    with transaction.atomic():
        _record_own(access, person, "api")
        return gather.export(person)


def export_for_request(
    access: Access,
    person: Person,
    fmt: str,
    kind: str,
    received_on: date,
    note: str = "",
    fulfils: SubjectRequest | None = None,
) -> tuple[SubjectRequest, ExportFile]:
    """HR produces the export for a request about `person` (one of the body's people): the
    request is recorded as done by HR, with the export in the audit trail."""
    access.require(*HR)
    if person.body_id != access.body.pk:
        raise PermissionDeniedForRole
    if fmt not in FORMATS:
        raise ValidationError({"format": _("Choose JSON or PDF.")})
    with transaction.atomic():
        if fulfils is None:
            if kind not in EXPORT_KINDS:
                raise ValidationError(
                    {"kind": _("An export answers an access or portability request.")}
                )
            fulfils = SubjectRequest.objects.create(
                body=access.body, person=person, kind=kind, received_on=received_on
            )
            audit.record(
                "rights.request",
                body=access.body,
                obj=fulfils,
                person=person,
                changes={"kind": kind, "received_on": received_on},
            )
        elif fulfils.person_id != person.pk or fulfils.status != RequestStatus.OPEN:
            raise ValidationError({"fulfils": _("That request is not an open one of this person.")})
        _close(access, fulfils, RequestStatus.DONE, note)
        audit.record(
            "rights.export",
            body=access.body,
            obj=fulfils,
            person=person,
            changes={"format": fmt, "by": "hr", "request": fulfils.pk},
        )
        return fulfils, render(person, fmt)


def request_rectification(access: Access, field: str, correction: str) -> SubjectRequest:
    """The person asks for data about them to be corrected (art. 16): an open task for HR,
    who hear of it by e-mail."""
    person = own_person(access)
    field, correction = field.strip(), correction.strip()
    errors = {}
    if not field:
        errors["field"] = _("Say which data is wrong, e.g. “e-mail address”.")
    if not correction:
        errors["correction"] = _("Say what it should be.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        found = SubjectRequest.objects.create(
            body=access.body,
            person=person,
            kind=RequestKind.RECTIFICATION,
            received_on=timezone.localdate(),
            field=field[:200],
            correction=correction[:2000],
            submitted_by_id=access.user_id,
        )
        audit.record(
            "rights.request",
            body=access.body,
            obj=found,
            person=person,
            changes={"kind": found.kind, "field": found.field},
        )
        from agilepa.rights.notifications import notify_hr

        transaction.on_commit(lambda: notify_hr.enqueue(found.pk))
    return found


def decide(access: Access, found: SubjectRequest, status: str, note: str) -> SubjectRequest:
    """HR closes a request: done (what was done) or refused (why, art. 12(4))."""
    access.require(*HR)
    if found.body_id != access.body.pk:
        raise PermissionDeniedForRole
    if status not in {RequestStatus.DONE, RequestStatus.REFUSED}:
        raise ValidationError({"status": _("Choose done or refused.")})
    note = note.strip()
    if status == RequestStatus.REFUSED and not note:
        raise ValidationError({"note": _("Say why the request is refused: the person is told.")})
    if found.status != RequestStatus.OPEN:
        raise ValidationError({"status": _("This request is already closed.")})
    with transaction.atomic():
        _close(access, found, status, note)
    return found


def _close(access: Access, found: SubjectRequest, status: str, note: str) -> None:
    before = audit.snapshot(found, ["status", "note"])
    found.status = status
    found.note = note[:2000]
    found.handled_by_id = access.user_id
    found.handled_at = timezone.now()
    found.save(update_fields=["status", "note", "handled_by", "handled_at"])
    audit.record(
        "rights.request.close",
        body=access.body,
        obj=found,
        person=found.person_id,
        changes=audit.diff(before, audit.snapshot(found, ["status", "note"])),
    )
