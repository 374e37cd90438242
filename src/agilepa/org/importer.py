"""HR import of organisational units and people from the files HR systems export.

Three steps. `read_table` turns the bytes of a CSV file (UTF-8 with or without BOM,
Windows-1252 or UTF-16; comma, semicolon or tab) or of an XLSX workbook into numbered rows of
cells. `plan_people` and `plan_units` check those rows against a snapshot of the body's data and
work out what is new, changed, unchanged or ended: both are pure, testable without the database.
`run_import` takes the snapshot, plans and, only when no row has an error, applies the plan with
bulk writes inside one transaction. The preview is the same run without the writes, and the
confirmation runs everything again against the data as it is then: a file with any error writes
nothing. The columns, formats and rules are documented for HR offices in docs/hr-import.md.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import posixpath
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import DatabaseError, connections, transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agilepa.core.access import Access, Role
from agilepa.core.uploads import check_zip_directory
from agilepa.org.models import (
    Body,
    ContractType,
    ImportBatch,
    ImportKind,
    ImportStatus,
    OfficeSite,
    OrgUnit,
    Person,
)
from agilepa.org.signals import people_ended
from agilepa.org.validators import normalize_tax_code, validate_tax_code

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
# A file with more errors than this is wrong as a whole (a shifted column, a date format): the
# report lists the first ones and counts the rest, instead of repeating one reason 100,000 times.
MAX_REPORTED_ERRORS = 1000
MAX_UNIT_DEPTH = 50
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


class ImportConflict(Exception):
    """The batch is no longer waiting for confirmation (applied or refused already)."""

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
        if not any(_cell_text(value) for value in values):
            continue
        if headers is None:
            headers, header_row = tuple(_cell_text(value) for value in values), number
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
        cell_xfs = next((e for e in styles.iter() if _local(e.tag) == "cellXfs"), [])
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
    number: float | int = float(raw)
    if number.is_integer() and "." not in raw and "E" not in raw.upper():
        number = int(number)
    style = int(cell.get("s", "0"))
    style_kind = style_kinds[style] if style < len(style_kinds) else ""
    if style_kind == "date":
        return from_excel(number, epoch)
    if style_kind == "%":
        return f"{number * 100:g}%"
    return number


# Cells ----------------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
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
        text = _cell_text(value)
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
        text = _cell_text(value).removesuffix("%").strip().replace(",", ".")
        if not text:
            return None
        number = float(text)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(value)
    return number


_YES = {"si", "s", "x", "1", "true", "vero", "yes", "y", "cessato", "cessata"}
_NO = {"", "no", "n", "0", "false", "falso", "attivo", "attiva", "in_servizio"}
_FULL_TIME = {"tempo_pieno", "pieno", "full_time", "fulltime", "full", "tp", "ft"}
_PART_TIME = {"part_time", "parttime", "part", "tempo_parziale", "parziale", "pt"}


def parse_yes_no(value: Any) -> bool:
    key = normalize_header(_cell_text(value))
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(value)


def parse_contract(value: Any) -> str | None:
    """ContractType from the words HR systems use; None for an empty cell."""
    key = normalize_header(_cell_text(value))
    if not key:
        return None
    if key in _FULL_TIME:
        return ContractType.FULL_TIME
    if key in _PART_TIME:
        return ContractType.PART_TIME
    raise ValueError(value)


# Columns ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of an import file: its documented name, the other names HR systems give it,
    and, for the upload page, what it holds."""

    name: str
    required: bool
    description: Promise
    example: str
    aliases: tuple[str, ...] = ()


PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column("matricola", True, gettext_lazy("staff number, unique in the body"), "004512"),
    Column("cognome", True, gettext_lazy("surname"), "Bianchi"),
    Column("nome", True, gettext_lazy("first name"), "Niccolò"),
    Column(
        "codice_fiscale",
        True,
        gettext_lazy("codice fiscale, 16 characters with a valid check character"),
        "BNCNCL80A01A944X",
        ("cf", "cod_fiscale"),
    ),
    Column(
        "email",
        False,
        gettext_lazy("work e-mail address"),
        "n.bianchi@comune.example.it",
        ("e_mail", "mail", "indirizzo_email", "posta_elettronica"),
    ),
    Column(
        "codice_unita",
        True,
        gettext_lazy("code of the person's unit, which must already exist"),
        "SERV-ANAG",
        ("codice_uo", "unita", "unita_organizzativa"),
    ),
    Column(
        "contratto",
        False,
        gettext_lazy("tempo pieno or part-time; empty: full time unless a percentage is below 100"),
        "part-time",
        ("tipo_contratto", "regime_orario"),
    ),
    Column(
        "percentuale_part_time",
        False,
        gettext_lazy("part-time percentage, 1 to 99 (rounded to a whole number)"),
        "83,33",
        ("percentuale", "perc_part_time", "part_time_percentuale"),
    ),
    Column(
        "categoria",
        False,
        gettext_lazy("job category or area of the contract"),
        "Istruttori",
        ("categoria_giuridica", "inquadramento"),
    ),
    Column(
        "data_assunzione",
        False,
        gettext_lazy("hire date: dd/mm/yyyy, yyyy-mm-dd or an Excel date"),
        "01/03/2015",
        ("data_di_assunzione", "assunto_il"),
    ),
    Column(
        "codice_sede",
        False,
        gettext_lazy("code of the usual office site, which must already exist"),
        "MUNICIPIO",
        ("sede",),
    ),
    Column(
        "cessato",
        False,
        gettext_lazy("sì if the person no longer works for the body"),
        "no",
    ),
    Column(
        "data_cessazione",
        False,
        gettext_lazy("end of employment; a date in the past ends the person"),
        "31/12/2025",
        ("data_di_cessazione", "cessato_il"),
    ),
)

UNIT_COLUMNS: tuple[Column, ...] = (
    Column(
        "codice_unita",
        True,
        gettext_lazy("unit code, unique in the body"),
        "SERV-ANAG",
        ("codice", "codice_uo"),
    ),
    Column(
        "denominazione",
        True,
        gettext_lazy("name of the unit"),
        "Servizio Anagrafe",
        ("descrizione", "nome_unita"),
    ),
    Column(
        "livello",
        False,
        gettext_lazy("level: Area, Settore, Servizio, Ufficio …"),
        "Servizio",
        ("tipo_unita",),
    ),
    Column(
        "codice_unita_padre",
        False,
        gettext_lazy("code of the parent unit (in the file or already in the body); empty: top"),
        "AREA-SERV",
        ("codice_padre", "unita_padre"),
    ),
    Column(
        "matricola_responsabile",
        False,
        gettext_lazy("matricola of the head of the unit"),
        "000017",
        ("responsabile", "matricola_dirigente"),
    ),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.PEOPLE: PEOPLE_COLUMNS,
    ImportKind.UNITS: UNIT_COLUMNS,
}


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


class _Row:
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
        return _cell_text(self.raw(name))

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
                % {"value": _cell_text(value)},
            )
            return None


def _rows(table: Table, columns: dict[str, int], report: ImportReport, progress: Progress | None):
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, start=1):
        yield _Row(number, cells, columns, table.headers, report)
        if progress is not None and (done % 5000 == 0 or done == total):
            progress("check", done, total)


def _duplicate(row: _Row, column: str, value: str, seen: dict[str, int]) -> bool:
    first = seen.get(value)
    if first is not None:
        row.error(
            column,
            _("%(value)s appears twice, in rows %(first)d and %(second)d.")
            % {"value": value, "first": first, "second": row.number},
        )
        return True
    seen[value] = row.number
    return False


# People -----------------------------------------------------------------------------------------

PERSON_IMPORT_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "tax_code",
    "unit_id",
    "contract",
    "part_time_percent",
    "job_category",
    "hire_date",
    "office_site_id",
    "is_active",
    "ended_on",
)
PERSON_DEFAULTS: dict[str, Any] = {
    "email": "",
    "contract": ContractType.FULL_TIME,
    "part_time_percent": 100,
    "job_category": "",
    "hire_date": None,
    "office_site_id": None,
}
_validate_email = EmailValidator()


@dataclass(frozen=True)
class PeopleSnapshot:
    """The body's data a people file is checked against: its people by matricola (with the
    fields an import may change), its unit and site ids by code."""

    people: dict[str, dict[str, Any]]
    units: dict[str, int]
    sites: dict[str, int]


