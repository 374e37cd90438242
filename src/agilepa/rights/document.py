"""The export as a readable PDF (WeasyPrint, as the agreements' documents are made): every
section of the JSON with its fields' labels, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from agilepa.agreements.documents.render import DATA, FONT, FONT_BOLD


def shown(row: dict[str, Any], fields: dict[str, str]) -> list[tuple[str, str]]:
    """(label, text) of a row's fields, a choice by its label rather than its code."""
    out = []
    for key, label in fields.items():
        value = row.get(f"{key}_display", row.get(key))
        if value is None or value == "" or value == [] or value == {}:
            text = "-"
        elif isinstance(value, bool):
            text = _("yes") if value else _("no")
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            text = "; ".join(f"{k}: {v}" for k, v in value.items())
        else:
            text = str(value)
        out.append((label, text))
    return out


def html_of(data: dict[str, Any]) -> str:
    sections = [
        {
            "key": key,
            "title": section["title"],
            "note": section.get("note", ""),
            "rows": [shown(row, section["fields"]) for row in section["rows"]],
        }
        for key, section in data["sections"].items()
    ]
    context = {
        "lang": get_language() or "it",
        "data": data,
        "sections": sections,
        "font": FONT.as_uri() if FONT.exists() else "",
        "font_bold": FONT_BOLD.as_uri() if FONT_BOLD.exists() else "",
    }
    return render_to_string("rights/pdf/export.html", context)


def render_pdf(data: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=html_of(data), base_url=str(DATA)).write_pdf(
        pdf_variant="pdf/a-3b", uncompressed_pdf=False, custom_metadata=True
    )
    return pdf
