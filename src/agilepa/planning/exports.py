"""A unit's month as an XLSX workbook: a row a person, a column a working day."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from agilepa.core.exports import append_row
from agilepa.planning.models import MonthPlan
from agilepa.planning.selectors import grid

LETTER = {"office": "S", "remote": "R", "absent": "A"}
REMOTE_FILL = PatternFill("solid", fgColor="CCE0FF")


def plan_xlsx(plan: MonthPlan) -> bytes:
    days, rows = grid(plan)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{plan.year}-{plan.month:02d}"
    append_row(
        sheet, [f"{plan.unit.name} - {plan.month:02d}/{plan.year} ({plan.get_status_display()})"]
    )
    sheet["A1"].font = Font(bold=True, size=12)
    append_row(sheet, ["Persona", "Unità", *[d.strftime("%d/%m") for d in days], "Giornate agili"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        append_row(
            sheet,
            [
                row.name,
                row.unit,
                *[("D" if k == "remote" and h else LETTER[k]) for _d, k, h in row.cells],
                row.remote,
            ],
        )
        for index, (_day, kind, _hours) in enumerate(row.cells, start=3):
            if kind == "remote":
                sheet.cell(row=sheet.max_row, column=index).fill = REMOTE_FILL
    append_row(sheet, [])
    append_row(
        sheet, ["S = in sede, R = lavoro agile, D = lavoro da remoto (orario fisso), A = assente"]
    )
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 28
    for index in range(3, len(days) + 3):
        sheet.column_dimensions[get_column_letter(index)].width = 6
    sheet.freeze_panes = "C3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
