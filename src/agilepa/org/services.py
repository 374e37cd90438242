"""Writes to the organisation: validated, each in one transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext as _

from agilepa.audit import services as audit
from agilepa.org.models import Body, Membership, MembershipStatus, Network, OrgUnit, Person
from agilepa.org.signals import people_ended


def unit_path(parent: OrgUnit | None, unit_id: int) -> str:
    return f"{parent.path if parent else '/'}{unit_id}/"


@transaction.atomic
def create_unit(
    body: Body, code: str, name: str, parent: OrgUnit | None = None, level_name: str = ""
) -> OrgUnit:
    if parent is not None and parent.body_id != body.pk:
        raise ValidationError({"parent": _("The parent unit belongs to another body.")})
    unit = OrgUnit(body=body, code=code, name=name, parent=parent, level_name=level_name)
    unit.full_clean(exclude=["path", "depth"])
    unit.save()
    unit.path = unit_path(parent, unit.pk)
    unit.depth = parent.depth + 1 if parent else 0
    unit.save(update_fields=["path", "depth"])
    after = audit.snapshot(unit, UNIT_FIELDS)
    audit.record("unit.create", body=body, obj=unit, changes=audit.diff({}, after))
    return unit


UNIT_FIELDS = ("code", "name", "level_name", "parent", "head")


def would_make_cycle(unit: OrgUnit, new_parent: OrgUnit | None) -> bool:
    """Moving `unit` under `new_parent` makes a cycle when the new parent is the unit itself or
    one of its descendants: then the parent's path starts with the unit's path."""
    return new_parent is not None and new_parent.path.startswith(unit.path)


@transaction.atomic
def move_unit(unit: OrgUnit, new_parent: OrgUnit | None) -> OrgUnit:
    """Move a unit and its whole subtree under another parent of the same body."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if new_parent is not None:
        new_parent = OrgUnit.objects.get(pk=new_parent.pk)
        if new_parent.body_id != unit.body_id:
            raise ValidationError({"parent": _("The new parent unit belongs to another body.")})
    if would_make_cycle(unit, new_parent):
        raise ValidationError(
            {
                "parent": _(
                    "%(unit)s cannot be moved under %(parent)s: %(parent)s is inside its subtree."
                )
                % {"unit": unit.name, "parent": new_parent.name if new_parent else ""}
            }
        )
    old_path, old_depth = unit.path, unit.depth
    before = audit.snapshot(unit, UNIT_FIELDS)
    new_path = unit_path(new_parent, unit.pk)
    new_depth = new_parent.depth + 1 if new_parent else 0
    # One UPDATE rewrites the path prefix of the whole subtree (the unit included).
    OrgUnit.objects.filter(body=unit.body_id, path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
        depth=F("depth") - old_depth + new_depth,
    )
    OrgUnit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    audit.record(
        "unit.move",
        body=unit.body_id,
        obj=unit,
        changes=audit.diff(before, audit.snapshot(unit, UNIT_FIELDS)),
    )
    return unit


# The adhesion workflow of seed 003: which status may follow which.
MEMBERSHIP_TRANSITIONS: dict[str, set[str]] = {
    MembershipStatus.APPLIED: {MembershipStatus.SIGNED, MembershipStatus.LEFT},
    MembershipStatus.SIGNED: {MembershipStatus.ACTIVE, MembershipStatus.LEFT},
    MembershipStatus.ACTIVE: {MembershipStatus.LEFT},
    MembershipStatus.LEFT: {MembershipStatus.APPLIED},
}

PDF_MAGIC = b"%PDF-"
MAX_PROTOCOL_BYTES = 10 * 1024 * 1024


def _check_transition(membership: Membership, target: str) -> None:
    if target not in MEMBERSHIP_TRANSITIONS[membership.status]:
        raise ValidationError(
            _("A membership that is %(current)s cannot become %(target)s.")
            % {
                "current": MembershipStatus(membership.status).label,
                "target": MembershipStatus(target).label,
            }
        )


@transaction.atomic
def apply_for_membership(network: Network, body: Body, on: date) -> Membership:
    membership, created = Membership.objects.select_for_update().get_or_create(
        network=network, body=body, defaults={"applied_on": on}
    )
    if not created:
        _check_transition(membership, MembershipStatus.APPLIED)
        membership.status = MembershipStatus.APPLIED
        membership.applied_on = on
        membership.protocol_signed_on = membership.activated_on = membership.left_on = None
        membership.save()
    return membership


