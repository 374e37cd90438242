"""Files: the body's savings as XLSX, and a campaign's results as open data (CSV)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from agilepa.core.exports import append_row
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
    book = Workbook()
    header = ["", "people", "remote days", "coworking days", "km", "hours", "kg CO2", "euro"]
    for index, (title, rows) in enumerate(
        [("By unit", result.by_unit), ("By month", result.by_month)]
    ):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        append_row(sheet, header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for values in _sheet_rows(rows):
            append_row(sheet, values)
        append_row(sheet, _sheet_rows([Row("Total", None, result.total, result.total_hidden)])[0])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


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
