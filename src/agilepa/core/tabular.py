"""Reading a CSV or XLSX table with row-level errors: the one reader every import uses (people
and units, attendance, prerequisites, objectives).

`read_table` turns the bytes into a `Table` (or `ImportFileError` saying why the file is not one:
too large, a PDF, an XLSX that would expand like a ZIP bomb, an XML part with a DTD);
`map_columns` finds the documented `Column`s under their names or aliases; `rows` gives each data
row as a `Row`, read by column name, whose errors and warnings go to the `ImportReport` under the
file's own header and row number.
"""

from __future__ import annotations

import codecs
import csv
import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agilepa.core.uploads import check_zip_directory

# A file with more errors than this is wrong as a whole (a shifted column, a date format): the
# report lists the first ones and counts the rest, instead of repeating one reason 100,000 times.
MAX_REPORTED_ERRORS = 1000
# An XLSX file is a ZIP archive: refuse one that would expand far beyond what a spreadsheet of
# the allowed size holds (a "ZIP bomb").
MAX_XLSX_EXPANSION = 20

# progress(stage, done, total): stage is "read", "check" or "write"; total is 0 when unknown.
Progress = Callable[[str, int, int], None]


class ImportFileError(Exception):
    """The file as a whole cannot be imported (too large, empty, not a spreadsheet)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    """One problem: the spreadsheet row (0 for the file as a whole), the column as the file
    names it ("" when it is about no column) and the reason."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message}


def _no_counts() -> dict[str, int]:
    return {"new": 0, "changed": 0, "unchanged": 0, "ended": 0}


@dataclass
class ImportReport:
    """What an import found and did: counts of rows by outcome, every error and warning."""

    kind: str
    rows: int = 0
    counts: dict[str, int] = field(default_factory=_no_counts)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    warnings: list[RowError] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(RowError(row, column, message))

    def warn(self, row: int, column: str, message: str) -> None:
        if len(self.warnings) < MAX_REPORTED_ERRORS:
            self.warnings.append(RowError(row, column, message))