@dataclass
class PeoplePlan:
    create: dict[str, dict[str, Any]] = field(default_factory=dict)  # matricola → fields
    update: dict[int, dict[str, Any]] = field(default_factory=dict)  # id → changed fields
    end: list[int] = field(default_factory=list)


def plan_people(
    table: Table,
    snapshot: PeopleSnapshot,
    report: ImportReport,
    *,
    full_export: bool,
    today: date,
    progress: Progress | None = None,
) -> PeoplePlan:
    """Check every row and sort the people into new, changed, unchanged and ended.

    A column missing from the file leaves that field of existing people as it is; a column
    present with an empty cell empties it. A person in the file is in service unless the row
    says otherwise (cessato, data_cessazione); with `full_export`, active people missing from
    the file are ended today."""
    plan = PeoplePlan()
    columns = map_columns(table, PEOPLE_COLUMNS, report)
    if not report.ok:
        return plan
    seen: dict[str, int] = {}
    counts = report.counts
    for row in _rows(table, columns, report, progress):
        matricola = row.required("matricola", 30)
        if matricola and _duplicate(row, "matricola", matricola, seen):
            continue
        values = _person_values(row, snapshot, today)
        if row.failed:
            continue
        existing = snapshot.people.get(matricola)
        if existing is None:
            if values["is_active"] is False and values["ended_on"] is None:
                values["ended_on"] = today
            plan.create[matricola] = {**PERSON_DEFAULTS, **values}
            counts["new"] += 1
            continue
        if values["is_active"] is False and values["ended_on"] is None:
            # Marked as ceased without a date: keep the date already known, or end today.
            values["ended_on"] = existing["ended_on"] if not existing["is_active"] else today
        changes = {k: v for k, v in values.items() if existing[k] != v}
        if not changes:
            counts["unchanged"] += 1
            continue
        plan.update[existing["id"]] = changes
        if existing["is_active"] and not values["is_active"]:
            counts["ended"] += 1
        else:
            counts["changed"] += 1
    if full_export:
        for matricola, existing in snapshot.people.items():
            if matricola not in seen and existing["is_active"]:
                plan.end.append(existing["id"])
                counts["ended"] += 1
    return plan


def _person_values(row: _Row, snapshot: PeopleSnapshot, today: date) -> dict[str, Any]:
    """The fields a row sets (only those whose column is in the file), each validated."""
    values: dict[str, Any] = {
        "last_name": row.required("cognome", 100),
        "first_name": row.required("nome", 100),
    }
    tax_code = normalize_tax_code(row.text("codice_fiscale"))
    if not tax_code:
        row.error("codice_fiscale", _("This value is required."))
    else:
        try:
            validate_tax_code(tax_code)
        except ValidationError as exc:
            row.error("codice_fiscale", exc.messages[0])
    values["tax_code"] = tax_code
    unit_code = row.required("codice_unita", 40)
    if unit_code:
        values["unit_id"] = snapshot.units.get(unit_code)
        if values["unit_id"] is None:
            row.error(
                "codice_unita",
                _(
                    "There is no unit with code %(code)s in this body: import the units file "
                    "first, or correct the code."
                )
                % {"code": unit_code},
            )
    if row.has("email"):
        email = row.optional("email", 254)
        if email:
            try:
                _validate_email(email)
            except ValidationError:
                row.error("email", _("%(value)s is not an e-mail address.") % {"value": email})
        values["email"] = email
    if row.has("categoria"):
        values["job_category"] = row.optional("categoria", 60)
    hire_date = None
    if row.has("data_assunzione"):
        hire_date = values["hire_date"] = row.date("data_assunzione")
    if row.has("codice_sede"):
        site_code = row.optional("codice_sede", 40)
        values["office_site_id"] = snapshot.sites.get(site_code) if site_code else None
        if site_code and values["office_site_id"] is None:
            row.error(
                "codice_sede",
                _("There is no office site with code %(code)s in this body.") % {"code": site_code},
            )
    if row.has("contratto") or row.has("percentuale_part_time"):
        _contract_values(row, values)
    _status_values(row, values, hire_date, today)
    return values


