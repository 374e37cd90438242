"""HR import files built to harm the worker: a ZIP bomb is refused from the workbook's
directory before anything is inflated; XML with a document type declaration (an entity bomb, a
UTF-16 one a byte search would miss) is refused by the parser."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

import pytest
from django.utils import translation

from agilepa.core.tabular import ImportFileError, read_table
from tests.filebuilders import BILLION_LAUGHS, with_member, zip_bomb
from tests.org.test_import_reading import handmade_xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ROWS = '<row r="1"><c r="A1" t="inlineStr"><is><t>matricola</t></is></c></row>'


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"])
def test_a_zip_bomb_workbook_is_refused_before_it_is_inflated(member: str) -> None:
    bomb = zip_bomb(handmade_xlsx(ROWS), member, 300)
    assert len(bomb) < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError, match="exhaust memory"):
            read_table(bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, f"peak {peak} bytes: a member was inflated"


def test_a_zip_bomb_disguised_as_an_opendocument_is_refused() -> None:
    # The workbook is removed before the bomb is added: copying the bomb would inflate it.
    without_workbook = with_member(handmade_xlsx(ROWS), "xl/workbook.xml", b"")
    bomb = zip_bomb(without_workbook, "mimetype", 300)
    with pytest.raises(ImportFileError, match="exhaust memory"):
        read_table(bomb)


def test_a_billion_laughs_in_the_shared_strings_is_refused() -> None:
    shared = BILLION_LAUGHS + f'<sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>'.encode()
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    workbook = with_member(handmade_xlsx(rows), "xl/sharedStrings.xml", shared)
    with pytest.raises(ImportFileError, match="document type declaration"):
        read_table(workbook)


def test_a_utf16_document_type_declaration_is_refused() -> None:
    sheet = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "matricola">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode("utf-16")
    assert b"<!DOCTYPE" not in sheet
    workbook = with_member(handmade_xlsx(ROWS), "xl/worksheets/sheet1.xml", sheet)
    with pytest.raises(ImportFileError, match="document type declaration"):
        read_table(workbook)
