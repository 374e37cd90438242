"""Checking, storing and reading uploaded files, shared by every app that accepts attachments.

The type of a file is decided by its content, never by its name or by the browser's
Content-Type: a renamed executable is refused whatever it is called. Accepted files are stored
under MEDIA_ROOT (in the data directory, outside the web root, never served directly) with a
random name; the original name is kept by the caller for display, and downloads go through a view
that checks permissions.

    checked = check_upload(request.FILES["file"], allowed={"pdf", "docx", "odt"}, max_bytes=...)
    stored = store_upload(request.FILES["file"], checked, folder="materials")
    text = extract_text(stored.name, checked.kind)
"""

from __future__ import annotations

import io
import re
import secrets
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The kinds a caller may allow, with what we call them in messages, their MIME type and extension.
KINDS: dict[str, tuple[Any, str, str]] = {
    "pdf": (gettext_lazy("a PDF document"), "application/pdf", ".pdf"),
    "docx": (
        gettext_lazy("a Word document (DOCX)"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "xlsx": (
        gettext_lazy("an Excel workbook (XLSX)"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
    "pptx": (
        gettext_lazy("a PowerPoint presentation (PPTX)"),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
    ),
    "odt": (
        gettext_lazy("an OpenDocument text (ODT)"),
        "application/vnd.oasis.opendocument.text",
        ".odt",
    ),
    "ods": (
        gettext_lazy("an OpenDocument spreadsheet (ODS)"),
        "application/vnd.oasis.opendocument.spreadsheet",
        ".ods",
    ),
    "odp": (
        gettext_lazy("an OpenDocument presentation (ODP)"),
        "application/vnd.oasis.opendocument.presentation",
        ".odp",
    ),
    "png": (gettext_lazy("a PNG image"), "image/png", ".png"),
    "jpeg": (gettext_lazy("a JPEG image"), "image/jpeg", ".jpg"),
    "text": (gettext_lazy("a plain text file"), "text/plain", ".txt"),
    "csv": (gettext_lazy("a CSV file"), "text/csv", ".csv"),
    "markdown": (gettext_lazy("a Markdown file"), "text/markdown", ".md"),
    "html": (gettext_lazy("an HTML page"), "text/html", ".html"),
    "svg": (gettext_lazy("an SVG image"), "image/svg+xml", ".svg"),
    "zip": (gettext_lazy("a ZIP archive"), "application/zip", ".zip"),
}

# Sets callers commonly allow.
DOCUMENT_KINDS = frozenset(
    {"pdf", "docx", "odt", "xlsx", "ods", "pptx", "odp", "text", "csv", "markdown"}
)
IMAGE_KINDS = frozenset({"png", "jpeg"})

_ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
_OOXML_MAIN_PARTS = {
    "wordprocessingml.document.main+xml": "docx",
    "spreadsheetml.sheet.main+xml": "xlsx",
    "presentationml.presentation.main+xml": "pptx",
}
# Executables and scripts, refused whatever the caller allows: (magic prefix, description).
_EXECUTABLE_MAGIC: list[tuple[bytes, Any]] = [
    (b"MZ", gettext_lazy("a Windows executable (MZ/PE)")),
    (b"\x7fELF", gettext_lazy("a Linux/Unix executable (ELF)")),
    (b"\xfe\xed\xfa\xce", gettext_lazy("a macOS executable (Mach-O)")),
    (b"\xfe\xed\xfa\xcf", gettext_lazy("a macOS executable (Mach-O)")),
    (b"\xce\xfa\xed\xfe", gettext_lazy("a macOS executable (Mach-O)")),
    (b"\xcf\xfa\xed\xfe", gettext_lazy("a macOS executable (Mach-O)")),
    (b"\xca\xfe\xba\xbe", gettext_lazy("a macOS universal executable or Java class")),
    (b"#!", gettext_lazy("a script (#!)")),
]
_ACTIVE_MARKUP = re.compile(
    rb"<script|javascript:|\son[a-z]+\s*=|<iframe|<object|<embed|<foreignobject", re.IGNORECASE
)
_TEXT_EXTENSIONS = {".csv": "csv", ".md": "markdown", ".markdown": "markdown"}


@dataclass(frozen=True)
class CheckedUpload:
    """What a file really is: its kind (a key of KINDS), MIME type, size and original name."""

    kind: str
    mime: str
    size: int
    original_name: str

    @property
    def extension(self) -> str:
        return KINDS[self.kind][2]


@dataclass(frozen=True)
class StoredFile:
    """A file saved under MEDIA_ROOT: `name` is relative to it (what a FileField stores)."""

    name: str
    original_name: str
    size: int
    mime: str
    kind: str


def describe(kind: str) -> str:
    """The human name of a kind, for messages ("a PDF document")."""
    return str(KINDS[kind][0])


def _reject(message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError(message % params, code=code)


def _read_all(uploaded: IO[bytes]) -> bytes:
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    data = b"".join(uploaded.chunks()) if hasattr(uploaded, "chunks") else uploaded.read()
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    return data


def _size_of(uploaded: IO[bytes]) -> int:
    size = getattr(uploaded, "size", None)
    if size is not None:
        return int(size)
    position = uploaded.tell()
    uploaded.seek(0, io.SEEK_END)
    size = uploaded.tell()
    uploaded.seek(position)
    return size


# ZIP members are stored or deflated in every office format; other methods (bzip2, LZMA) are
# refused because Python inflates their chunks without an output bound.
_ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
# Members smaller than this are not held to the compression ratio: a short run of repeated
# bytes compresses far, and is harmless.
_RATIO_FLOOR = 1024 * 1024


def check_zip_directory(
    archive: zipfile.ZipFile, name: str, *, max_total: int | None = None
) -> None:
    """Refuse a ZIP bomb from the archive's central directory, before any member is inflated.

    Each member's declared size, its compression ratio and the total are checked against
    ZIP_MAX_MEMBER_BYTES, ZIP_MAX_RATIO and ZIP_MAX_TOTAL_BYTES (or `max_total`); Python's
    zipfile never inflates a deflated member past its declared size, so the declaration is
    binding."""
    infos = archive.infolist()
    total_limit = settings.ZIP_MAX_TOTAL_BYTES if max_total is None else max_total
    if len(infos) > settings.ZIP_MAX_MEMBERS:
        raise _reject(
            _("“%(name)s” holds %(count)d files: more than any document has."),
            "zip_bomb",
            name=name,
            count=len(infos),
        )
    total = 0
    for info in infos:
        if info.compress_type not in _ZIP_METHODS:
            raise _reject(
                _("“%(name)s” uses a compression method office documents do not use."),
                "zip_method",
                name=name,
            )
        ratio_too_high = info.file_size > _RATIO_FLOOR and (
            info.file_size > settings.ZIP_MAX_RATIO * max(info.compress_size, 1)
        )
        if info.file_size > settings.ZIP_MAX_MEMBER_BYTES or ratio_too_high:
            raise _reject(
                _(
                    "“%(name)s” expands to %(size)s from %(packed)s: it is built to exhaust "
                    "memory, or it is not an ordinary document. It is not accepted."
                ),
                "zip_bomb",
                name=name,
                size=filesizeformat(info.file_size),
                packed=filesizeformat(info.compress_size),
            )
        total += info.file_size
    if total > total_limit:
        raise _reject(
            _("“%(name)s” expands to %(size)s in all: too large to accept (at most %(limit)s)."),
            "zip_bomb",
            name=name,
            size=filesizeformat(total),
            limit=filesizeformat(total_limit),
        )


def _sniff_zip(data: bytes, name: str) -> str:
    """The kind of a ZIP-based file: ODF by its `mimetype`, OOXML by `[Content_Types].xml`.

    Refuses ZIP bombs (core.uploads.check_zip_directory) before reading any member, and
    documents carrying macros (VBA projects in OOXML, Basic/Scripts in ODF): a macro is
    executable content whatever the document's extension says.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _reject(
            _("“%(name)s” looks like a ZIP-based file but is damaged (%(detail)s)."),
            "corrupt",
            name=name,
            detail=error,
        ) from error
    check_zip_directory(archive, name)
    lowered = [entry.lower() for entry in names]
    if any(entry.endswith("vbaproject.bin") for entry in lowered) or any(
        entry.startswith(("basic/", "scripts/")) for entry in lowered
    ):
        raise _reject(
            _(
                "“%(name)s” is an office document that contains macros, which are not "
                "accepted. Save it without macros (e.g. as .docx or .odt) and upload it again."
            ),
            "macros",
            name=name,
        )
    with archive:
        if "mimetype" in names:
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
            if mimetype in _ODF_MIMETYPES:
                return _ODF_MIMETYPES[mimetype]
        if "[Content_Types].xml" in names:
            content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
            if "macroEnabled" in content_types:
                raise _reject(
                    _(
                        "“%(name)s” is a macro-enabled office document, which is not "
                        "accepted. Save it without macros and upload it again."
                    ),
                    "macros",
                    name=name,
                )
            for part, kind in _OOXML_MAIN_PARTS.items():
                if part in content_types:
                    return kind
    return "zip"


def _sniff_text(data: bytes, name: str) -> str:
    if b"\x00" in data:
        return ""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return ""
    head = data[:4096].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "svg"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        return "html"
    return _TEXT_EXTENSIONS.get(Path(name).suffix.lower(), "text")


def sniff(data: bytes, name: str = "") -> str:
    """The kind of `data` by its content, or "" when it is an unknown binary.

    Raises ValidationError for executables, scripts, active markup and macros, and for damaged
    ZIP-based files, whatever the caller allows.
    """
    for magic, description in _EXECUTABLE_MAGIC:
        if data.startswith(magic):
            raise _reject(
                _("“%(name)s” is %(what)s, whatever its name says: executables are not accepted."),
                "executable",
                name=name,
                what=description,
            )
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data, name)
    kind = _sniff_text(data, name)
    if kind in {"html", "svg"} and _ACTIVE_MARKUP.search(data):
        raise _reject(
            _("“%(name)s” is %(what)s containing scripts, which are not accepted."),
            "script",
            name=name,
            what=describe(kind),
        )
    return kind


def _pdf_text(data: bytes) -> tuple[bool, str]:
    """Run Debian's `pdftotext` (poppler-utils) on the bytes: (it could read them, the text)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        try:
            result = subprocess.run(  # noqa: S603 - fixed program, our own temporary file
                ["pdftotext", "-q", "-enc", "UTF-8", handle.name, "-"],  # noqa: S607
                capture_output=True,
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return False, ""
    return result.returncode == 0, result.stdout.decode("utf-8", "replace")


def check_upload(
    uploaded: IO[bytes],
    *,
    allowed: Iterable[str],
    max_bytes: int,
    name: str | None = None,
) -> CheckedUpload:
    """Check an uploaded file and say what it is; raise ValidationError with a clear message.

    Refused: empty files, files over `max_bytes` (the message gives both sizes), executables and
    scripts whatever their name, office files with macros, HTML/SVG with scripts, damaged PDF or
    ZIP-based files, and anything whose real kind is not in `allowed` (the message names the
    real kind and the accepted ones).
    """
    allowed = set(allowed)
    unknown = allowed - KINDS.keys()
    if unknown:
        raise ValueError(f"Unknown upload kinds: {sorted(unknown)}")
    name = name or Path(getattr(uploaded, "name", "") or "").name or _("the file")
    size = _size_of(uploaded)
    if size == 0:
        raise _reject(_("“%(name)s” is empty (0 bytes)."), "empty", name=name)
    if size > max_bytes:
        raise _reject(
            _("“%(name)s” is %(size)s; the largest file accepted here is %(limit)s."),
            "too_large",
            name=name,
            size=filesizeformat(size),
            limit=filesizeformat(max_bytes),
        )
    data = _read_all(uploaded)
    kind = sniff(data, name)
    accepted = ", ".join(sorted(describe(k) for k in allowed))
    if not kind:
        raise _reject(
            _("The content of “%(name)s” is not a known file type. Accepted: %(accepted)s."),
            "unknown_type",
            name=name,
            accepted=accepted,
        )
    if kind not in allowed:
        raise _reject(
            _("“%(name)s” is %(what)s, which is not accepted here. Accepted: %(accepted)s."),
            "type_not_allowed",
            name=name,
            what=describe(kind),
            accepted=accepted,
        )
    if kind == "pdf":
        readable, _text = _pdf_text(data)
        if not readable:
            raise _reject(
                _("“%(name)s” is a damaged PDF that cannot be read. Export it again and retry."),
                "corrupt",
                name=name,
            )
    return CheckedUpload(kind=kind, mime=KINDS[kind][1], size=size, original_name=name)


def store_upload(uploaded: IO[bytes], checked: CheckedUpload, *, folder: str) -> StoredFile:
    """Save a checked file under MEDIA_ROOT/<folder>/ with a random name; keep the original's."""
    random_name = f"{folder.strip('/')}/{secrets.token_hex(16)}{checked.extension}"
    saved = default_storage.save(random_name, ContentFile(_read_all(uploaded)))
    return StoredFile(
        name=saved,
        original_name=checked.original_name,
        size=checked.size,
        mime=checked.mime,
        kind=checked.kind,
    )


def parse_xml(xml: bytes) -> Any:
    """Parse XML from an upload with defusedxml, refusing any document type declaration (office
    parts have none; entity expansion and external entities need one). Whatever the encoding
    (a UTF-16 part hides a DTD from a byte search), the parser itself refuses it.

    Raises defusedxml's DefusedXmlException for a DTD, ElementTree.ParseError for bad XML."""
    return SafeElementTree.fromstring(xml, forbid_dtd=True)


def _xml_text(xml: bytes, paragraph_tags: tuple[str, ...]) -> str:
    """The text of an XML part, a line per paragraph (tags matched by local name)."""
    try:
        root = parse_xml(xml)
    except (SafeElementTree.ParseError, DefusedXmlException):
        return ""
    lines: list[str] = []
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1]
        if local in paragraph_tags:
            text = "".join(element.itertext()).strip()
            if text:
                lines.append(text)
    return "\n".join(lines)


def extract_text_from_bytes(data: bytes, kind: str) -> str:
    """The text of a document, for full-text search: PDF, DOCX/XLSX/PPTX, ODF, plain text."""
    if kind == "pdf":
        return _pdf_text(data)[1]
    if kind in {"text", "csv", "markdown"}:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", "replace")
    parts: dict[str, tuple[str, ...]] = {
        "docx": ("word/document.xml",),
        "odt": ("content.xml",),
        "ods": ("content.xml",),
        "odp": ("content.xml",),
        "xlsx": ("xl/sharedStrings.xml",),
    }
    if kind not in parts and kind != "pptx":
        return ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip_directory(archive, "")
            names = (
                sorted(n for n in archive.namelist() if n.startswith("ppt/slides/slide"))
                if kind == "pptx"
                else [n for n in parts[kind] if n in archive.namelist()]
            )
            return "\n".join(_xml_text(archive.read(n), ("p", "h", "si")) for n in names).strip()
    except (zipfile.BadZipFile, OSError, KeyError, ValidationError):
        return ""


def extract_text(name: str, kind: str) -> str:
    """The text of a stored file (a name relative to MEDIA_ROOT)."""
    with default_storage.open(name, "rb") as handle:
        return extract_text_from_bytes(handle.read(), kind)
