"""Build real files in memory for upload tests: PDF, DOCX, ODT, XLSX, PNG, and bad ones."""

from __future__ import annotations

import functools
import io
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_bytes(text: str = "Regolamento per il lavoro agile") -> bytes:
    """A small valid one-page PDF showing `text` (ASCII), with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def docx_bytes(text: str = "Regolamento", *, macros: bool = False) -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    paragraphs = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.split("\n"))
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{paragraphs}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", document)
        if macros:
            archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 fake VBA project")
    return out.getvalue()


def odt_bytes(text: str = "Regolamento") -> bytes:
    paragraphs = "".join(f"<text:p>{line}</text:p>" for line in text.split("\n"))
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:text>{paragraphs}</office:text></office:body>"
        "</office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Indicatore"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    """A Django uploaded file: the browser's claimed type is deliberately left meaningless."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    """A copy of a ZIP-based document with one member replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item))
        target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def zip_bomb(data: bytes, name: str, megabytes: int) -> bytes:
    """A copy of a ZIP-based document whose member `name` inflates to `megabytes` of zeros: a
    few hundred kilobytes on the wire. Written in chunks, so building it costs no memory.

    The zeros are deflated once a run (`_deflated_zeros`) and the member gets those bytes, the
    very ones `zipfile` would compute for it (the same compressor, same level): the suite builds
    several bombs of the same size, and deflating 300 MB costs about a second of CPU each time.
    The member's CRC and size are still computed by `zipfile` from the zeros it is handed."""
    out = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item))
        info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w", force_zip64=True) as member:
            member._compressor = _Deflated(_deflated_zeros(megabytes))  # type: ignore[attr-defined]
            for _ in range(megabytes):
                member.write(chunk)
    return out.getvalue()


@functools.cache
def _deflated_zeros(megabytes: int) -> bytes:
    """`megabytes` MiB of zeros deflated as `zipfile` deflates a member (raw deflate, the
    default level), in 1 MiB chunks as `zip_bomb` writes them."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    chunk = bytes(1024 * 1024)
    return b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()


class _Deflated:
    """Stands in for a member's compressor: takes the data (`zipfile` still counts it and
    computes its CRC) and gives the deflated bytes computed beforehand when the member closes."""

    def __init__(self, deflated: bytes) -> None:
        self.deflated = deflated

    def compress(self, data: bytes) -> bytes:
        return b""

    def flush(self) -> bytes:
        return self.deflated


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode()
        for n in range(1, 10)
    )
    + b"]>"
)
