"""Running an import: the file read, the body's snapshot taken, the rows planned and, only when no
row has an error, the plan applied: all or nothing, in one transaction."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from agilepa.core.tabular import ImportFileError, ImportReport, Progress, read_table
from agilepa.org.imports.apply import apply_people, apply_units, audit_people
from agilepa.org.imports.people import people_snapshot, plan_people
from agilepa.org.imports.units import plan_units, units_snapshot
from agilepa.org.models import Body, ImportKind


def run_import(
    body: Body,
    kind: str,
    content: bytes,
    *,
    full_export: bool = False,
    dry_run: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check a file against the body's data and, unless `dry_run` or any row has an error,
    apply it: all or nothing, in one transaction."""
    report = ImportReport(kind=kind)
    try:
        table = read_table(content, progress)
    except ImportFileError as exc:
        report.error(0, "", exc.message)
        return report
    report.rows = len(table.rows)
    today = today or timezone.localdate()
    with transaction.atomic():
        # One import per body at a time: the second waits, then checks against the first's
        # result. (SQLite takes the write lock when the transaction starts.)
        list(Body.objects.select_for_update().filter(pk=body.pk).values_list("pk"))
        if kind == ImportKind.PEOPLE:
            people = people_snapshot(body)
            people_plan = plan_people(
                table, people, report, full_export=full_export, today=today, progress=progress
            )
            if report.ok and not dry_run:
                apply_people(body, people_plan, today, progress)
                audit_people(body, people_plan, people, today)
                report.applied = True
        elif kind == ImportKind.UNITS:
            units = units_snapshot(body)
            units_plan = plan_units(table, units, report, progress=progress)
            if report.ok and not dry_run:
                apply_units(body, units_plan, units, progress)
                report.applied = True
        else:
            raise ValueError(f"unknown import kind {kind!r}")
    return report
