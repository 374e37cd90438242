"""Backing up the site and restoring it: `python -m agilepa backup DEST` / `restore SRC`.

These tests run on whichever database the suite runs on (SQLite and PostgreSQL both); they are
transactional so that pg_dump, another process, sees the committed rows.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from agilepa.core import backup
from agilepa.core.models import User
from agilepa.org.models import ImportBatch, Person
from tests.factories import PersonFactory, make_agreement, make_regulation

pytestmark = pytest.mark.django_db(transaction=True)

FILES = {
    "agreements/2026/accordo firmato.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "community/materiali/perché è così.txt": "Città, attività — «virgolette»\n".encode(),
    "imports/empty.csv": b"",
}


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    root = tmp_path / "data" / "media"
    settings.MEDIA_ROOT = root
    for name, content in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


@pytest.fixture
def site(media: Path, matrix):
    """The two bodies of `world`, the records of every app from the tenancy matrix (with the
    files some of them upload, into the test's MEDIA_ROOT set up first), an agreement (dates,
    times, JSON lists) and uploaded files."""
    world = matrix[0]
    make_regulation(world.a.body)
    make_agreement(world.a.employee_person)
    return world


def table_rows() -> dict[str, list[str]]:
    """Every row of every table, read back through Django's own connection (not the code under
    test), in a stable order."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows[table] = sorted(repr(row) for row in cursor.fetchall())
    return rows


def media_contents(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's content and modification time (to the second, as tar keeps it)."""
    return {
        path.relative_to(root).as_posix(): (path.read_bytes(), int(path.stat().st_mtime))
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def take_backup(dest: Path, **options) -> Path:
    return backup.create_backup(dest, **options).path


def rewrite_archive(path: Path, change) -> None:
    """Rewrite the archive with `change(name, data) -> data` applied to every member."""
    members = []
    with tarfile.open(path) as archive:
        for member in archive:
            members.append((member.name, archive.extractfile(member).read()))
    with tarfile.open(path, "w") as archive:
        for name, data in members:
            data = change(name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def test_a_restore_brings_back_every_row_and_every_file(site, media: Path, tmp_path: Path) -> None:
    before_rows, before_files = table_rows(), media_contents(media)
    assert before_rows["agreements_agreement"] and before_rows["org_importbatch"]
    assert len(before_files) > len(FILES)  # the matrix's own uploads are there too

    path = take_backup(tmp_path / "backups")
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    media.mkdir()
    (media / "stray.txt").write_bytes(b"written after the backup")
    call_command("restore", str(path), "--force", verbosity=0)

    assert table_rows() == before_rows
    assert media_contents(media) == before_files
    # The sequences come back too: the next row gets a fresh key.
    assert User.objects.create(email="after.restore@a.it").pk > max(
        User.objects.exclude(email="after.restore@a.it").values_list("pk", flat=True)
    )


def test_an_empty_site_is_restored_without_force(site, media: Path, tmp_path: Path) -> None:
    before_rows = table_rows()
    path = take_backup(tmp_path / "backups")
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)

    out = io.StringIO()
    call_command("restore", str(path), stdout=out)

    assert table_rows() == before_rows
    assert "Restored the backup" in out.getvalue()


def test_a_site_with_data_is_not_replaced_without_force_and_is_told_what_would_be(
    site, media: Path, tmp_path: Path
) -> None:
    path = take_backup(tmp_path / "backups")
    PersonFactory(body=site.a.body, unit=site.a.service, last_name="Dopo")
    (media / "new.txt").write_bytes(b"uploaded after the backup")
    rows, files = table_rows(), media_contents(media)

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path))

    message = str(refused.value)
    assert "--force" in message
    assert f"{Person.objects.count()} rows in org_person" in message
    assert "1 uploaded file" in message
    assert "\n" not in message
    assert table_rows() == rows
    assert media_contents(media) == files


def test_a_damaged_backup_is_refused_and_nothing_changes(site, media: Path, tmp_path: Path) -> None:
    path = take_backup(tmp_path / "backups")
    PersonFactory(body=site.a.body, unit=site.a.service)
    rows, files = table_rows(), media_contents(media)
    database = backup.DATABASE_FILES[connection.vendor]
    with tarfile.open(path) as archive:
        offset = archive.getmember(database).offset_data + 1000
    with path.open("r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0xFF]))

    with pytest.raises(CommandError, match=r"damaged.*nothing was changed"):
        call_command("restore", str(path), "--force")

    assert table_rows() == rows
    assert media_contents(media) == files


def test_a_truncated_backup_is_refused_and_nothing_changes(
    site, media: Path, tmp_path: Path
) -> None:
    path = take_backup(tmp_path / "backups")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    rows, files = table_rows(), media_contents(media)

    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(path), "--force")

    assert table_rows() == rows
    assert media_contents(media) == files


def test_an_uploaded_file_changed_in_the_archive_is_refused(
    site, media: Path, tmp_path: Path
) -> None:
    path = take_backup(tmp_path / "backups")
    rewrite_archive(
        path, lambda name, data: b"tampered" if name == "media/imports/empty.csv" else data
    )

    with pytest.raises(CommandError, match=r"uploaded file imports/empty\.csv"):
        call_command("restore", str(path), "--force")


def test_an_archive_that_tries_to_write_outside_media_root_is_refused(
    site, media: Path, tmp_path: Path
) -> None:
    path = take_backup(tmp_path / "backups")
    escape = "media/../../escaped.txt"

    def smuggle(name: str, data: bytes) -> bytes:
        if name != backup.MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["files"]["../../escaped.txt"] = {"sha256": "0" * 64, "bytes": 4}
        return json.dumps(manifest).encode()

    rewrite_archive(path, smuggle)
    with tarfile.open(path, "a") as archive:
        info = tarfile.TarInfo(escape)
        info.size = 4
        archive.addfile(info, io.BytesIO(b"evil"))

    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(path), "--force")

    assert not list(tmp_path.rglob("escaped.txt"))


