"""The HR import wizard: upload a file → preview its counts and errors → confirm.

Thin views over org/imports/batches.py: the upload is checked (as a dry run) and kept as an
`ImportBatch`; the preview shows what the check found; the confirmation applies the file after
checking it again. Only HR admins and platform admins reach these pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agilepa.core import tabular
from agilepa.core.access import Access, Role
from agilepa.core.decorators import body_view
from agilepa.core.policies import is_hr
from agilepa.org.imports import batches
from agilepa.org.imports.columns import PEOPLE_COLUMNS, UNIT_COLUMNS
from agilepa.org.models import ImportBatch, ImportKind, ImportStatus

HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)
RECENT_IMPORTS = 10
ACCEPTED_TYPES = (
    ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file holds"),
        choices=ImportKind.choices,
        initial=ImportKind.PEOPLE,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("File (CSV or XLSX)"),
        widget=forms.FileInput(attrs={"class": "form-control", "accept": ACCEPTED_TYPES}),
    )
    full_export = forms.BooleanField(
        label=gettext_lazy("This is a full export: end the people missing from it"),
        required=False,
        help_text=gettext_lazy(
            "People in service who are not in the file are ended today; nobody is deleted. "
            "Units are never ended or deleted by an import."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV separated by semicolons or commas, in UTF-8 or Windows-1252, or an Excel "
            "workbook (.xlsx, first sheet). At most %(size)s."
        ) % {"size": filesizeformat(settings.IMPORT_MAX_BYTES)}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            tabular.check_size(upload.size)
        except tabular.ImportFileError as exc:
            raise ValidationError(exc.message) from exc
        return upload


def _recent(access: Access) -> QuerySet[ImportBatch]:
    return batches.batches_for(access).select_related("uploaded_by")[:RECENT_IMPORTS]


@body_view(is_hr)
def import_upload(request: HttpRequest, access: Access) -> HttpResponse:
    form = ImportUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = batches.create_batch(
            access,
            form.cleaned_data["kind"],
            upload.name,
            tabular.read_upload(upload),
            full_export=form.cleaned_data["full_export"],
        )
        return redirect("org:import_preview", body=access.body.slug, batch_id=batch.pk)
    context = {
        "access": access,
        "form": form,
        "columns": [
            (ImportKind.PEOPLE.label, PEOPLE_COLUMNS),
            (ImportKind.UNITS.label, UNIT_COLUMNS),
        ],
        "batches": _recent(access),
        "nav": "import",
    }
    return render(request, "org/import_upload.html", context, status=422 if form.errors else 200)


@body_view(*HR)
def import_preview(request: HttpRequest, access: Access, batch_id: int) -> HttpResponse:
    batch = batches.get_batch(access, batch_id)
    outcomes = [
        ("new", _("New")),
        ("changed", _("Changed")),
        ("unchanged", _("Unchanged")),
    ]
    if batch.kind == ImportKind.PEOPLE:
        outcomes.append(("ended", _("Ended")))
    context = {
        "access": access,
        "batch": batch,
        "cards": [(label, batch.counts.get(key, 0)) for key, label in outcomes],
        "can_confirm": batch.status == ImportStatus.PREVIEWED,
        "hidden_errors": batch.error_count - len(batch.errors),
        "nav": "import",
    }
    return render(request, "org/import_preview.html", context)


@body_view(*HR)
def import_confirm(request: HttpRequest, access: Access, batch_id: int) -> HttpResponse:
    if request.method != "POST":
        batches.get_batch(access, batch_id)
        return redirect("org:import_preview", body=access.body.slug, batch_id=batch_id)
    try:
        _batch, report = batches.confirm_batch(access, batch_id)
    except batches.ImportConflict as exc:
        messages.error(request, exc.message)
    else:
        if report.applied:
            messages.success(
                request,
                _(
                    "Import applied: %(new)d new, %(changed)d changed, %(ended)d ended, "
                    "%(unchanged)d unchanged."
                )
                % report.counts,
            )
        else:
            messages.error(
                request,
                _(
                    "The file no longer fits the data (it changed since the preview): nothing "
                    "was imported. The errors are listed below."
                ),
            )
    return redirect("org:import_preview", body=access.body.slug, batch_id=batch_id)
