"""Reading an HR file: the encodings, separators and formats HR systems export, and the files
that are not spreadsheets at all. Pure functions: no database."""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation

from agilepa.core.tabular import (
    ImportFileError,
    normalize_header,
    parse_date,
    parse_percent,
    read_table,
    sniff_delimiter,
)
from agilepa.org.imports.columns import parse_contract


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """The messages are asserted in English, the source language (Italian is the default)."""
    with translation.override("en"):
        yield


SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
HEADER = "matricola;cognome;nome;codice_unità"
ROW = "000101;Ferrè;Niccolò;SERV1"


def text_file(text: str, encoding: str) -> bytes:
    return text.encode(encoding)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("cp1252", b""),
        ("utf-16", b""),  # Python writes the BOM itself
    ],
)
def test_accented_names_survive_every_encoding_hr_systems_export(
    encoding: str, prefix: bytes
) -> None:
    table = read_table(prefix + text_file(f"{HEADER}\r\n{ROW}\r\n", encoding))
    assert table.headers == ("matricola", "cognome", "nome", "codice_unità")
    assert table.rows == [(2, ("000101", "Ferrè", "Niccolò", "SERV1"))]


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_the_separator_is_found_from_the_header(separator: str) -> None:
    content = f"{HEADER}\n{ROW}\n".replace(";", separator).encode()
    assert read_table(content).rows[0][1] == ("000101", "Ferrè", "Niccolò", "SERV1")


def test_a_quoted_separator_does_not_fool_the_sniffer() -> None:
    assert sniff_delimiter('"cognome; nome";"a;b";c,d') == ";"
    assert sniff_delimiter('"cognome, nome","x",y') == ","
    assert sniff_delimiter("matricola") == ";"


def test_rows_keep_the_numbers_a_spreadsheet_shows_and_blank_rows_are_skipped() -> None:
    content = b"\n;;\nmatricola;cognome\n1;Rossi\n\n;\n2;Verdi\n"
    table = read_table(content)
    assert table.header_row == 3
    assert [number for number, _cells in table.rows] == [4, 7]


def test_a_quoted_cell_may_hold_a_newline() -> None:
    table = read_table(b'matricola;note\n1;"due\nrighe"\n2;x\n')
    assert table.rows == [(2, ("1", "due\nrighe")), (3, ("2", "x"))]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Codice Unità", "codice_unita"),
        ("  CODICE_FISCALE ", "codice_fiscale"),
        ("E-mail", "e_mail"),
        ("Percentuale part-time (%)", "percentuale_part_time"),
        ("Data di assunzione", "data_di_assunzione"),
    ],
)
def test_headers_match_ignoring_case_accents_spaces_and_punctuation(
    header: str, expected: str
) -> None:
    assert normalize_header(header) == expected


def xlsx(rows: list[list[object]], formats: dict[str, str] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_workbook_gives_real_dates_numbers_and_percentages() -> None:
    content = xlsx(
        [
            ["matricola", "data_assunzione", "percentuale_part_time"],
            [4512, datetime(2015, 3, 1), 0.5],
        ],
        formats={"C2": "0%"},
    )
    table = read_table(content)
    assert table.headers == ("matricola", "data_assunzione", "percentuale_part_time")
    number, cells = table.rows[0]
    assert number == 2
    assert cells[0] == 4512
    assert parse_date(cells[1]) == date(2015, 3, 1)
    assert parse_percent(cells[2]) == 50


def test_the_sample_files_are_read() -> None:
    people = read_table((SAMPLES / "persone.csv").read_bytes())
    workbook = read_table((SAMPLES / "persone.xlsx").read_bytes())
    units = read_table((SAMPLES / "unita.csv").read_bytes())
    assert len(people.rows) == len(workbook.rows) == 12
    assert people.rows[0][1][2] == "Niccolò"
    assert len(units.rows) == 10


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01/03/2015", date(2015, 3, 1)),
        ("1/3/2015", date(2015, 3, 1)),
        ("01-03-2015", date(2015, 3, 1)),
        ("01.03.2015", date(2015, 3, 1)),
        ("2015-03-01", date(2015, 3, 1)),
        ("2015-03-01 00:00:00", date(2015, 3, 1)),
        (datetime(2015, 3, 1), date(2015, 3, 1)),
        (42064, date(2015, 3, 1)),  # an Excel serial day that lost its date format
        ("", None),
        (None, None),
    ],
)
def test_dates_are_read_in_the_italian_and_iso_forms(value: object, expected: date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value", ["31/02/2015", "03/2015", "2015/03/01", "1-3/2015", "ieri", "01/03/15", "01/03/1850"]
)
def test_anything_else_is_not_a_date(value: str) -> None:
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("50", 50), ("50%", 50), ("83,33", 83.33), (" 75 % ", 75), (66.5, 66.5), ("", None)],
)
def test_percentages_are_read_as_written(value: object, expected: float | None) -> None:
    assert parse_percent(value) == expected