def _contract_values(row: _Row, values: dict[str, Any]) -> None:
    try:
        contract = parse_contract(row.raw("contratto"))
    except ValueError:
        row.error(
            "contratto",
            _("%(value)s is not a contract: write tempo pieno or part-time.")
            % {"value": row.text("contratto")},
        )
        return
    try:
        number = parse_percent(row.raw("percentuale_part_time"))
    except ValueError:
        row.error(
            "percentuale_part_time",
            _("%(value)s is not a percentage: write a number from 1 to 99, e.g. 50 or 83,33.")
            % {"value": row.text("percentuale_part_time")},
        )
        return
    # The platform keeps whole percentages (30 hours of 36 are 83.33%, kept as 83).
    percent = None if number is None else int(number + 0.5) if number > 0 else int(number)
    if percent is not None and (number is None or number < 1 or percent > 100):
        row.error(
            "percentuale_part_time",
            _("%(value)s is not a percentage from 1 to 100.")
            % {"value": row.text("percentuale_part_time")},
        )
        return
    if contract is None:
        contract = ContractType.PART_TIME if percent is not None and percent < 100 else None
        contract = contract or ContractType.FULL_TIME
    if contract == ContractType.FULL_TIME:
        if percent not in (None, 100):
            row.error(
                "percentuale_part_time",
                _("A full-time contract is 100%: leave the percentage empty or write 100."),
            )
        percent = 100
    elif percent is None or percent > 99:
        row.error(
            "percentuale_part_time",
            _("A part-time contract needs its percentage, from 1 to 99."),
        )
    values["contract"], values["part_time_percent"] = contract, percent


def _status_values(row: _Row, values: dict[str, Any], hire_date: date | None, today: date) -> None:
    ceased: bool | None = None
    if row.has("cessato"):
        try:
            ceased = parse_yes_no(row.raw("cessato")) if row.text("cessato") else None
        except ValueError:
            row.error(
                "cessato",
                _("%(value)s is neither yes nor no: write sì or no (or leave it empty).")
                % {"value": row.text("cessato")},
            )
    end_date = row.date("data_cessazione") if row.has("data_cessazione") else None
    if end_date is not None and end_date > today:
        # Still in service: the platform records an end only once it has happened.
        row.warn(
            "data_cessazione",
            _(
                "The end of employment is in the future: the person stays in service until an "
                "import on or after %(date)s ends them."
            )
            % {"date": end_date.strftime("%d/%m/%Y")},
        )
        values["is_active"], values["ended_on"] = True, None
        return
    if end_date is not None and ceased is False:
        row.error(
            "data_cessazione",
            _("The row says the person has not ceased, but gives an end of employment."),
        )
    if end_date is not None and hire_date is not None and end_date < hire_date:
        row.error("data_cessazione", _("The end of employment is before the hire date."))
    ended = bool(ceased) or end_date is not None
    values["is_active"] = not ended
    values["ended_on"] = end_date if ended else None


# Units ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitsSnapshot:
    """The body's units by code (id, parent's code and the fields an import may change) and its
    people's ids by matricola, for the heads."""

    units: dict[str, dict[str, Any]]
    people: dict[str, int]


@dataclass
class UnitsPlan:
    # code → the fields its row sets: name, and level_name, parent_code, head_id when their
    # column is in the file.
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)