# Reading the file -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """The header and the data rows of a file, each row with its number as a spreadsheet
    program shows it (the header is usually row 1). Blank rows are left out."""

    headers: tuple[str, ...]
    header_row: int
    rows: list[tuple[int, tuple[Any, ...]]]


ZIP_MAGIC = b"PK\x03\x04"
BINARY_SIGNATURES: tuple[tuple[bytes, Promise], ...] = (
    (b"%PDF", gettext_lazy("a PDF document")),
    (b"\x89PNG", gettext_lazy("a PNG image")),
    (b"\xff\xd8\xff", gettext_lazy("a JPEG image")),
    (b"GIF8", gettext_lazy("a GIF image")),
    (b"PK\x05\x06", gettext_lazy("an empty ZIP archive")),
    (b"\x1f\x8b", gettext_lazy("a GZIP archive")),
    (b"Rar!", gettext_lazy("a RAR archive")),
    (b"7z\xbc\xaf", gettext_lazy("a 7-Zip archive")),
    # Excel 97-2003 (.xls) and password-protected workbooks are OLE2 compound files.
    (b"\xd0\xcf\x11\xe0", gettext_lazy("an Excel 97-2003 (.xls) or password-protected workbook")),
)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_size(size: int, limit: int | None = None) -> None:
    """Refuse a file larger than IMPORT_MAX_BYTES before reading a byte of it."""
    limit = settings.IMPORT_MAX_BYTES if limit is None else limit
    if size > limit:
        raise ImportFileError(
            _(
                "The file is %(size)s: the limit is %(limit)s. Split it, or export only the "
                "columns this import reads."
            )
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def read_table(content: bytes, progress: Progress | None = None) -> Table:
    """The rows of a CSV or XLSX file, or ImportFileError saying why it is not one."""
    check_size(len(content))
    if not content.strip() or content == codecs.BOM_UTF8:
        raise ImportFileError(_("The file is empty."))
    if content.startswith(ZIP_MAGIC):
        table = _read_xlsx(content, progress)
    else:
        for magic, what in BINARY_SIGNATURES:
            if content.startswith(magic):
                raise ImportFileError(
                    _("This file is %(what)s, not a spreadsheet: upload a CSV or XLSX file.")
                    % {"what": what}
                )
        table = _read_csv(_decode(content), progress)
    if table is None:
        raise ImportFileError(_("The file is empty."))
    if not table.rows:
        raise ImportFileError(_("The file has a header row but no data rows: nothing to import."))
    return table


def _decode(content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)  # Excel's "Unicode text" export
    else:
        # Windows-1252 decodes almost any byte: try the stricter UTF-8 first.
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        text = text.rstrip("\x1a")  # the end-of-file mark of old DOS exports
        if not _CONTROL_CHARS.search(text):
            return text
        break
    raise ImportFileError(
        _(
            "This file is not a spreadsheet: it is neither a CSV text file (UTF-8 or "
            "Windows-1252) nor an XLSX workbook."
        )
    )


def sniff_delimiter(line: str) -> str:
    """The separator of a CSV header line: the most frequent of ; , and tab outside quotes.
    A tie goes to the semicolon, what Excel writes with Italian regional settings."""
    counts = dict.fromkeys(";,\t", 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(counts, key=lambda d: (counts[d], d == ";"))


def _read_csv(text: str, progress: Progress | None) -> Table | None:
    first_line = next((line for line in text[:65536].splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    headers: tuple[str, ...] | None = None
    header_row = 0
    rows: list[tuple[int, tuple[Any, ...]]] = []
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            if not any(cell.strip() for cell in record):
                continue
            if headers is None:
                headers, header_row = tuple(cell.strip() for cell in record), number
            else:
                rows.append((number, tuple(record)))
                if progress is not None and len(rows) % 5000 == 0:
                    progress("read", len(rows), 0)
    except csv.Error as exc:
        raise ImportFileError(
            _("Row %(row)d cannot be read as CSV (%(reason)s).")
            % {"row": number + 1, "reason": exc}
        ) from exc
    if headers is None:
        return None
    return Table(headers=headers, header_row=header_row, rows=rows)


def _read_xlsx(content: bytes, progress: Progress | None) -> Table | None:
    not_xlsx = _("This file is a ZIP archive, not an XLSX spreadsheet: upload a CSV or XLSX file.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        # From the directory, before any member is inflated (the ODF test below reads one).
        check_zip_directory(
            archive, _("the file"), max_total=MAX_XLSX_EXPANSION * settings.IMPORT_MAX_BYTES
        )
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:100]:
                raise ImportFileError(
                    _(
                        "This is an OpenDocument (LibreOffice) file: save it as XLSX or CSV "
                        "and upload it again."
                    )
                )
            raise ImportFileError(not_xlsx)
    except zipfile.BadZipFile as exc:
        raise ImportFileError(not_xlsx) from exc
    except ValidationError as exc:
        raise ImportFileError(exc.messages[0]) from exc
    damaged = _("This XLSX workbook is damaged and cannot be read: save it again and retry.")
    try:
        return _table_from_rows(_xlsx_rows(archive), progress)
    except ImportFileError:
        raise
    except Exception as exc:
        # A damaged workbook raises anything from KeyError to XML syntax errors.
        raise ImportFileError(damaged) from exc


def _table_from_rows(
    numbered_rows: Iterator[tuple[int, tuple[Any, ...]]], progress: Progress | None
) -> Table | None:
    headers: tuple[str, ...] | None = None
    header_row = 0
    rows: list[tuple[int, tuple[Any, ...]]] = []
    for number, values in numbered_rows:
        if not any(cell_text(value) for value in values):
            continue
        if headers is None:
            headers, header_row = tuple(cell_text(value) for value in values), number
        else:
            rows.append((number, values))
            if progress is not None and len(rows) % 5000 == 0:
                progress("read", len(rows), 0)
    if headers is None:
        return None
    return Table(headers=headers, header_row=header_row, rows=rows)


# The XLSX parts this reader needs, in the transitional and in the strict namespaces. openpyxl
# builds an object per cell and reads 100,000 rows in about 17 s; streaming the first sheet's
# XML straight into tuples takes a fraction of that.
_SHEET_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_ROW_TAGS = {f"{{{ns}}}row" for ns in _SHEET_NAMESPACES}
_CELL_TAGS = {f"{{{ns}}}c" for ns in _SHEET_NAMESPACES}
_VALUE_TAGS = {f"{{{ns}}}v" for ns in _SHEET_NAMESPACES}
_TEXT_TAGS = {f"{{{ns}}}t" for ns in _SHEET_NAMESPACES}
_RUN_TAGS = {f"{{{ns}}}r" for ns in _SHEET_NAMESPACES}
_COLUMN = re.compile(r"^([A-Z]+)")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text_of(element: Any) -> str:
    """The text of a shared or inline string: its <t>, or the <t> of each rich-text run
    (leaving out phonetic guides)."""
    parts = []
    for child in element:
        if child.tag in _TEXT_TAGS:
            parts.append(child.text or "")
        elif child.tag in _RUN_TAGS:
            parts.extend(t.text or "" for t in child if t.tag in _TEXT_TAGS)
    return "".join(parts)


class _XmlPart:
    """A part of the workbook, parsed by defusedxml with document type declarations refused:
    spreadsheets have none, and entity tricks need one. The parser sees the declaration in any
    encoding (a byte search would miss a UTF-16 one)."""

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.stream = archive.open(name)

    def parse(self) -> Any:
        from defusedxml import ElementTree

        with _refusing_dtd():
            return ElementTree.parse(self.stream, forbid_dtd=True).getroot()

    def iterparse(self) -> Iterator[tuple[str, Any]]:
        from defusedxml import ElementTree

        with _refusing_dtd():
            yield from ElementTree.iterparse(self.stream, forbid_dtd=True)


@contextmanager
def _refusing_dtd() -> Iterator[None]:
    from defusedxml import DefusedXmlException

    try:
        yield
    except DefusedXmlException as exc:
        raise ImportFileError(
            _("This XLSX workbook holds a document type declaration: it is not accepted.")
        ) from exc


def _xlsx_rows(archive: zipfile.ZipFile) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, cell values) of the workbook's first sheet: strings, numbers, booleans,
    datetimes for cells formatted as dates, and "50%" for 0.5 formatted as a percentage."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    def relationships(path: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(path)
        rels = _XmlPart(archive, f"{folder}/_rels/{name}.rels").parse()
        found = {}
        for rel in rels:
            target = rel.get("Target", "")
            target = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], target)
        return found

    workbook = _XmlPart(archive, "xl/workbook.xml").parse()
    rels = relationships("xl/workbook.xml")
    epoch = CALENDAR_WINDOWS_1900
    sheet_path = ""
    for element in workbook.iter():
        name = _local(element.tag)
        if name == "workbookPr" and element.get("date1904") in ("1", "true"):
            epoch = CALENDAR_MAC_1904
        elif name == "sheet" and not sheet_path:
            rel_id = next(v for k, v in element.attrib.items() if _local(k) == "id")
            sheet_path = rels[rel_id][1]
    parts = dict(rels.values())

    shared: list[str] = []
    if "sharedStrings" in parts:
        for _event, element in _XmlPart(archive, parts["sharedStrings"]).iterparse():
            if _local(element.tag) == "si":
                shared.append(_text_of(element))
                element.clear()

    # The kind of number format of each cell style: dates and percentages matter here.
    style_kinds: list[str] = []
    if "styles" in parts:
        styles = _XmlPart(archive, parts["styles"]).parse()
        custom = {
            int(e.get("numFmtId", "0")): e.get("formatCode", "")
            for e in styles.iter()
            if _local(e.tag) == "numFmt"
        }
        cell_xfs: Any = next((e for e in styles.iter() if _local(e.tag) == "cellXfs"), [])
        for xf in cell_xfs:
            format_id = int(xf.get("numFmtId", "0"))
            code = custom.get(format_id) or BUILTIN_FORMATS.get(format_id, "General")
            style_kinds.append("%" if "%" in code else "date" if is_date_format(code) else "")

    columns: dict[str, int] = {}
    number = 0
    for _event, row in _XmlPart(archive, sheet_path).iterparse():
        if row.tag not in _ROW_TAGS:
            continue
        number = int(row.get("r") or number + 1)
        values: list[Any] = []
        for cell in row:
            if cell.tag not in _CELL_TAGS:
                continue
            reference = cell.get("r")
            if reference:
                letters = _COLUMN.match(reference)[1]  # type: ignore[index]
                if letters not in columns:
                    columns[letters] = column_index_from_string(letters) - 1
                position = columns[letters]
            else:
                position = len(values)
            values.extend([None] * (position + 1 - len(values)))
            values[position] = _xlsx_cell(cell, shared, style_kinds, epoch, from_excel)
        row.clear()
        yield number, tuple(values)


def _xlsx_cell(
    cell: Any, shared: list[str], style_kinds: list[str], epoch: Any, from_excel: Any
) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = next((child for child in cell if _local(child.tag) == "is"), None)
        return _text_of(inline) if inline is not None else ""
    raw = next((child.text for child in cell if child.tag in _VALUE_TAGS), None)
    if raw is None:
        return None
    if kind == "s":
        return shared[int(raw)]
    if kind in ("str", "e"):
        return raw
    if kind == "b":
        return raw == "1"
    if kind == "d":
        return datetime.fromisoformat(raw)
    parsed = float(raw)
    number: float | int = parsed
    if parsed.is_integer() and "." not in raw and "E" not in raw.upper():
        number = int(parsed)
    style = int(cell.get("s", "0"))
    style_kind = style_kinds[style] if style < len(style_kinds) else ""
    if style_kind == "date":
        return from_excel(number, epoch)
    if style_kind == "%":
        return f"{number * 100:g}%"
    return number


# Cells ----------------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a matricola typed as a number in Excel: 1234.0 → "1234"
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def normalize_header(text: str) -> str:
    """Headers are matched ignoring case, accents, spaces and punctuation:
    "Codice Unità" and "codice_unita" are the same column."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_DATE_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")


