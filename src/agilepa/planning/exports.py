"""A unit's month as an XLSX workbook: a row a person, a column a working day."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill

from agilepa.core.exports import add_sheet, append_row, workbook, xlsx_bytes
from agilepa.planning.models import MonthPlan
from agilepa.planning.selectors import grid

LETTER = {"office": "S", "remote": "R", "absent": "A"}
REMOTE_FILL = PatternFill("solid", fgColor="CCE0FF")


def plan_xlsx(plan: MonthPlan) -> bytes:
    days, rows = grid(plan)
    book = workbook()
    sheet = add_sheet(
        book,
        f"{plan.year}-{plan.month:02d}",
        [f"{plan.unit.name} - {plan.month:02d}/{plan.year} ({plan.get_status_display()})"],
        [[_("Person"), _("Unit"), *[d.strftime("%d/%m") for d in days], _("Remote days")]],
        widths={"A": 28, "B": 28, **dict.fromkeys(range(3, len(days) + 3), 6)},
    )
    sheet["A1"].font = Font(bold=True, size=12)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    # `max_row` walks every cell of the sheet: read once, then counted a row at a time.
    at = sheet.max_row
    for row in rows:
        at += 1
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
                sheet.cell(row=at, column=index).fill = REMOTE_FILL
    append_row(sheet, [])
    append_row(
        sheet, [_("S = in office, R = agile work, D = remote work (fixed hours), A = absent")]
    )
    sheet.freeze_panes = "C3"
    return xlsx_bytes(book)
