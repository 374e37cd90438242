"""Writes of the prerequisites of lavoro agile: workstation IT checks, the yearly safety notice,
the equipment register, training courses and completions (with their CSV/XLSX import).

Every write is validated and atomic; the import writes all of its rows or none."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.agreements.models import (
    EquipmentItem,
    SafetyNotice,
    TrainingCompletion,
    TrainingCourse,
    WorkstationCheck,
)
from agilepa.core import formats
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.tabular import ImportFileError, RowError, normalize_header, parse_date, read_table
from agilepa.org.models import Person


def _require_hr(access: Access) -> None:
    if not access.is_hr:
        raise PermissionDeniedForRole


def _same_body(access: Access, person: Person) -> None:
    if person.body_id != access.body.pk:
        raise PermissionDeniedForRole


def record_it_check(access: Access, person: Person, **values: Any) -> WorkstationCheck:
    """HR records a check for anyone; a person may self-declare the check of their device."""
    _same_body(access, person)
    if not (access.is_hr or access.person_id == person.pk):
        raise PermissionDeniedForRole
    check = WorkstationCheck(
        body=access.body, person=person, checked_by_id=access.user_id, **values
    )
    if check.checked_on and check.checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("The check cannot be in the future.")})
    check.full_clean()
    check.save()
    return check


def deliver_safety_notice(access: Access, person: Person, delivered_on: date) -> SafetyNotice:
    _require_hr(access)
    _same_body(access, person)
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": _("The delivery cannot be in the future.")})
    notice = SafetyNotice(body=access.body, person=person, delivered_on=delivered_on)
    notice.full_clean()
    notice.save()
    return notice


def add_equipment(access: Access, **values: Any) -> EquipmentItem:
    _require_hr(access)
    item = EquipmentItem(body=access.body, **values)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def hand_over(access: Access, item: EquipmentItem, person: Person, on: date) -> EquipmentItem:
    """Give an item to a person: refused while someone else holds it."""
    _require_hr(access)
    _same_body(access, person)
    item = EquipmentItem.objects.select_for_update().get(pk=item.pk, body=access.body)
    if item.person_id is not None and item.returned_on is None:
        raise ValidationError(
            {
                "person": _("%(tag)s is held by %(person)s: record its return first.")
                % {"tag": item.asset_tag, "person": item.person}
            }
        )
    item.person, item.handed_over_on, item.returned_on = person, on, None
    item.save()
    return item


@transaction.atomic
def return_item(access: Access, item: EquipmentItem, on: date) -> EquipmentItem:
    _require_hr(access)
    item = EquipmentItem.objects.select_for_update().get(pk=item.pk, body=access.body)
    if item.person_id is None or item.returned_on is not None:
        raise ValidationError(
            {"returned_on": _("%(tag)s is not held by anyone.") % {"tag": item.asset_tag}}
        )
    if item.handed_over_on and on < item.handed_over_on:
        raise ValidationError(
            {
                "returned_on": _("The return cannot be before the handover (%(d)s).")
                % {"d": formats.day(item.handed_over_on)}
            }
        )
    item.returned_on = on
    item.save()
    return item


def add_course(access: Access, **values: Any) -> TrainingCourse:
    _require_hr(access)
    course = TrainingCourse(body=access.body, **values)
    course.full_clean()
    course.save()
    return course


def record_completion(
    access: Access, course: TrainingCourse, person: Person, completed_on: date
) -> TrainingCompletion:
    _require_hr(access)
    _same_body(access, person)
    if course.body_id != access.body.pk:
        raise PermissionDeniedForRole
    completion = TrainingCompletion(course=course, person=person, completed_on=completed_on)
    completion.full_clean()
    completion.save()
    return completion


# --- the import of training completions ----------------------------------------------------

COLUMNS = {
    "matricola": "employee_number",
    "codice_corso": "course_code",
    "data_completamento": "completed_on",
}


@dataclass
class TrainingImport:
    rows: int = 0
    new: int = 0
    already: int = 0
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def import_completions(access: Access, content: bytes, dry_run: bool = False) -> TrainingImport:
    """Training completions from the LMS export (CSV or XLSX: matricola, codice_corso,
    data_completamento). Every error with its row and column; nothing written unless every
    row is right."""
    _require_hr(access)
    report = TrainingImport()
    try:
        table = read_table(content)
    except ImportFileError as exc:
        report.errors.append(RowError(0, "", exc.message))
        return report
    positions = {normalize_header(h): i for i, h in enumerate(table.headers)}
    missing = [name for name in COLUMNS if name not in positions]
    if missing:
        report.errors.append(
            RowError(
                table.header_row,
                "",
                _("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)},
            )
        )
        return report
    people = dict(Person.objects.filter(body=access.body).values_list("employee_number", "pk"))
    courses = {c.code.upper(): c for c in TrainingCourse.objects.filter(body=access.body)}
    existing = set(
        TrainingCompletion.objects.filter(course__body=access.body).values_list(
            "course_id", "person_id", "completed_on"
        )
    )
    today = timezone.localdate()
    seen: dict[tuple[int, int, date], int] = {}
    to_create: list[TrainingCompletion] = []
    headers = {name: table.headers[positions[name]] for name in COLUMNS}
    for number, cells in table.rows:
        report.rows += 1

        def cell(name: str, cells: tuple[Any, ...] = cells) -> Any:
            index = positions[name]
            return cells[index] if index < len(cells) else None

        matricola = str(cell("matricola") or "").strip()
        code = str(cell("codice_corso") or "").strip().upper()
        person_id = people.get(matricola)
        course = courses.get(code)
        if not matricola:
            report.errors.append(RowError(number, headers["matricola"], _("Empty.")))
        elif person_id is None:
            report.errors.append(
                RowError(
                    number,
                    headers["matricola"],
                    _("No person with matricola %(m)s in this body.") % {"m": matricola},
                )
            )
        if course is None:
            report.errors.append(
                RowError(
                    number,
                    headers["codice_corso"],
                    _("No course with code %(c)s: create it first.") % {"c": code or "—"},
                )
            )
        try:
            completed = parse_date(cell("data_completamento"))
            if completed is None:
                raise ValueError
        except ValueError:
            report.errors.append(
                RowError(
                    number,
                    headers["data_completamento"],
                    _("Not a date (dd/mm/yyyy): %(v)s.") % {"v": cell("data_completamento")},
                )
            )
            continue
        if completed > today:
            report.errors.append(
                RowError(number, headers["data_completamento"], _("A date in the future."))
            )
            continue
        if person_id is None or course is None:
            continue
        key = (course.pk, person_id, completed)
        if key in seen:
            report.errors.append(
                RowError(
                    number,
                    headers["matricola"],
                    _("The same completion is on row %(r)d.") % {"r": seen[key]},
                )
            )
            continue
        seen[key] = number
        if key in existing:
            report.already += 1
        else:
            report.new += 1
            to_create.append(
                TrainingCompletion(course=course, person_id=person_id, completed_on=completed)
            )
    if report.ok and not dry_run:
        with transaction.atomic():
            TrainingCompletion.objects.bulk_create(to_create, batch_size=2000)
        report.applied = True
    return report
