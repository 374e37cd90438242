"""Files: the body's savings as XLSX, and a campaign's results as open data (CSV)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from agilepa.core.exports import add_sheet, workbook, xlsx_bytes
from agilepa.measurement.campaigns import Results
from agilepa.measurement.selectors import BodySavings, Row

FIGURES = ["people", "remote_days", "coworking_days", "km", "hours", "kg_co2", "eur"]

# The open data columns (docs/measurement.md, "Open data"): stable names, in English.
OPEN_DATA_COLUMNS = [
    "campaign",
    "first_day",
    "last_day",
    "body",
    "ipa_code",
    "body_kind",
    "participants",
    "days",
    "km_saved",
    "hours_saved",
    "kg_co2_saved",
]


def _sheet_rows(rows: list[Row]) -> list[list[object]]:
    out = []
    for row in rows:
        if row.suppressed:
            out.append([row.label] + [None] * len(FIGURES))
            continue
        figures = row.tally.rounded()
        out.append(
            [row.label]
            + [float(f) if not isinstance(f, int) else f for f in (figures[k] for k in FIGURES)]
        )
    return out


def body_xlsx(result: BodySavings) -> bytes:
    """Two sheets, by unit and by month; a hidden group is a row of empty cells."""
    book = workbook()
    header = [
        "",
        _("people"),
        _("remote days"),
        _("coworking days"),
        _("km"),
        _("hours"),
        _("kg CO2"),
        _("euro"),
    ]
    total = _sheet_rows([Row(_("Total"), None, result.total, result.total_hidden)])[0]
    for title, rows in [(_("By unit"), result.by_unit), (_("By month"), result.by_month)]:
        add_sheet(book, title, header, [*_sheet_rows(rows), total], bold=True)
    return xlsx_bytes(book)


def open_data_rows(results: Results) -> list[list[object]]:
    """One row per body with at least 5 participants, one for the smaller bodies together,
    and the total (body "TOTAL"). Figures rounded as on the page; none when too few took part."""
    c = results.campaign
    head = [c.slug, c.start.isoformat(), c.end.isoformat()]
    rows: list[list[object]] = [OPEN_DATA_COLUMNS]
    if not results.shown:
        return rows
    for body in results.by_body:
        r = body.tally.rounded()
        name = "OTHER" if body.grouped else body.name
        rows.append(
            [
                *head,
                name,
                body.ipa_code,
                body.kind,
                r["people"],
                r["days"],
                r["km"],
                r["hours"],
                r["kg_co2"],
            ]
        )
    r = results.total.rounded()
    rows.append([*head, "TOTAL", "", "", r["people"], r["days"], r["km"], r["hours"], r["kg_co2"]])
    return rows
