"""A unit's month as an XLSX workbook: a row a person, a column a working day.

The sheet is written with openpyxl's write-only mode: rows stream to the file as they are
appended instead of being kept as cell objects and laid out at save (an Area of 1,200 people is
some 30,000 cells). The widths, the frozen panes and every style are set the same as a normal
sheet would carry them; formula-like text is kept as text, as `core.exports.append_row` does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from agilepa.core.exports import is_formula_like, xlsx_bytes
from agilepa.planning.models import MonthPlan
from agilepa.planning.selectors import grid

LETTER = {"office": "S", "remote": "R", "absent": "A"}
REMOTE_FILL = PatternFill("solid", fgColor="CCE0FF")
TITLE_FONT = Font(bold=True, size=12)
HEADER_FONT = Font(bold=True)
CENTERED = Alignment(horizontal="center")


def _cell(sheet: Any, value: Any, **style: Any) -> Any:
    """A write-only cell with `style` (font, alignment, fill); a formula-like text stays text."""
    cell = WriteOnlyCell(sheet, value)
    if is_formula_like(value):
        cell.data_type = "s"
    for name, given in style.items():
        setattr(cell, name, given)
    return cell


def _safe(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """The row's values, a formula-like text as a text cell (anything else as it is)."""
    return [_cell(sheet, v) if is_formula_like(v) else v for v in values]


def plan_xlsx(plan: MonthPlan) -> bytes:
    days, rows = grid(plan)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"{plan.year}-{plan.month:02d}"[:31])
    # Widths and panes go in the sheet's head: set before the first row is written.
    widths = {"A": 28, "B": 28} | {get_column_letter(c): 6 for c in range(3, len(days) + 3)}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "C3"
    title = f"{plan.unit.name} - {plan.month:02d}/{plan.year} ({plan.get_status_display()})"
    sheet.append([_cell(sheet, title, font=TITLE_FONT)])
    headers = [_("Person"), _("Unit"), *[d.strftime("%d/%m") for d in days], _("Remote days")]
    sheet.append([_cell(sheet, str(h), font=HEADER_FONT, alignment=CENTERED) for h in headers])
    # A remote day's shading is looked up in the workbook's styles once, then copied: setting a
    # fill on each cell hashes it again (a thousand remote days of an Area).
    shaded = _cell(sheet, "R", fill=REMOTE_FILL)._style
    for row in rows:
        letters = [
            Cell(sheet, 1, 1, "D" if h else "R", style_array=shaded) if k == "remote" else LETTER[k]
            for _d, k, h in row.cells
        ]
        sheet.append([*_safe(sheet, [row.name, row.unit]), *letters, row.remote])
    sheet.append([])
    sheet.append(
        _safe(
            sheet, [_("S = in office, R = agile work, D = remote work (fixed hours), A = absent")]
        )
    )
    return xlsx_bytes(book)
