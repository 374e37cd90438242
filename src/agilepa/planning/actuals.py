"""What really happened (consuntivo): people confirm their days, HR imports the attendance
system's export, and the differences from the plan are listed for the manager."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.tabular import ImportFileError, RowError, normalize_header, parse_date, read_table
from agilepa.org.models import Person
from agilepa.planning.calendar import month_bounds
from agilepa.planning.models import ActualDay, ActualSource, MonthPlan, PlanDay, PlanDayKind

KINDS = {
    "sede": PlanDayKind.OFFICE,
    "presenza": PlanDayKind.OFFICE,
    "office": PlanDayKind.OFFICE,
    "remoto": PlanDayKind.REMOTE,
    "agile": PlanDayKind.REMOTE,
    "lavoro_agile": PlanDayKind.REMOTE,
    "remote": PlanDayKind.REMOTE,
    "assente": PlanDayKind.ABSENT,
    "assenza": PlanDayKind.ABSENT,
    "absent": PlanDayKind.ABSENT,
}
COLUMNS = ("matricola", "data", "presenza")


def confirm_day(access: Access, day: date, kind: str) -> ActualDay:
    """The person confirms where they worked on a past or present day."""
    if access.person_id is None:
        raise PermissionDeniedForRole
    if day > timezone.localdate():
        raise ValidationError(_("A day can be confirmed once it has come."))
    if kind not in PlanDayKind.values:
        raise ValidationError({"kind": _("Choose where you worked.")})
    existing = ActualDay.objects.filter(person_id=access.person_id, date=day).first()
    if existing is not None and existing.source == ActualSource.IMPORTED:
        raise ValidationError(_("The attendance system already recorded this day."))
    actual, _created = ActualDay.objects.update_or_create(
        person_id=access.person_id,
        date=day,
        defaults={"body": access.body, "kind": kind, "source": ActualSource.CONFIRMED},
    )
    return actual


@dataclass
class AttendanceImport:
    rows: int = 0
    written: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_attendance(access: Access, content: bytes, dry_run: bool = False) -> AttendanceImport:
    """The attendance export (CSV or XLSX: matricola, data, presenza = sede/remoto/assente):
    every error with its row and column; nothing written unless every row is right."""
    if not access.is_hr:
        raise PermissionDeniedForRole
    report = AttendanceImport()
    try:
        table = read_table(content)
    except ImportFileError as exc:
        report.errors.append(RowError(0, "", exc.message))
        return report
    positions = {normalize_header(h): i for i, h in enumerate(table.headers)}
    missing = [c for c in COLUMNS if c not in positions]
    if missing:
        report.errors.append(
            RowError(
                table.header_row, "", _("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)}
            )
        )
        return report
    header = {c: table.headers[positions[c]] for c in COLUMNS}
    people = dict(Person.objects.filter(body=access.body).values_list("employee_number", "pk"))
    today = timezone.localdate()
    seen: dict[tuple[int, date], int] = {}
    rows: list[ActualDay] = []
    for number, cells in table.rows:
        report.rows += 1

        def cell(name: str, cells: tuple[Any, ...] = cells) -> Any:
            i = positions[name]
            return cells[i] if i < len(cells) else None

        matricola = str(cell("matricola") or "").strip()
        person_id = people.get(matricola)
        if person_id is None:
            report.errors.append(
                RowError(
                    number,
                    header["matricola"],
                    _("No person with matricola %(m)s in this body.") % {"m": matricola or "—"},
                )
            )
        try:
            day = parse_date(cell("data"))
            if day is None:
                raise ValueError
        except ValueError:
            report.errors.append(
                RowError(
                    number,
                    header["data"],
                    _("Not a date (dd/mm/yyyy): %(v)s.") % {"v": cell("data")},
                )
            )
            continue
        if day > today:
            report.errors.append(RowError(number, header["data"], _("A date in the future.")))
            continue
        kind = KINDS.get(normalize_header(str(cell("presenza") or "")))
        if kind is None:
            report.errors.append(
                RowError(
                    number,
                    header["presenza"],
                    _("Write sede, remoto or assente, not %(v)s.") % {"v": cell("presenza") or "—"},
                )
            )
            continue
        if person_id is None:
            continue
        if (person_id, day) in seen:
            report.errors.append(
                RowError(
                    number,
                    header["data"],
                    _("The same person and day are on row %(r)d.") % {"r": seen[person_id, day]},
                )
            )
            continue
        seen[person_id, day] = number
        rows.append(
            ActualDay(
                body=access.body,
                person_id=person_id,
                date=day,
                kind=kind,
                source=ActualSource.IMPORTED,
            )
        )
    if report.ok and not dry_run:
        with transaction.atomic():
            keys = {(r.person_id, r.date) for r in rows}
            existing = ActualDay.objects.filter(
                person_id__in={p for p, _d in keys}, date__in={d for _p, d in keys}
            )
            existing.filter(
                pk__in=[a.pk for a in existing if (a.person_id, a.date) in keys]
            ).delete()
            ActualDay.objects.bulk_create(rows, batch_size=2000)
            from agilepa.indicators.summary import mark_dirty

            mark_dirty(access.body.pk, {r.date for r in rows})
        report.written = len(rows)
    return report


@dataclass(frozen=True)
class Difference:
    person: str
    day: date
    planned: str
    actual: str
    source: str


def differences(plan: MonthPlan) -> list[Difference]:
    """Days where what happened differs from the published plan: compared in SQL, each
    recorded day of the month against the plan's day of the person, if any (a plan of a large
    unit has thousands of days; the differences are few)."""
    first, last = month_bounds(plan.year, plan.month)
    planned = PlanDay.objects.filter(plan=plan)
    planned_kind = (
        planned.filter(person_id=OuterRef("person_id"), date=OuterRef("date"))
        .order_by()
        .values("kind")[:1]
    )
    rows = (
        ActualDay.objects.filter(
            person_id__in=planned.order_by().values("person_id"), date__range=(first, last)
        )
        .annotate(planned=Subquery(planned_kind))
        .filter(planned__isnull=False)
        .exclude(planned=F("kind"))
        .order_by("date", "person_id")
        .values_list("person__last_name", "person__first_name", "date", "planned", "kind", "source")
    )
    kinds = dict(PlanDayKind.choices)
    sources = dict(ActualSource.choices)
    return [
        Difference(
            f"{last_name} {first_name}",
            day,
            str(kinds.get(planned_as, planned_as)),
            str(kinds.get(kind, kind)),
            str(sources.get(source, source)),
        )
        for last_name, first_name, day, planned_as, kind, source in rows
    ]
