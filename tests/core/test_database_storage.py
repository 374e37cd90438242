"""Uploads in the database (AGILEPA_FILE_STORAGE=database): what one host saves, any host reads;
the default storage stays the file system."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from agilepa.core.dbstorage import DatabaseStorage
from agilepa.core.models import StoredBlob
from agilepa.core.uploads import DOCUMENT_KINDS, check_upload, extract_text, store_upload
from tests.filebuilders import docx_bytes, upload

pytestmark = pytest.mark.django_db
DATABASE = {"BACKEND": "agilepa.core.dbstorage.DatabaseStorage"}


@pytest.fixture
def database_storage(settings):
    settings.STORAGES = {**settings.STORAGES, "default": DATABASE}
    return default_storage


def test_a_checked_upload_is_stored_in_the_database_and_read_back(database_storage):
    data = docx_bytes("Regolamento del lavoro agile")
    checked = check_upload(
        upload("regolamento.docx", data), allowed=DOCUMENT_KINDS, max_bytes=1024 * 1024
    )
    stored = store_upload(upload("regolamento.docx", data), checked, folder="materials")
    other = store_upload(upload("regolamento.docx", data), checked, folder="materials")
    assert stored.name != other.name
    assert stored.name.startswith("materials/")
    blob = StoredBlob.objects.get(name=stored.name)
    assert bytes(blob.content) == data and blob.size == len(data)
    assert database_storage.exists(stored.name)
    assert database_storage.size(stored.name) == len(data)
    with database_storage.open(stored.name, "rb") as handle:
        assert handle.read() == data
    assert "Regolamento del lavoro agile" in extract_text(stored.name, "docx")
    assert sorted(database_storage.listdir("materials")[1]) == sorted(
        Path(n).name for n in (stored.name, other.name)
    )
    database_storage.delete(stored.name)
    assert not database_storage.exists(stored.name)
    with pytest.raises(FileNotFoundError):
        database_storage.open(stored.name)


def test_a_taken_name_gets_another():
    storage = DatabaseStorage()
    first = storage.save("imports/a.csv", ContentFile(b"one"))
    second = storage.save("imports/a.csv", ContentFile(b"two"))
    assert first == "imports/a.csv" and second != first
    assert storage.open(second).read() == b"two"
    assert storage.listdir("")[0] == ["imports"]


def test_files_are_never_served_by_url():
    with pytest.raises(NotImplementedError):
        DatabaseStorage().url("imports/a.csv")


def test_the_setting_selects_the_storage_and_refuses_an_unknown_one():
    code = (
        "from django.conf import settings; import django; django.setup();"
        "print(settings.STORAGES['default']['BACKEND'])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "agilepa.settings"}
    env.pop("AGILEPA_FILE_STORAGE", None)

    def backend(value: str | None) -> subprocess.CompletedProcess[str]:
        run_env = dict(env) if value is None else {**env, "AGILEPA_FILE_STORAGE": value}
        return subprocess.run(
            [sys.executable, "-c", code], env=run_env, capture_output=True, text=True
        )

    assert backend(None).stdout.strip() == "django.core.files.storage.FileSystemStorage"
    assert backend("database").stdout.strip() == "agilepa.core.dbstorage.DatabaseStorage"
    refused = backend("s3")
    assert refused.returncode != 0 and "AGILEPA_FILE_STORAGE" in refused.stderr