def parse_date(value: Any) -> date | None:
    """A date from an Excel date cell, dd/mm/yyyy (also with - or .) or yyyy-mm-dd;
    None for an empty cell; ValueError for anything else."""
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        # A date cell whose format was lost: Excel's serial day number.
        from openpyxl.utils.datetime import from_excel

        if not 1 <= value < 2958466:
            raise ValueError(value)
        parsed = from_excel(value).date()
    else:
        text = cell_text(value)
        if not text:
            return None
        if match := _DATE_ISO.match(text):
            year, month, day = (int(g) for g in match.groups())
        elif match := _DATE_DMY.match(text):
            day, month, year = int(match[1]), int(match[3]), int(match[4])
        else:
            raise ValueError(text)
        parsed = date(year, month, day)
    if not 1900 <= parsed.year <= 2100:
        raise ValueError(value)
    return parsed


def parse_percent(value: Any) -> float | None:
    """A percentage as written: 50, "50", "50%", "83,33"; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        text = cell_text(value).removesuffix("%").strip().replace(",", ".")
        if not text:
            return None
        number = float(text)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(value)
    return number


@dataclass(frozen=True)
class Column:
    """A column of an import file: its documented name, the other names HR systems give it,
    and, for the upload page, what it holds."""

    name: str
    required: bool
    description: Promise
    example: str
    aliases: tuple[str, ...] = ()


def map_columns(table: Table, columns: tuple[Column, ...], report: ImportReport) -> dict[str, int]:
    """Position of each known column in the file; errors for missing or doubled ones."""
    lookup = {alias: column.name for column in columns for alias in (column.name, *column.aliases)}
    found: dict[str, int] = {}
    for position, header in enumerate(table.headers):
        key = normalize_header(header)
        if not key:
            continue
        name = lookup.get(key)
        if name is None:
            report.warn(table.header_row, header, _("Column not recognised: it is ignored."))
        elif name in found:
            report.error(
                table.header_row,
                header,
                _("Two columns hold %(column)s: %(first)s and %(second)s. Keep only one.")
                % {"column": name, "first": table.headers[found[name]], "second": header},
            )
        else:
            found[name] = position
    missing = [column.name for column in columns if column.required and column.name not in found]
    if missing:
        report.error(
            table.header_row,
            "",
            ngettext(
                "Required column missing: %(columns)s.",
                "Required columns missing: %(columns)s.",
                len(missing),
            )
            % {"columns": ", ".join(missing)},
        )
    return found


class Row:
    """One data row, read by column name; errors are filed under the file's own header."""

    __slots__ = ("cells", "columns", "failed", "headers", "number", "report")

    def __init__(
        self,
        number: int,
        cells: tuple[Any, ...],
        columns: dict[str, int],
        headers: tuple[str, ...],
        report: ImportReport,
    ) -> None:
        self.number, self.cells, self.columns = number, cells, columns
        self.headers, self.report = headers, report
        self.failed = False

    def has(self, name: str) -> bool:
        return name in self.columns

    def raw(self, name: str) -> Any:
        position = self.columns.get(name)
        if position is None or position >= len(self.cells):
            return None
        return self.cells[position]

    def text(self, name: str) -> str:
        return cell_text(self.raw(name))

    def error(self, name: str, message: str) -> None:
        self.failed = True
        position = self.columns.get(name)
        self.report.error(
            self.number, self.headers[position] if position is not None else name, message
        )

    def warn(self, name: str, message: str) -> None:
        position = self.columns.get(name)
        self.report.warn(
            self.number, self.headers[position] if position is not None else name, message
        )

    def required(self, name: str, max_length: int) -> str:
        value = self.text(name)
        if not value:
            self.error(name, _("This value is required."))
        elif len(value) > max_length:
            self.error(
                name,
                _("At most %(n)d characters, this has %(length)d.")
                % {"n": max_length, "length": len(value)},
            )
        return value

    def optional(self, name: str, max_length: int) -> str:
        value = self.text(name)
        if len(value) > max_length:
            self.error(
                name,
                _("At most %(n)d characters, this has %(length)d.")
                % {"n": max_length, "length": len(value)},
            )
        return value

    def date(self, name: str) -> date | None:
        value = self.raw(name)
        try:
            return parse_date(value)
        except (ValueError, OverflowError):
            self.error(
                name,
                _(
                    "%(value)s is not a date: write it as dd/mm/yyyy (e.g. 01/03/2015) "
                    "or yyyy-mm-dd."
                )
                % {"value": cell_text(value)},
            )
            return None


def data_rows(
    table: Table, columns: dict[str, int], report: ImportReport, progress: Progress | None = None
) -> Iterator[Row]:
    """Each data row of the table as a `Row`; `progress("check", done, total)` every 5,000."""
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, start=1):
        yield Row(number, cells, columns, table.headers, report)
        if progress is not None and (done % 5000 == 0 or done == total):
            progress("check", done, total)


def read_upload(upload: Any) -> bytes:
    """The bytes of an uploaded file, refused by size before they are read."""
    check_size(upload.size)
    content: bytes = upload.read()
    return content
