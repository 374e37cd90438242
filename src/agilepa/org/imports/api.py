"""API of the HR import: upload a file for a preview, then confirm it (see org/imports/batches.py).

The same two steps as the wizard: POST the file to get its counts and errors (422 with every
error when the file cannot be imported), then POST to its confirm route to apply it."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import File, Form, Router, Schema, UploadedFile

from agilepa.core import tabular
from agilepa.core.access import PermissionDeniedForRole, get_access_or_404
from agilepa.core.api_types import max_length_of, problems
from agilepa.org.imports import batches
from agilepa.org.models import ImportBatch, ImportKind

router = Router(tags=["import"])


class ImportProblemOut(Schema):
    row: int
    column: str
    message: str


class ImportCountsOut(Schema):
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    ended: int = 0


class OrgImportOut(Schema):
    id: int
    kind: str
    status: str
    filename: str
    full_export: bool
    rows: int
    counts: ImportCountsOut
    error_count: int
    errors: list[ImportProblemOut]
    warnings: list[ImportProblemOut]
    created_at: datetime
    applied_at: datetime | None


def _out(batch: ImportBatch) -> dict[str, object]:
    return {
        "id": batch.pk,
        "kind": batch.kind,
        "status": batch.status,
        "filename": batch.filename,
        "full_export": batch.full_export,
        "rows": batch.row_count,
        "counts": batch.counts,
        "error_count": batch.error_count,
        "errors": batch.errors,
        "warnings": batch.warnings,
        "created_at": batch.created_at,
        "applied_at": batch.applied_at,
    }


def _problem(
    request: HttpRequest, status: int, title: str, detail: str, **extra: object
) -> HttpResponse:
    # Imported here: agilepa.api mounts this router while it is being imported.
    from agilepa.api import problem

    return problem(request, status, title, detail, **extra)


def _refused(request: HttpRequest, batch: ImportBatch) -> HttpResponse:
    return _problem(
        request,
        422,
        "Unprocessable Content",
        ngettext(
            "The file has %(n)d error: nothing was imported.",
            "The file has %(n)d errors: nothing was imported.",
            batch.error_count,
        )
        % {"n": batch.error_count},
        import_id=batch.pk,
        error_count=batch.error_count,
        errors=batch.errors,
        warnings=batch.warnings,
    )


@router.post(
    "/bodies/{body}/imports",
    response={201: OrgImportOut},
    summary="Upload an HR file (people or units, CSV or XLSX) and preview the import (HR)",
    description=(
        "Multipart form: `kind` (people or units), `file`, `full_export` (true ends the active "
        "people missing from the file). Nothing is written to the people or the units: the "
        "answer gives the counts (new, changed, unchanged, ended) and the import's `id` to "
        "confirm. A file with errors answers 422 with every error (row, column, message)."
    ),
)
def upload_import(
    request: HttpRequest,
    body: str,
    kind: str | None = Form(None, max_length=max_length_of(ImportBatch, "kind")),
    full_export: Form[bool] = False,
    file: File[UploadedFile | None] = None,
) -> dict[str, object] | HttpResponse:
    # The form fields are optional in the schema so that the role is checked before them.
    access = get_access_or_404(request.user, body)
    if not access.is_hr:
        raise PermissionDeniedForRole
    errors = []
    if kind not in ImportKind.values:
        errors.append({"field": "kind", "message": _("Say what the file holds: people or units.")})
    if file is None:
        errors.append({"field": "file", "message": _("Attach the file (CSV or XLSX).")})
    if errors:
        detail = "; ".join(e["message"] for e in errors)
        return _problem(request, 422, "Unprocessable Content", detail, errors=errors)
    try:
        content = tabular.read_upload(file)
    except tabular.ImportFileError as exc:
        return _problem(
            request,
            422,
            "Unprocessable Content",
            exc.message,
            errors=[{"row": 0, "column": "", "message": exc.message}],
        )
    batch = batches.create_batch(
        access, kind, file.name or "upload", content, full_export=full_export
    )
    if batch.error_count:
        return _refused(request, batch)
    return _out(batch)


@router.post(
    "/bodies/{body}/imports/{batch_id}/confirm",
    response={200: OrgImportOut, **problems(409)},
    summary="Apply a previewed HR import (HR)",
    description=(
        "Checks the file again against the data as it is now and applies it, all or nothing. "
        "422 with the errors when it no longer fits; 409 when the import was already applied "
        "or refused."
    ),
)
def confirm_import(
    request: HttpRequest, body: str, batch_id: int
) -> dict[str, object] | HttpResponse:
    access = get_access_or_404(request.user, body)
    if not access.is_hr:
        raise PermissionDeniedForRole
    try:
        batch, report = batches.confirm_batch(access, batch_id)
    except batches.ImportConflict as exc:
        return _problem(request, 409, "Conflict", exc.message)
    if not report.applied:
        return _refused(request, batch)
    return _out(batch)