@transaction.atomic
def record_signed_protocol(
    membership: Membership, signed_on: date, pdf: UploadedFile
) -> Membership:
    _check_transition(membership, MembershipStatus.SIGNED)
    if signed_on < membership.applied_on:
        raise ValidationError(
            {"protocol_signed_on": _("The protocol cannot be signed before the application date.")}
        )
    if pdf.size == 0 or pdf.size > MAX_PROTOCOL_BYTES:
        raise ValidationError(
            {"protocol": _("The signed protocol must be a PDF of at most 10 MB.")}
        )
    head = pdf.read(len(PDF_MAGIC))
    pdf.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError({"protocol": _("The signed protocol is not a PDF file.")})
    membership.status = MembershipStatus.SIGNED
    membership.protocol_signed_on = signed_on
    membership.protocol.save(f"protocol-{membership.body.slug}.pdf", pdf, save=False)
    membership.save()
    return membership


@transaction.atomic
def activate_membership(membership: Membership, on: date) -> Membership:
    _check_transition(membership, MembershipStatus.ACTIVE)
    membership.status = MembershipStatus.ACTIVE
    membership.activated_on = on
    membership.save()
    return membership


@transaction.atomic
def leave_network(membership: Membership, on: date) -> Membership:
    _check_transition(membership, MembershipStatus.LEFT)
    membership.status = MembershipStatus.LEFT
    membership.left_on = on
    membership.save()
    return membership


PERSON_FIELDS = (
    "employee_number",
    "first_name",
    "last_name",
    "email",
    "tax_code",
    "unit",
    "contract",
    "part_time_percent",
    "job_category",
    "hire_date",
    "office_site",
)


# What the audit trail records of a person's record (HR's fields, the home, the end).
AUDITED_PERSON_FIELDS = (*PERSON_FIELDS, "home_municipality", "is_active", "ended_on")


@transaction.atomic
def save_person(person: Person, **changes: object) -> Person:
    """Create or update a person with full validation (unit and site of the same body)."""
    creating = person.pk is None
    before = {} if creating else audit.snapshot(person, AUDITED_PERSON_FIELDS)
    for field, value in changes.items():
        if field not in PERSON_FIELDS:
            raise ValueError(f"unknown person field {field}")
        setattr(person, field, value)
    person.full_clean()
    person.save()
    record_person("person.create" if creating else "person.update", person, before)
    return person


def record_person(action: str, person: Person, before: dict[str, object]) -> None:
    """A person's record changed: the fields edited, before and after, in the body's trail,
    with `person` set so that they see who changed their record."""
    after = audit.snapshot(person, AUDITED_PERSON_FIELDS)
    changes = audit.diff(before, {k: v for k, v in after.items() if before or v not in ("", None)})
    if changes or action != "person.update":
        audit.record(
            action,
            body=person.body_id,
            obj=person,
            label=person.full_name,
            person=person,
            changes=changes,
        )


@transaction.atomic
def end_person(person: Person, on: date) -> Person:
    """End a person's employment. People are never deleted: their history stays."""
    if not person.is_active:
        raise ValidationError(_("%(name)s has already ended.") % {"name": person.full_name})
    if person.hire_date and on < person.hire_date:
        raise ValidationError({"ended_on": _("The end date cannot be before the hire date.")})
    before = audit.snapshot(person, AUDITED_PERSON_FIELDS)
    person.is_active = False
    person.ended_on = on
    person.save(update_fields=["is_active", "ended_on", "updated_at"])
    record_person("person.end", person, before)
    people_ended.send(sender=Person, body_id=person.body_id, person_ids=[person.pk])
    return person


@transaction.atomic
def set_home(person: Person, municipality: object) -> Person:
    """A person sets (or clears) their own home municipality."""
    before = audit.snapshot(person, AUDITED_PERSON_FIELDS)
    person.home_municipality = municipality  # type: ignore[assignment]
    person.save(update_fields=["home_municipality", "updated_at"])
    record_person("person.update", person, before)
    return person


@transaction.atomic
def update_unit(unit: OrgUnit, **changes: object) -> OrgUnit:
    """Rename a unit or set its head (a person of the same body)."""
    before = audit.snapshot(unit, UNIT_FIELDS)
    for field in ("name", "level_name", "head"):
        if field in changes:
            setattr(unit, field, changes[field])
    head = changes.get("head")
    if isinstance(head, Person) and head.body_id != unit.body_id:
        raise ValidationError({"head": _("The head must be a person of the same body.")})
    unit.full_clean(exclude=["path", "depth"])
    unit.save()
    audit.record(
        "unit.update",
        body=unit.body_id,
        obj=unit,
        changes=audit.diff(before, audit.snapshot(unit, UNIT_FIELDS)),
    )
    return unit
