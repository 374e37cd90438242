"""Reading the trail, scoped by the `Access` like every other read: the body's HR reads the
body's trail, a person reads the entries about themselves (who changed or read their record),
and no one reads another body's (platform administrators read everything in the console)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.org.models import Person

from .actions import action_label, field_label
from .models import AuditEntry
from .services import CHANGED, REDACTED

PAGE_SIZE = 50
# Entries that name the fields they touched under one key: a route's form, a read, an export.
FIELD_LISTS = ("submitted", "fields")


@dataclass(frozen=True)
class TrailFilters:
    person_id: int | None = None
    person: str = ""  # a name, matricola, codice fiscale or e-mail of a person of the body
    actor: str = ""  # (part of) the actor's e-mail
    action: str = ""  # an action, or its family ("person" for person.*)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def as_dict(self) -> dict[str, Any]:
        """The filters set, as the export's entry records them."""
        values = {
            "person_id": self.person_id,
            "person": self.person,
            "actor": self.actor,
            "action": self.action,
            "from": self.date_from,
            "to": self.date_to,
        }
        return {k: v for k, v in values.items() if v not in (None, "")}


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def body_trail(access: Access, filters: TrailFilters = TrailFilters()) -> QuerySet[AuditEntry]:
    """The body's trail for its HR, newest first."""
    if not access.has_any(Role.HR_ADMIN, Role.PLATFORM_ADMIN):
        raise PermissionDeniedForRole
    entries = AuditEntry.objects.filter(body=access.body).select_related("person")
    if filters.person_id is not None:
        entries = entries.filter(person_id=filters.person_id)
    if filters.person.strip():
        entries = entries.filter(person_id__in=_people_matching(access, filters.person.strip()))
    if filters.actor.strip():
        entries = entries.filter(actor_label__icontains=filters.actor.strip())
    if filters.action.strip():
        action = filters.action.strip()
        entries = entries.filter(Q(action=action) | Q(action__startswith=f"{action}."))
    if filters.date_from is not None:
        entries = entries.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to is not None:
        entries = entries.filter(at__lt=_start_of(filters.date_to + datetime.timedelta(days=1)))
    return entries.order_by("-at", "-id")


def _people_matching(access: Access, text: str) -> QuerySet[Person]:
    words = text.split()
    people = Person.objects.filter(body=access.body)
    for word in words:
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(employee_number__iexact=word)
            | Q(tax_code__iexact=word)
            | Q(email__iexact=word)
        )
    return people.values("pk")


def own_trail(access: Access) -> QuerySet[AuditEntry]:
    """The entries about the caller's own person in the body: who changed or read their record,
    newest first."""
    if access.person_id is None:
        raise PermissionDeniedForRole
    return AuditEntry.objects.filter(body=access.body, person_id=access.person_id).order_by(
        "-at", "-id"
    )


def actions_in(access: Access) -> list[tuple[str, str]]:
    """The actions found in the body's trail, with their labels, for the filter's choices."""
    found = body_trail(access).order_by().values_list("action", flat=True).distinct()
    return sorted(((a, action_label(a)) for a in found), key=lambda pair: pair[1].lower())


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    before: Any = None
    after: Any = None
    # Special categories (art. 9 GDPR) are recorded as "changed" only; a redacted entry's values
    # were blanked by retention. Neither has a value to show.
    hidden: bool = False
    only_named: bool = False  # a form's or a read's list of fields: no values were recorded


def field_changes(entry: AuditEntry) -> list[FieldChange]:
    """What an entry says was changed, read or exported, field by field."""
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    rows: list[FieldChange] = []
    for name, value in changes.items():
        if name in FIELD_LISTS and isinstance(value, list):
            rows += [
                FieldChange(str(f), field_label(entry.object_type, str(f)), only_named=True)
                for f in value
            ]
        elif value in (CHANGED, REDACTED):
            rows.append(FieldChange(name, field_label(entry.object_type, name), hidden=True))
        elif isinstance(value, list) and len(value) == 2:
            label = field_label(entry.object_type, name)
            rows.append(FieldChange(name, label, before=value[0], after=value[1]))
        else:
            if entry.action == "export" and name == "what" and isinstance(value, str):
                value = gettext(value)  # recorded in English (core/exports.py)
            rows.append(FieldChange(name, field_label(entry.object_type, name), after=value))
    return rows
