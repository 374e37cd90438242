"""Files built to exhaust a worker: ZIP bombs are refused from the archive's directory before
any member is inflated, and XML with a document type declaration (entity bombs, external
entities) is refused by the parser whatever its encoding."""

from __future__ import annotations

import tracemalloc

import pytest
from defusedxml import DefusedXmlException
from django.core.exceptions import ValidationError
from django.test import override_settings

from agilepa.core.uploads import DOCUMENT_KINDS, check_upload, extract_text_from_bytes, parse_xml
from tests.filebuilders import (
    BILLION_LAUGHS,
    docx_bytes,
    odt_bytes,
    upload,
    with_member,
    xlsx_bytes,
    zip_bomb,
)

# Inflated, each of these would take this much memory; compressed, a few hundred kilobytes.
BOMB_MEGABYTES = 300

BOMBS = {
    "docx": (docx_bytes, "word/document.xml"),
    "xlsx": (xlsx_bytes, "xl/worksheets/sheet1.xml"),
    "odt": (odt_bytes, "content.xml"),
    # The first member read to tell the kind: a bomb there is inflated first.
    "odt-mimetype": (odt_bytes, "mimetype"),
    "docx-content-types": (docx_bytes, "[Content_Types].xml"),
}


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {
        kind: zip_bomb(build(), member, BOMB_MEGABYTES) for kind, (build, member) in BOMBS.items()
    }


@pytest.mark.parametrize("kind", BOMBS)
def test_a_zip_bomb_is_refused_without_inflating_it(bombs, kind: str) -> None:
    data = bombs[kind]
    assert len(data) < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            check_upload(
                upload(f"file.{kind[:4]}", data), allowed=DOCUMENT_KINDS, max_bytes=20 << 20
            )
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.code == "zip_bomb"
    assert "exhaust memory" in refused.value.messages[0]
    assert peak < 16 * 1024 * 1024, f"peak {peak} bytes: a member was inflated"


@override_settings(ZIP_MAX_TOTAL_BYTES=64 * 1024)
def test_many_modest_members_are_refused_by_their_total() -> None:
    data = docx_bytes()
    for number in range(10):
        data = with_member(data, f"word/media/image{number}.bin", bytes(range(256)) * 40)
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("many.docx", data), allowed={"docx"}, max_bytes=1 << 20)
    assert refused.value.code == "zip_bomb"
    assert "in all" in refused.value.messages[0]


def test_an_ordinary_document_still_passes() -> None:
    checked = check_upload(upload("ok.docx", docx_bytes()), allowed={"docx"}, max_bytes=1 << 20)
    assert checked.kind == "docx"


def test_a_billion_laughs_document_is_not_expanded() -> None:
    part = BILLION_LAUGHS + b"<w:document><w:p>&lol9;</w:p></w:document>"
    with pytest.raises(DefusedXmlException):
        parse_xml(part)
    data = with_member(docx_bytes("Testo"), "word/document.xml", part)
    assert extract_text_from_bytes(data, "docx") == ""


def test_a_utf16_document_type_declaration_is_refused_too() -> None:
    part = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>'
    encoded = part.encode("utf-16")
    assert b"<!DOCTYPE" not in encoded  # what a byte search would look for
    with pytest.raises(DefusedXmlException):
        parse_xml(encoded)