@pytest.mark.parametrize("value", ["metà", "50%%", "nan", "1e999"])
def test_a_percentage_must_be_a_number(value: str) -> None:
    with pytest.raises(ValueError):
        parse_percent(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tempo pieno", "full_time"),
        ("FULL-TIME", "full_time"),
        ("part-time", "part_time"),
        ("Part time", "part_time"),
        ("tempo parziale", "part_time"),
        ("", None),
    ],
)
def test_contracts_are_read_from_the_words_hr_systems_use(value: str, expected: str) -> None:
    assert parse_contract(value) == expected


def test_an_empty_file_is_refused() -> None:
    for content in (b"", b"  \r\n\n", codecs.BOM_UTF8, xlsx([])):
        with pytest.raises(ImportFileError, match="empty"):
            read_table(content)


def test_a_file_with_only_the_header_is_refused() -> None:
    with pytest.raises(ImportFileError, match="no data rows"):
        read_table(b"matricola;cognome;nome\n\n")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings) -> None:
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(ImportFileError, match="limit"):
        read_table(b"matricola;cognome\n" + b"1;Rossi\n" * 20)


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n", "PDF"),
        (PNG, "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), ".xls"),
        (zip_of({"readme.txt": b"hello"}), "ZIP archive"),
        (zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "OpenDocument"),
        (zip_of({"xl/workbook.xml": b"<not-a-workbook"}), "damaged"),
        (b"PK\x03\x04 truncated", "ZIP archive"),
        (bytes(range(256)) * 4, "not a spreadsheet"),
        (b"matricola;cognome\n1;Ros\x00si\n", "not a spreadsheet"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_with_the_reason(
    content: bytes, reason: str
) -> None:
    with pytest.raises(ImportFileError, match=reason):
        read_table(content)


PLAIN_STYLES = '<cellXfs><xf numFmtId="0"/></cellXfs>'


def handmade_xlsx(
    sheet_rows: str, shared: str = "", workbook_pr: str = "", styles: str = ""
) -> bytes:
    """A minimal workbook written by hand, as some HR systems write theirs: inline strings,
    rich-text shared strings, missing cells, no dimension."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": b"<Types/>",
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}">{workbook_pr}'
            '<sheets><sheet name="Personale" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/styles" Target="/xl/styles.xml"/>'
            "</Relationships>"
        ).encode(),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><sheetData>{sheet_rows}</sheetData></worksheet>'
        ).encode(),
        "xl/sharedStrings.xml": f'<sst xmlns="{main}">{shared}</sst>'.encode(),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{main}">{styles or PLAIN_STYLES}</styleSheet>'
        ).encode(),
    }
    return zip_of(files)


def test_a_handmade_workbook_with_inline_and_rich_text_strings_is_read() -> None:
    content = handmade_xlsx(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>matricola</t></is></c>'
        '<c r="C1" t="s"><v>0</v></c></row>'
        '<row r="4"><c r="A4" t="inlineStr"><is><t>000101</t></is></c>'
        '<c r="C4" t="s"><v>1</v></c><c r="D4" t="b"><v>1</v></c></row>',
        shared=(
            "<si><t>cognome</t></si>"
            "<si><r><t>Fer</t></r><r><rPr><b/></rPr><t>rè</t></r><rPh><t>フェレ</t></rPh></si>"
        ),
    )
    table = read_table(content)
    assert table.headers == ("matricola", "", "cognome")
    assert table.rows == [(4, ("000101", None, "Ferrè", True))]


def test_dates_follow_the_cell_style_and_the_1904_calendar() -> None:
    styles = (
        '<numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/>'
        '<xf numFmtId="9"/></cellXfs>'
    )
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
        '<row r="2"><c r="A2" s="1"><v>42064</v></c><c r="B2" s="2"><v>42064</v></c>'
        '<c r="C2" s="3"><v>0.5</v></c><c r="D2"><v>42064</v></c><c r="E2"><v>83.33</v></c></row>'
    )
    cells = read_table(handmade_xlsx(rows, styles=styles)).rows[0][1]
    assert cells == (datetime(2015, 3, 1), datetime(2015, 3, 1), "50%", 42064, 83.33)
    in_1904 = read_table(
        handmade_xlsx(rows, styles=styles, workbook_pr='<workbookPr date1904="1"/>')
    )
    assert in_1904.rows[0][1][0] == datetime(2019, 3, 2)


def test_a_workbook_with_a_document_type_declaration_is_refused() -> None:
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol;</t></is></c></row>'
    content = handmade_xlsx(rows)
    sheet = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + rows.encode() + b"</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = sheet if item.filename.endswith("sheet1.xml") else source.read(item)
            target.writestr(item.filename, data)
    with pytest.raises(ImportFileError, match="document type declaration"):
        read_table(buffer.getvalue())
