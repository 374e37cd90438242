"""Batches: the preview → confirm steps of the wizard and of the API. An uploaded file is checked
and kept with its report; its confirmation runs the whole import again against the data as
it is then."""

from __future__ import annotations

import logging

from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.core.access import Access, Role
from agilepa.core.tabular import ImportReport
from agilepa.org.imports.run import run_import
from agilepa.org.models import ImportBatch, ImportStatus

logger = logging.getLogger(__name__)


class ImportConflict(Exception):
    """The batch is no longer waiting for confirmation (applied or refused already)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


HR_ROLES = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)


def batches_for(access: Access) -> QuerySet[ImportBatch]:
    """The body's imports, for HR only; the file contents are not loaded."""
    access.require(*HR_ROLES)
    return ImportBatch.objects.filter(body=access.body).defer("content")


def get_batch(access: Access, batch_id: int) -> ImportBatch:
    """One import of the user's body: another body's is a 404, like a missing one."""
    return get_object_or_404(batches_for(access), pk=batch_id)


def _store_report(batch: ImportBatch, report: ImportReport) -> None:
    batch.row_count = report.rows
    batch.counts = report.counts
    batch.errors = [e.as_dict() for e in report.errors]
    batch.error_count = report.error_count
    batch.warnings = [w.as_dict() for w in report.warnings]


def create_batch(
    access: Access, kind: str, filename: str, content: bytes, *, full_export: bool
) -> ImportBatch:
    """Check an uploaded file and keep it for confirmation, with its counts and errors. A file
    with errors is kept only as its report: it can never be applied."""
    access.require(*HR_ROLES)
    report = run_import(access.body, kind, content, full_export=full_export, dry_run=True)
    batch = ImportBatch(
        body=access.body,
        kind=kind,
        uploaded_by_id=access.user_id,
        filename=filename[-255:],
        full_export=full_export,
        content=content if report.ok else b"",
        status=ImportStatus.PREVIEWED if report.ok else ImportStatus.FAILED,
    )
    _store_report(batch, report)
    batch.save()
    return batch


def confirm_batch(access: Access, batch_id: int) -> tuple[ImportBatch, ImportReport]:
    """Apply a previewed import, checking the file again against the data as it is now. Either
    every row is applied or, when anything is wrong, nothing is and the batch is refused."""
    access.require(*HR_ROLES)
    with transaction.atomic():
        batch = get_object_or_404(
            ImportBatch.objects.select_for_update().filter(body=access.body), pk=batch_id
        )
        if batch.status != ImportStatus.PREVIEWED:
            raise ImportConflict(
                _("This import is %(status)s: upload the file again to import it.")
                % {"status": batch.get_status_display().lower()}
            )
        try:
            report = run_import(
                access.body, batch.kind, bytes(batch.content), full_export=batch.full_export
            )
        except DatabaseError:
            logger.exception("HR import %s refused by the database", batch.pk)
            report = ImportReport(kind=batch.kind)
            report.error(
                0, "", _("The database refused the changes, so nothing was written. Try again.")
            )
        batch.content = b""
        batch.status = ImportStatus.APPLIED if report.applied else ImportStatus.FAILED
        if report.applied:
            batch.applied_at = timezone.now()
            batch.applied_by_id = access.user_id
        _store_report(batch, report)
        batch.save()
    return batch, report
