"""Uploads kept in the database, for a deployment of several hosts (docs/operations.md,
"Several hosts"): whatever host saves a file, every other host reads it, and the backups of the
database hold the files too. Selected by AGILEPA_FILE_STORAGE=database; the default stays the
file system under MEDIA_ROOT.

The files are what the platform accepts (signed protocols, HR imports, library materials,
award attachments, each limited to a few tens of megabytes by core/uploads.py), read whole by
the views that serve them: a bytea column holds them well. They are never served by URL, only
through the views that check permissions.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from django.core.files.base import File
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible

from agilepa.core.models import StoredBlob


@deconstructible
class DatabaseStorage(Storage):
    """Django's Storage API over the core_storedblob table."""

    def _open(self, name: str, mode: str = "rb") -> File[bytes]:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("DatabaseStorage files are read-only once saved: save a new one.")
        content = StoredBlob.objects.filter(name=name).values_list("content", flat=True).first()
        if content is None:
            raise FileNotFoundError(name)
        return File(io.BytesIO(bytes(content)), name=name)

    def _save(self, name: str, content: Any) -> str:
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        if isinstance(data, str):
            data = data.encode()
        while True:
            try:
                # A savepoint: a name taken meanwhile by another host does not break the
                # caller's transaction; the next available name is tried instead.
                with transaction.atomic():
                    StoredBlob.objects.create(name=name, content=data, size=len(data))
                return name
            except IntegrityError:
                name = self.get_available_name(name)

    def delete(self, name: str) -> None:
        StoredBlob.objects.filter(name=name).delete()

    def exists(self, name: str) -> bool:
        return StoredBlob.objects.filter(name=name).exists()

    def size(self, name: str) -> int:
        size = StoredBlob.objects.filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(name)
        return int(size)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = f"{path.strip('/')}/" if path.strip("/") else ""
        directories: set[str] = set()
        files: list[str] = []
        for name in StoredBlob.objects.filter(name__startswith=prefix).values_list(
            "name", flat=True
        ):
            rest = name[len(prefix) :]
            if "/" in rest:
                directories.add(rest.split("/", 1)[0])
            else:
                files.append(rest)
        return sorted(directories), sorted(files)

    def get_created_time(self, name: str) -> datetime:
        created = StoredBlob.objects.filter(name=name).values_list("created_at", flat=True).first()
        if created is None:
            raise FileNotFoundError(name)
        return created

    get_modified_time = get_created_time

    def url(self, name: str | None) -> str:
        # Files are served only by the views that check who asks (never by URL).
        raise NotImplementedError("uploaded files are served by permission-checked views")