def plan_units(
    table: Table,
    snapshot: UnitsSnapshot,
    report: ImportReport,
    *,
    progress: Progress | None = None,
) -> UnitsPlan:
    """Check every row, the parents (in the file or in the body) and the whole resulting tree
    (no cycle, not too deep). Units missing from the file are kept as they are: a unit is
    never deleted by an import."""
    plan = UnitsPlan()
    columns = map_columns(table, UNIT_COLUMNS, report)
    if not report.ok:
        return plan
    row_of: dict[str, int] = {}
    parent_rows: list[tuple[_Row, str]] = []
    for row in _rows(table, columns, report, progress):
        code = row.required("codice_unita", 40)
        if code and _duplicate(row, "codice_unita", code, row_of):
            continue
        values: dict[str, Any] = {"name": row.required("denominazione", 200)}
        if row.has("livello"):
            values["level_name"] = row.optional("livello", 40)
        if row.has("codice_unita_padre"):
            values["parent_code"] = row.optional("codice_unita_padre", 40) or None
            if values["parent_code"]:
                parent_rows.append((row, values["parent_code"]))
        if row.has("matricola_responsabile"):
            head = row.text("matricola_responsabile")
            head_id = snapshot.people.get(head) if head else None
            if head and head_id is None:
                # Not an error: units come before people in a new body. The head is kept.
                row.warn(
                    "matricola_responsabile",
                    _(
                        "No person with matricola %(value)s in this body: the head is left as "
                        "it is. Import the people, then this file again."
                    )
                    % {"value": head},
                )
            else:
                values["head_id"] = head_id
        if not row.failed and code:
            plan.rows[code] = values
    for row, parent_code in parent_rows:
        if parent_code not in row_of and parent_code not in snapshot.units:
            row.error(
                "codice_unita_padre",
                _("There is no unit with code %(code)s, in the file or in this body.")
                % {"code": parent_code},
            )
    if report.ok:
        _check_tree(plan, snapshot, row_of, report, columns, table.headers)
    _count_units(plan, snapshot, report)
    return plan


def _check_tree(
    plan: UnitsPlan,
    snapshot: UnitsSnapshot,
    row_of: dict[str, int],
    report: ImportReport,
    columns: dict[str, int],
    headers: tuple[str, ...],
) -> None:
    """The tree after the import, from the units of the body and the rows of the file: report
    each cycle once, with its codes in order, and units nested too deep."""
    parent_of = {code: unit["parent_code"] for code, unit in snapshot.units.items()}
    for code, values in plan.rows.items():
        parent_of[code] = values["parent_code"] if "parent_code" in values else parent_of.get(code)
    column = headers[columns["codice_unita_padre"]] if "codice_unita_padre" in columns else ""
    state: dict[str, int] = {}  # 1: on the walk being followed, 2: known to reach a top unit
    for start in parent_of:
        walk: list[str] = []
        code: str | None = start
        while code is not None and state.get(code) is None:
            state[code] = 1
            walk.append(code)
            code = parent_of.get(code)
        if code is not None and state[code] == 1:
            cycle = walk[walk.index(code) :]
            in_file = [c for c in cycle if c in row_of]
            first = min(in_file, key=row_of.__getitem__) if in_file else cycle[0]
            turn = cycle.index(first)
            ordered = [*cycle[turn:], *cycle[:turn], first]
            report.error(
                row_of.get(first, 0),
                column,
                _(
                    "These units would be inside themselves (a cycle): %(cycle)s. Correct the "
                    "parent of one of them."
                )
                % {"cycle": " → ".join(ordered)},
            )
        for visited in walk:
            state[visited] = 2
    if not report.ok:
        return
    depth: dict[str, int] = {}
    for code in parent_of:
        chain = []
        current: str | None = code
        while current is not None and current not in depth:
            chain.append(current)
            current = parent_of.get(current)
        level = depth[current] if current is not None else -1
        for item in reversed(chain):
            level += 1
            depth[item] = level
        if depth[code] >= MAX_UNIT_DEPTH:
            report.error(
                row_of.get(code, 0),
                column,
                _("This unit would be %(depth)d levels deep: at most %(max)d are allowed.")
                % {"depth": depth[code] + 1, "max": MAX_UNIT_DEPTH},
            )


def _count_units(plan: UnitsPlan, snapshot: UnitsSnapshot, report: ImportReport) -> None:
    for code, values in plan.rows.items():
        existing = snapshot.units.get(code)
        if existing is None:
            report.counts["new"] += 1
        elif any(existing[k] != v for k, v in values.items()):
            report.counts["changed"] += 1
        else:
            report.counts["unchanged"] += 1


# Running an import ------------------------------------------------------------------------------


def people_snapshot(body: Body) -> PeopleSnapshot:
    people = {
        row["employee_number"]: row
        for row in Person.objects.filter(body=body).values(
            "id", "employee_number", *PERSON_IMPORT_FIELDS
        )
    }
    return PeopleSnapshot(
        people=people,
        units=dict(OrgUnit.objects.filter(body=body).values_list("code", "id")),
        sites=dict(OfficeSite.objects.filter(body=body).values_list("code", "id")),
    )


