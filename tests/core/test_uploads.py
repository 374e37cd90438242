"""The shared upload checker: type by content, size limits, executables, macros, corrupt PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from agilepa.core.uploads import (
    DOCUMENT_KINDS,
    check_upload,
    extract_text,
    extract_text_from_bytes,
    store_upload,
)
from tests.filebuilders import (
    docx_bytes,
    odt_bytes,
    pdf_bytes,
    png_bytes,
    upload,
    xlsx_bytes,
)

MB = 1024 * 1024


def rejection(name: str, data: bytes, allowed=DOCUMENT_KINDS, max_bytes: int = MB):
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(name, data), allowed=allowed, max_bytes=max_bytes)
    return caught.value


@pytest.mark.parametrize(
    ("name", "builder", "kind"),
    [
        ("regolamento.pdf", pdf_bytes, "pdf"),
        ("regolamento.docx", docx_bytes, "docx"),
        ("regolamento.odt", odt_bytes, "odt"),
        ("indicatori.xlsx", xlsx_bytes, "xlsx"),
        ("logo.png", png_bytes, "png"),
    ],
)
def test_real_files_are_recognised_by_content(name, builder, kind):
    checked = check_upload(upload(name, builder()), allowed=DOCUMENT_KINDS | {"png"}, max_bytes=MB)
    assert checked.kind == kind
    assert checked.original_name == name


def test_type_comes_from_content_not_from_the_name():
    checked = check_upload(upload("note.txt", docx_bytes()), allowed={"docx"}, max_bytes=MB)
    assert checked.kind == "docx"
    assert checked.extension == ".docx"


def test_plain_text_csv_and_markdown_are_accepted():
    for name, kind in [("a.txt", "text"), ("a.csv", "csv"), ("a.md", "markdown")]:
        checked = check_upload(
            upload(name, "codice;nome\n1;Àrea".encode()), allowed=DOCUMENT_KINDS, max_bytes=MB
        )
        assert checked.kind == kind


def test_renamed_windows_executable_is_refused_whatever_the_caller_allows():
    error = rejection("regolamento.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100)
    assert error.code == "executable"
    assert "MZ/PE" in error.message
    assert "regolamento.pdf" in error.message


@pytest.mark.parametrize(
    ("data", "marker"),
    [
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 50, "ELF"),
        (b"\xcf\xfa\xed\xfe" + b"\x00" * 50, "Mach-O"),
        (b"#!/bin/sh\nrm -rf /\n", "#!"),
    ],
)
def test_other_executables_and_scripts_are_refused(data, marker):
    error = rejection("guida.txt", data)
    assert error.code == "executable"
    assert marker in error.message


def test_html_with_script_is_refused_even_if_html_were_allowed():
    error = rejection("x.txt", b"<html><body><script>alert(1)</script></body></html>", {"html"})
    assert error.code == "script"


def test_svg_with_event_handler_is_refused():
    error = rejection("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>')
    assert error.code == "script"


def test_office_document_with_macros_is_refused():
    error = rejection("modello.docx", docx_bytes(macros=True))
    assert error.code == "macros"


def test_empty_file_is_refused():
    error = rejection("vuoto.pdf", b"")
    assert error.code == "empty"
    assert "vuoto.pdf" in error.message


def test_oversized_file_is_refused_with_both_sizes():
    data = pdf_bytes() + b"%" * 3000
    error = rejection("grande.pdf", data, max_bytes=2000)
    assert error.code == "too_large"
    assert filesizeformat(len(data)) in error.message
    assert filesizeformat(2000) in error.message


def test_corrupt_pdf_is_refused():
    error = rejection("rotto.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog garbage")
    assert error.code == "corrupt"
    assert "rotto.pdf" in error.message


def test_truncated_pdf_is_refused():
    error = rejection("troncato.pdf", pdf_bytes()[:60])
    assert error.code == "corrupt"


def test_kind_not_allowed_names_what_the_file_really_is():
    error = rejection("foto.pdf", png_bytes(), allowed={"pdf"})
    assert error.code == "type_not_allowed"
    assert "PNG" in error.message
    assert "PDF" in error.message


def test_unknown_binary_is_refused():
    error = rejection("dati.bin", bytes(range(256)) * 4)
    assert error.code == "unknown_type"


def test_damaged_zip_is_refused():
    error = rejection("modello.docx", b"PK\x03\x04" + b"\x00" * 40)
    assert error.code == "corrupt"


def test_unknown_kind_in_allowed_set_is_a_programming_error():
    with pytest.raises(ValueError, match="exe"):
        check_upload(upload("a.pdf", pdf_bytes()), allowed={"exe"}, max_bytes=MB)


def test_accepted_file_is_stored_under_media_root_with_a_random_name(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    file = upload("Regolamento lavoro agile.pdf", pdf_bytes("Lavoro agile"))
    checked = check_upload(file, allowed={"pdf"}, max_bytes=MB)
    stored = store_upload(file, checked, folder="materials")
    other = store_upload(file, checked, folder="materials")
    assert stored.name.startswith("materials/")
    assert stored.name.endswith(".pdf")
    assert "Regolamento" not in stored.name
    assert stored.name != other.name
    assert stored.original_name == "Regolamento lavoro agile.pdf"
    assert (Path(tmp_path) / stored.name).read_bytes() == pdf_bytes("Lavoro agile")
    assert "Lavoro agile" in extract_text(stored.name, "pdf")


def test_text_is_extracted_from_docx_and_odt():
    assert "Disciplina" in extract_text_from_bytes(docx_bytes("Disciplina\nregolamenti"), "docx")
    assert "regolamenti" in extract_text_from_bytes(odt_bytes("Disciplina\nregolamenti"), "odt")
