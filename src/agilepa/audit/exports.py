"""The body's trail as CSV or XLSX for its HR, through the formula-safe writers of
core/exports.py (an actor label or an object's name is text typed by people). An export is
itself recorded ("audit.export"), with its format, filters and number of rows."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.core.access import Access
from agilepa.core.exports import XLSX_CONTENT_TYPE, csv_writer, xlsx_of

from . import services as audit
from .actions import action_label
from .models import AuditEntry
from .selectors import TrailFilters, body_trail

CSV = "text/csv; charset=utf-8"
XLSX = XLSX_CONTENT_TYPE
FORMATS = {"csv": CSV, "xlsx": XLSX}


def _headers() -> list[str]:
    return [
        _("time"),
        _("actor"),
        _("how"),
        _("action"),
        _("action (code)"),
        _("object type"),
        _("object id"),
        _("object"),
        _("person id"),
        _("person"),
        _("changes"),
        _("IP address"),
        _("request id"),
        _("entry number"),
        _("hash"),
    ]


def _rows(entries: QuerySet[AuditEntry]) -> Iterator[list[Any]]:
    for e in entries.iterator(chunk_size=2000):
        person = f"{e.person.last_name} {e.person.first_name}" if e.person_id and e.person else ""
        yield [
            timezone.localtime(e.at).isoformat(timespec="seconds"),
            e.actor_label,
            e.get_via_display(),
            action_label(e.action),
            e.action,
            e.object_type,
            e.object_id,
            e.object_label,
            e.person_id or "",
            person,
            json.dumps(e.changes, ensure_ascii=False, sort_keys=True) if e.changes else "",
            e.ip or "",
            e.request_id,
            e.seq if e.seq is not None else "",
            e.hash,
        ]


def export(access: Access, filters: TrailFilters, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the body's trail under `filters`."""
    entries = body_trail(access, filters)
    count = 0
    if fmt == "xlsx":
        rows = list(_rows(entries))
        count = len(rows)
        content = xlsx_of(_("Audit trail"), _headers(), rows)
    else:
        out = io.StringIO()
        writer = csv_writer(out)
        writer.writerow(_headers())
        for row in _rows(entries):
            writer.writerow(row)
            count += 1
        content = out.getvalue().encode("utf-8-sig")
    audit.record(
        "audit.export",
        body=access.body,
        object_type="audit.auditentry",
        label=_("Audit trail"),
        changes={"format": fmt, "filters": filters.as_dict(), "rows": count},
    )
    name = f"audit-{access.body.slug}-{timezone.localdate():%Y%m%d}.{fmt}"
    return content, FORMATS[fmt], name