def units_snapshot(body: Body) -> UnitsSnapshot:
    rows = list(
        OrgUnit.objects.filter(body=body).values(
            "id", "code", "parent_id", "name", "level_name", "head_id"
        )
    )
    code_of = {row["id"]: row["code"] for row in rows}
    units = {}
    for row in rows:
        row["parent_code"] = code_of.get(row["parent_id"])
        units[row["code"]] = row
    people = dict(Person.objects.filter(body=body).values_list("employee_number", "id"))
    return UnitsSnapshot(units=units, people=people)


def run_import(
    body: Body,
    kind: str,
    content: bytes,
    *,
    full_export: bool = False,
    dry_run: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check a file against the body's data and, unless `dry_run` or any row has an error,
    apply it: all or nothing, in one transaction."""
    report = ImportReport(kind=kind)
    try:
        table = read_table(content, progress)
    except ImportFileError as exc:
        report.error(0, "", exc.message)
        return report
    report.rows = len(table.rows)
    today = today or timezone.localdate()
    with transaction.atomic():
        # One import per body at a time: the second waits, then checks against the first's
        # result. (SQLite takes the write lock when the transaction starts.)
        list(Body.objects.select_for_update().filter(pk=body.pk).values_list("pk"))
        if kind == ImportKind.PEOPLE:
            people = people_snapshot(body)
            people_plan = plan_people(
                table, people, report, full_export=full_export, today=today, progress=progress
            )
            if report.ok and not dry_run:
                _apply_people(body, people_plan, today, progress)
                _audit_people(body, people_plan, people, today)
                report.applied = True
        elif kind == ImportKind.UNITS:
            units = units_snapshot(body)
            units_plan = plan_units(table, units, report, progress=progress)
            if report.ok and not dry_run:
                _apply_units(body, units_plan, units, progress)
                report.applied = True
        else:
            raise ValueError(f"unknown import kind {kind!r}")
    return report


def _chunks(items: list[Any], size: int = BATCH_SIZE) -> Any:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _apply_people(body: Body, plan: PeoplePlan, today: date, progress: Progress | None) -> None:
    total = len(plan.create) + len(plan.update) + len(plan.end)
    done = 0
    new_people = [
        Person(body=body, employee_number=matricola, **values)
        for matricola, values in plan.create.items()
    ]
    for chunk in _chunks(new_people):
        Person.objects.bulk_create(chunk)
        done += len(chunk)
        if progress is not None:
            progress("write", done, total)
    now = timezone.now()
    # Rows that change the same fields go together: bulk_update writes only those columns.
    by_fields: dict[tuple[str, ...], list[Person]] = defaultdict(list)
    for pk, changes in plan.update.items():
        person = Person(pk=pk, updated_at=now, **changes)
        by_fields[tuple(sorted(changes))].append(person)
    for fields, people in by_fields.items():
        update_fields = [f.removesuffix("_id") for f in fields] + ["updated_at"]
        for chunk in _chunks(people):
            Person.objects.bulk_update(chunk, update_fields)
            done += len(chunk)
            if progress is not None:
                progress("write", done, total)
    for chunk in _chunks(plan.end):
        Person.objects.filter(body=body, pk__in=chunk).update(
            is_active=False, ended_on=today, updated_at=now
        )
        people_ended.send(sender=Person, body_id=body.pk, person_ids=list(chunk))
        done += len(chunk)
        if progress is not None:
            progress("write", done, total)


def _audit_people(body: Body, plan: PeoplePlan, snapshot: PeopleSnapshot, today: date) -> None:
    """One audit entry per person created, changed or ended, in the import's transaction.

    The first entry names the import and carries who, how and from where; the people's entries
    copy those and are written in batches, so that a file of 100,000 people does not make
    100,000 round trips (bench/import_people.py)."""
    from agilepa.audit import services as audit
    from agilepa.audit.models import AuditEntry

    if not (plan.create or plan.update or plan.end):
        return
    head = audit.record(
        "import.people",
        body=body,
        object_type="org.importbatch",
        changes={"created": len(plan.create), "updated": len(plan.update), "ended": len(plan.end)},
    )

    # Written with one executemany: Django's bulk_create prepared each of the rows' fields one
    # by one and doubled the import's writing time (bench/import_people.py).
    connection = connections[AuditEntry.objects.db]
    changes_field = AuditEntry._meta.get_field("changes")
    at = connection.ops.adapt_datetimefield_value(head.at)
    columns = (
        "chain, body_id, actor_id, actor_label, via, ip, request_id, at, object_type, action, "
        "object_id, object_label, person_id, changes, changes_digest, prev_hash, hash, redacted_at"
    )
    shared_values = (
        head.chain,
        body.pk,
        head.actor_id,
        head.actor_label,
        head.via,
        head.ip,
        head.request_id,
        at,
        "org.person",
    )

    def entry(action: str, pk: int, name: str, changes: dict[str, Any]) -> tuple[Any, ...]:
        # `changes` comes from audit.diff: already plain values.
        return (
            *shared_values,
            action,
            str(pk),
            name[:200],
            pk,
            changes_field.get_db_prep_save(changes, connection),
            audit.digest(changes, head.actor_label, name[:200]),
            "",
            "",
            None,
        )

    def named(values: dict[str, Any]) -> dict[str, Any]:
        return {k.removesuffix("_id"): v for k, v in values.items()}

    entries = []
    by_id = {row["id"]: row for row in snapshot.people.values()}
    created = dict(
        Person.objects.filter(body=body, employee_number__in=list(plan.create)).values_list(
            "employee_number", "pk"
        )
    )
    for matricola, values in plan.create.items():
        after = named({"employee_number": matricola, **values})
        name = f"{values['first_name']} {values['last_name']}"
        entries.append(entry("person.create", created[matricola], name, audit.diff({}, after)))
    for pk, changes in plan.update.items():
        existing = by_id[pk]
        before = named({k: existing[k] for k in changes})
        action = (
            "person.end"
            if existing["is_active"] and changes.get("is_active") is False
            else ("person.update")
        )
        name = f"{existing['first_name']} {existing['last_name']}"
        entries.append(entry(action, pk, name, audit.diff(before, named(changes))))
    for pk in plan.end:
        existing = by_id[pk]
        before = {"is_active": True, "ended_on": existing["ended_on"]}
        name = f"{existing['first_name']} {existing['last_name']}"
        after = {"is_active": False, "ended_on": today}
        entries.append(entry("person.end", pk, name, audit.diff(before, after)))
    placeholders = ", ".join(["%s"] * len(entries[0])) if entries else ""
    sql = f"INSERT INTO {AuditEntry._meta.db_table} ({columns}) VALUES ({placeholders})"  # noqa: S608 (constants)
    with connection.cursor() as cursor:
        for chunk in _chunks(entries):
            cursor.executemany(sql, chunk)


NEW_UNIT: dict[str, Any] = {"name": "", "level_name": "", "head_id": None, "parent_code": None}


def _apply_units(
    body: Body, plan: UnitsPlan, snapshot: UnitsSnapshot, progress: Progress | None
) -> None:
    existing = snapshot.units
    new_units = [
        OrgUnit(
            body=body,
            code=code,
            name=values["name"],
            level_name=values.get("level_name", ""),
            head_id=values.get("head_id"),
        )
        for code, values in plan.rows.items()
        if code not in existing
    ]
    OrgUnit.objects.bulk_create(new_units, batch_size=BATCH_SIZE)
    id_of = {code: unit["id"] for code, unit in existing.items()}
    id_of.update({unit.code: unit.pk for unit in new_units})
    changed = []
    for code, values in plan.rows.items():
        current = existing.get(code)
        if current is None and not values.get("parent_code"):
            continue  # created as it must be
        if current is not None and all(current[k] == v for k, v in values.items()):
            continue
        merged = {**(current or NEW_UNIT), **values}
        changed.append(
            OrgUnit(
                pk=id_of[code],
                name=merged["name"],
                level_name=merged["level_name"],
                head_id=merged["head_id"],
                parent_id=id_of[merged["parent_code"]] if merged["parent_code"] else None,
            )
        )
    OrgUnit.objects.bulk_update(
        changed, ["name", "level_name", "head", "parent"], batch_size=BATCH_SIZE
    )
    if progress is not None:
        progress("write", len(plan.rows), len(plan.rows))
    recompute_unit_paths(body)


def recompute_unit_paths(body: Body) -> int:
    """Rewrite the materialised path and depth of every unit of `body` whose place in the tree
    changed (see services.unit_path): one read, then bulk updates of the changed rows only.
    Returns how many units were rewritten."""
    rows = list(OrgUnit.objects.filter(body=body).values_list("id", "parent_id", "path", "depth"))
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, parent_id, _path, _depth in rows:
        children[parent_id].append(unit_id)
    placed: dict[int, tuple[str, int]] = {}
    stack = [(unit_id, f"/{unit_id}/", 0) for unit_id in children[None]]
    while stack:
        unit_id, path, depth = stack.pop()
        placed[unit_id] = (path, depth)
        stack.extend((child, f"{path}{child}/", depth + 1) for child in children[unit_id])
    if len(placed) != len(rows):
        raise RuntimeError(f"the units of body {body.pk} do not form a tree")
    moved = [
        OrgUnit(pk=unit_id, path=placed[unit_id][0], depth=placed[unit_id][1])
        for unit_id, _parent, path, depth in rows
        if placed[unit_id] != (path, depth)
    ]
    OrgUnit.objects.bulk_update(moved, ["path", "depth"], batch_size=BATCH_SIZE)
    return len(moved)


# Batches: the preview → confirm steps of the wizard and of the API ------------------------------

HR_ROLES = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)


def batches_for(access: Access) -> QuerySet[ImportBatch]:
    """The body's imports, for HR only; the file contents are not loaded."""
    access.require(*HR_ROLES)
    return ImportBatch.objects.filter(body=access.body).defer("content")


def get_batch(access: Access, batch_id: int) -> ImportBatch:
    """One import of the user's body: another body's is a 404, like a missing one."""
    return get_object_or_404(batches_for(access), pk=batch_id)


def read_upload(upload: Any) -> bytes:
    """The bytes of an uploaded file, refused by size before they are read."""
    check_size(upload.size)
    return upload.read()


def _store_report(batch: ImportBatch, report: ImportReport) -> None:
    batch.row_count = report.rows
    batch.counts = report.counts
    batch.errors = [e.as_dict() for e in report.errors]
    batch.error_count = report.error_count
    batch.warnings = [w.as_dict() for w in report.warnings]


def create_batch(
    access: Access, kind: str, filename: str, content: bytes, *, full_export: bool
) -> ImportBatch:
    """Check an uploaded file and keep it for confirmation, with its counts and errors. A file
    with errors is kept only as its report: it can never be applied."""
    access.require(*HR_ROLES)
    report = run_import(access.body, kind, content, full_export=full_export, dry_run=True)
    batch = ImportBatch(
        body=access.body,
        kind=kind,
        uploaded_by_id=access.user_id,
        filename=filename[-255:],
        full_export=full_export,
        content=content if report.ok else b"",
        status=ImportStatus.PREVIEWED if report.ok else ImportStatus.FAILED,
    )
    _store_report(batch, report)
    batch.save()
    return batch


def confirm_batch(access: Access, batch_id: int) -> tuple[ImportBatch, ImportReport]:
    """Apply a previewed import, checking the file again against the data as it is now. Either
    every row is applied or, when anything is wrong, nothing is and the batch is refused."""
    access.require(*HR_ROLES)
    with transaction.atomic():
        batch = get_object_or_404(
            ImportBatch.objects.select_for_update().filter(body=access.body), pk=batch_id
        )
        if batch.status != ImportStatus.PREVIEWED:
            raise ImportConflict(
                _("This import is %(status)s: upload the file again to import it.")
                % {"status": batch.get_status_display().lower()}
            )
        try:
            report = run_import(
                access.body, batch.kind, bytes(batch.content), full_export=batch.full_export
            )
        except DatabaseError:
            logger.exception("HR import %s refused by the database", batch.pk)
            report = ImportReport(kind=batch.kind)
            report.error(
                0, "", _("The database refused the changes, so nothing was written. Try again.")
            )
        batch.content = b""
        batch.status = ImportStatus.APPLIED if report.applied else ImportStatus.FAILED
        if report.applied:
            batch.applied_at = timezone.now()
            batch.applied_by_id = access.user_id
        _store_report(batch, report)
        batch.save()
    return batch, report