def test_a_backup_file_is_readable_by_its_owner_only(db, media: Path, tmp_path: Path) -> None:
    path = take_backup(tmp_path / "backups")

    assert path.stat().st_mode & 0o777 == 0o600


def test_a_backup_of_a_newer_schema_is_refused(site, media: Path, tmp_path: Path) -> None:
    path = take_backup(tmp_path / "backups")

    def from_the_future(name: str, data: bytes) -> bytes:
        if name != backup.MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["migrations"].append("core.9999_from_the_future")
        manifest["app_version"] = "9.0.0"
        return json.dumps(manifest).encode()

    rewrite_archive(path, from_the_future)
    PersonFactory(body=site.a.body, unit=site.a.service)
    rows = table_rows()

    with pytest.raises(CommandError, match=r"newer version of Agile PA \(9.0.0\).*9999"):
        call_command("restore", str(path), "--force")

    assert table_rows() == rows


def test_a_backup_of_an_older_schema_is_restored_and_says_to_migrate(
    site, media: Path, tmp_path: Path
) -> None:
    path = take_backup(tmp_path / "backups")
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations WHERE app = 'core'")
        latest = max(f"{app}.{name}" for app, name in cursor.fetchall())

    def from_the_past(name: str, data: bytes) -> bytes:
        if name != backup.MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["migrations"].remove(latest)
        return json.dumps(manifest).encode()

    rewrite_archive(path, from_the_past)
    out = io.StringIO()
    call_command("restore", str(path), "--force", stdout=out)

    assert "run `python -m agilepa migrate` now (1 migration to apply)" in out.getvalue()


def test_a_missing_or_unreadable_source_gives_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "nowhere.tar"))
    with pytest.raises(CommandError, match="is a folder"):
        call_command("restore", str(tmp_path))
    not_a_backup = tmp_path / "notes.tar"
    not_a_backup.write_text("just some text")
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(not_a_backup))


def test_the_command_line_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "agilepa", "restore", str(tmp_path / "nowhere.tar")],
        capture_output=True,
        text=True,
        env={**os.environ, "AGILEPA_DATA_DIR": str(tmp_path)},
        check=False,
    )

    assert done.returncode != 0
    assert done.stderr.strip().count("\n") == 0
    assert "nowhere.tar" in done.stderr


def test_an_encrypted_backup_needs_its_passphrase(
    site, media: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("BACKUP_PASSPHRASE", "correct horse battery staple")
    monkeypatch.setenv("WRONG_PASSPHRASE", "correct horse battery")
    out = io.StringIO()
    call_command(
        "backup", str(tmp_path / "backups"), "--passphrase-env", "BACKUP_PASSPHRASE", stdout=out
    )
    (path,) = (tmp_path / "backups").iterdir()
    assert path.name.endswith(".tar.gpg")
    assert not tarfile.is_tarfile(path)
    assert b"employee@a.it" not in path.read_bytes()
    rows, files = table_rows(), media_contents(media)
    call_command("flush", interactive=False, verbosity=0)
    emptied = table_rows()

    with pytest.raises(CommandError, match="encrypted"):
        call_command("restore", str(path))
    with pytest.raises(CommandError, match=r"Wrong passphrase.*nothing was changed"):
        call_command("restore", str(path), "--passphrase-env", "WRONG_PASSPHRASE")
    assert table_rows() == emptied

    secret = tmp_path / "passphrase"
    secret.write_text("correct horse battery staple\n")
    call_command("restore", str(path), "--force", "--passphrase-file", str(secret), verbosity=0)

    assert table_rows() == rows
    assert media_contents(media) == files


def test_keep_deletes_all_but_the_newest_backups(db, media: Path, tmp_path: Path) -> None:
    dest = tmp_path / "backups"
    dest.mkdir()
    (dest / "notes.txt").write_text("not a backup: left alone")
    for day in (1, 2, 3):
        take_backup(dest, now=datetime(2026, 11, day, 2, 0, tzinfo=UTC), keep=2)

    assert sorted(path.name for path in dest.iterdir()) == [
        "agilepa-backup-20261102T020000Z.tar",
        "agilepa-backup-20261103T020000Z.tar",
        "notes.txt",
    ]


def test_a_backup_taken_while_the_site_writes_restores_to_a_consistent_state(
    site, media: Path, tmp_path: Path
) -> None:
    """A writer thread commits pairs of rows while the backup runs: the restored database holds
    whole pairs only, as the site saw it at one instant."""
    body = site.a.body
    first_commit, stop = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def write_pairs() -> None:
        try:
            number = 0
            while not stop.is_set():
                with transaction.atomic():
                    for _ in range(2):
                        ImportBatch.objects.create(
                            body=body, kind="people", filename=f"pair-{number}", content=b"x"
                        )
                number += 1
                first_commit.set()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
            first_commit.set()
        finally:
            connection.close()

    writer = threading.Thread(target=write_pairs)
    writer.start()
    try:
        assert first_commit.wait(timeout=60)
        path = take_backup(tmp_path / "backups")
    finally:
        stop.set()
        writer.join()
    assert not errors

    call_command("restore", str(path), "--force", verbosity=0)

    pairs = ImportBatch.objects.filter(filename__startswith="pair-")
    names = list(pairs.values_list("filename", flat=True))
    assert names
    assert all(names.count(name) == 2 for name in names)
