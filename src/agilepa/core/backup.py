"""Backups of the whole site (database and uploaded files) and their restore.

One backup is one file, `agilepa-backup-YYYYmmddTHHMMSSZ.tar` (`.tar.gpg` when encrypted), that
holds `manifest.json`, the database (SQLite: a copy made with sqlite3's online backup API;
PostgreSQL: `pg_dump -Fc`) and the files under MEDIA_ROOT (`media/...`). The manifest says what
the archive should contain: the app version, the migrations applied, the rows and a checksum of
every table, the size and SHA-256 of the database file and of every uploaded file.

Why the checksums are computed the way they are:

- Each table's checksum is a sum, over its rows, of the first 128 bits of the SHA-256 of the row's
  text, with the row count. A sum does not depend on the order of the rows, so neither the
  collation nor the physical order matters, and PostgreSQL computes it in one pass in SQL (no
  sort, no rows in Python's memory) — inside the restore's own transaction, so a restore whose
  tables do not come out identical rolls back. The row's text is PostgreSQL's own text form of
  the row (`row::text`, under fixed TimeZone, DateStyle, float and bytea settings) and, for
  SQLite, Python's `repr` of the row's tuple of plain values (int, float, str, bytes, None), both
  exact for floats, dates, JSON and bytes. The archive itself is guarded by SHA-256 (database
  file, every uploaded file), checked before anything is touched.
- A backup is consistent while the site writes: SQLite's backup API copies the pages under one
  read transaction and the checksums are computed from the copy; for PostgreSQL a REPEATABLE READ
  transaction exports its snapshot, pg_dump dumps that snapshot (`--snapshot`) and the checksums
  are computed in the same transaction, so the dump and the manifest describe the same instant.

A restore never half-restores: everything in the archive is checked (sizes, SHA-256, the
manifest, the migrations against the code's) and the files are unpacked beside MEDIA_ROOT before
the database is touched; the database is replaced in one transaction (PostgreSQL: the old tables
dropped and the dump restored through psql in one transaction that verifies every table before it
commits; SQLite: the backup API writing the verified copy into the live file, atomically for
other connections, then the tables checked); the uploaded files are then swapped in by renaming.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

FORMAT = 1
NAME_PATTERN = re.compile(r"^agilepa-backup-(\d{8}T\d{6}Z)\.tar(\.gpg)?$")
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# What `migrate` writes by itself describes the schema, not the site's data: a freshly migrated
# database differs from the backup in these tables (other dates, other keys) and a restore that
# replaces them loses nothing, so they never make a restore ask for --force.
SCHEMA_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with one line that says why and what to do."""


class NeedsForce(BackupError):
    """The database or the uploaded files hold data the restore would replace."""

    def __init__(self, tables: dict[str, int], files: int) -> None:
        self.tables = tables
        self.files = files
        parts = [
            ngettext("%(rows)d row in %(table)s", "%(rows)d rows in %(table)s", rows)
            % {"rows": rows, "table": table}
            for table, rows in sorted(tables.items(), key=lambda item: (-item[1], item[0]))
        ]
        if len(parts) > 8:
            rest = len(parts) - 8
            parts = [
                *parts[:8],
                ngettext("%(count)d more table", "%(count)d more tables", rest) % {"count": rest},
            ]
        if files:
            parts.append(
                ngettext("%(count)d uploaded file", "%(count)d uploaded files", files)
                % {"count": files}
            )
        super().__init__(
            _(
                "The site is not empty: the restore would replace %(what)s. Run it again with "
                "--force to replace them."
            )
            % {"what": ", ".join(parts)}
        )


@dataclass(frozen=True)
class TableSum:
    rows: int
    checksum: str


@dataclass(frozen=True)
class MediaFile:
    sha256: str
    bytes: int


@dataclass(frozen=True)
class Manifest:
    """What a backup holds; written as manifest.json, read back and checked before a restore."""

    app_version: str
    created_at: str
    engine: str
    migrations: tuple[str, ...]
    database_file: str
    database_sha256: str
    database_bytes: int
    tables: dict[str, TableSum]
    files: dict[str, MediaFile]
    format: int = FORMAT

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": self.format,
                "app_version": self.app_version,
                "created_at": self.created_at,
                "engine": self.engine,
                "migrations": list(self.migrations),
                "database": {
                    "file": self.database_file,
                    "sha256": self.database_sha256,
                    "bytes": self.database_bytes,
                },
                "tables": {
                    name: {"rows": table.rows, "checksum": table.checksum}
                    for name, table in sorted(self.tables.items())
                },
                "files": {
                    name: {"sha256": f.sha256, "bytes": f.bytes}
                    for name, f in sorted(self.files.items())
                },
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, text: bytes) -> Manifest:
        try:
            data = json.loads(text)
            if data["format"] != FORMAT:
                raise BackupError(
                    _("This backup has format %(found)s; this version reads format %(known)s.")
                    % {"found": data["format"], "known": FORMAT}
                )
            database = data["database"]
            return cls(
                app_version=str(data["app_version"]),
                created_at=str(data["created_at"]),
                engine=str(data["engine"]),
                migrations=tuple(str(m) for m in data["migrations"]),
                database_file=str(database["file"]),
                database_sha256=str(database["sha256"]),
                database_bytes=int(database["bytes"]),
                tables={
                    str(name): TableSum(rows=int(t["rows"]), checksum=str(t["checksum"]))
                    for name, t in data["tables"].items()
                },
                files={
                    str(name): MediaFile(sha256=str(f["sha256"]), bytes=int(f["bytes"]))
                    for name, f in data["files"].items()
                },
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(damaged(_("its manifest cannot be read"))) from exc

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables.values())


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    manifest: Manifest
    pruned: tuple[Path, ...] = ()


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    pending_migrations: tuple[str, ...] = ()


def damaged(reason: str) -> str:
    return _("The backup is damaged (%(reason)s): nothing was changed.") % {"reason": reason}


def app_version() -> str:
    try:
        return metadata.version("agilepa")
    except metadata.PackageNotFoundError:
        return "unknown"


def engine() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %(db)s.") % {"db": vendor})
    return vendor


# -- Checksums -------------------------------------------------------------------------------

# PostgreSQL: the text of a row depends on these settings, fixed on both ends.
PG_SETTINGS = (
    "SET LOCAL TimeZone = 'UTC'",
    "SET LOCAL DateStyle = 'ISO, YMD'",
    "SET LOCAL IntervalStyle = 'postgres'",
    "SET LOCAL extra_float_digits = 1",
    "SET LOCAL bytea_output = 'hex'",
)


def quote_table(schema: str, table: str) -> str:
    return '"{}"."{}"'.format(schema.replace('"', '""'), table.replace('"', '""'))


def pg_checksum_sql(schema: str, table: str) -> str:
    """One row: the row count and the checksum of `table`, computed by PostgreSQL in one pass.

    Each row's SHA-256 gives two signed 64-bit integers (its first 16 bytes); their sums, exact
    as numeric, make the checksum. The same text runs at backup and inside the restore.
    """
    digest = "sha256(convert_to(agilepa_backup_row::text, 'UTF8'))"
    first, second = (
        f"('x' || encode(substring({digest} from {start} for 8), 'hex'))::bit(64)::bigint::numeric"
        for start in (1, 9)
    )
    return (
        f"SELECT count(*), coalesce(sum({first}), 0)::text || ':' || "  # noqa: S608
        f"coalesce(sum({second}), 0)::text FROM {quote_table(schema, table)} AS agilepa_backup_row"
    )


def signed64(data: bytes) -> int:
    return int.from_bytes(data, "big", signed=True)


def sqlite_tables(db: sqlite3.Connection) -> list[str]:
    return [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]


def sqlite_checksums(path: Path) -> dict[str, TableSum]:
    """Every table's rows and checksum, read with the stdlib driver (plain values only)."""
    with closing(sqlite3.connect(path, timeout=20)) as db:
        sums = {}
        for table in sqlite_tables(db):
            rows, first, second = 0, 0, 0
            quoted = '"{}"'.format(table.replace('"', '""'))
            for row in db.execute(f"SELECT * FROM {quoted}"):  # noqa: S608
                digest = hashlib.sha256(repr(row).encode()).digest()
                rows += 1
                first += signed64(digest[:8])
                second += signed64(digest[8:16])
            sums[table] = TableSum(rows=rows, checksum=f"{first}:{second}")
        return sums


def pg_schema_and_tables(cursor: Any) -> tuple[str, list[str]]:
    cursor.execute("SELECT current_schema()")
    schema = cursor.fetchone()[0]
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", [schema]
    )
    return schema, [name for (name,) in cursor.fetchall()]


def pg_checksums(cursor: Any) -> dict[str, TableSum]:
    """Every table's rows and checksum, in the cursor's transaction (PG_SETTINGS applied)."""
    schema, tables = pg_schema_and_tables(cursor)
    sums = {}
    for table in tables:
        cursor.execute(pg_checksum_sql(schema, table))
        rows, checksum = cursor.fetchone()
        sums[table] = TableSum(rows=rows, checksum=checksum)
    return sums


def live_checksums() -> dict[str, TableSum]:
    """The current database's tables, to tell what a restore would replace."""
    if engine() == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        return sqlite_checksums(path) if path.exists() else {}
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in PG_SETTINGS:
            cursor.execute(statement)
        return pg_checksums(cursor)


# -- Files -----------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Regular files under root, as (posix relative name, path), in a stable order."""
    if not root.is_dir():
        return
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder, name)
            if path.is_file():
                yield path.relative_to(root).as_posix(), path


class HashingReader(io.RawIOBase):
    """Reads a file for tarfile while hashing exactly the bytes that go into the archive."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def add_file(archive: tarfile.TarFile, path: Path, name: str) -> MediaFile:
    """Add path as name; the manifest gets the hash of what was written, even if the file grows."""
    with path.open("rb") as handle:
        info = tarfile.TarInfo(name)
        info.size = os.fstat(handle.fileno()).st_size
        info.mtime = int(os.fstat(handle.fileno()).st_mtime)
        info.mode = 0o644
        reader = HashingReader(handle)
        archive.addfile(info, reader)
        return MediaFile(sha256=reader.digest.hexdigest(), bytes=info.size)


# -- Encryption ------------------------------------------------------------------------------


@contextmanager
def gpg_home() -> Iterator[str]:
    """A throwaway GnuPG home: no keyring of the user is read or changed, nothing is cached."""
    home = tempfile.mkdtemp(prefix="agilepa-gnupg-")
    try:
        yield home
    finally:
        subprocess.run(  # noqa: S603
            ["gpgconf", "--homedir", home, "--kill", "gpg-agent"],  # noqa: S607
            capture_output=True,
            check=False,
        )
        shutil.rmtree(home, ignore_errors=True)


def run_gpg(arguments: list[str], passphrase: str) -> subprocess.CompletedProcess[bytes]:
    """gpg with the passphrase through a pipe: never on a command line, never in a file."""
    gpg = shutil.which("gpg")
    if gpg is None:
        raise BackupError(_("gpg is not installed: install the Debian package gnupg."))
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, passphrase.encode() + b"\n")
    finally:
        os.close(write_end)
    try:
        with gpg_home() as home:
            return subprocess.run(  # noqa: S603
                [
                    gpg,
                    "--homedir",
                    home,
                    "--batch",
                    "--quiet",
                    "--yes",
                    "--no-symkey-cache",
                    "--pinentry-mode",
                    "loopback",
                    "--passphrase-fd",
                    str(read_end),
                    *arguments,
                ],
                pass_fds=(read_end,),
                capture_output=True,
                check=False,
            )
    finally:
        os.close(read_end)


def encrypt(plain: Path, encrypted: Path, passphrase: str) -> None:
    done = run_gpg(
        ["--symmetric", "--cipher-algo", "AES256", "--output", str(encrypted), str(plain)],
        passphrase,
    )
    if done.returncode:
        raise BackupError(
            _("gpg could not encrypt the backup: %(error)s")
            % {"error": last_line(done.stderr.decode(errors="replace"))}
        )


def decrypt(encrypted: Path, plain: Path, passphrase: str) -> None:
    done = run_gpg(["--decrypt", "--output", str(plain), str(encrypted)], passphrase)
    if done.returncode:
        error = done.stderr.decode(errors="replace")
        if "Bad session key" in error or "decryption failed" in error:
            raise BackupError(_("Wrong passphrase, or the backup is damaged: nothing was changed."))
        raise BackupError(damaged(_("gpg cannot read it: %(error)s") % {"error": last_line(error)}))


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


# -- PostgreSQL ------------------------------------------------------------------------------


def pg_environment() -> dict[str, str]:
    """libpq's environment for pg_dump, pg_restore and psql: no password on a command line."""
    settings_dict = connection.settings_dict
    env = dict(os.environ)
    values = {
        "PGDATABASE": settings_dict.get("NAME"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
    }
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        values[variable] = options.get(option)
    for variable, value in values.items():
        if value:
            env[variable] = str(value)
        else:
            env.pop(variable, None)
    return env


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("%(tool)s is not installed: install postgresql-client, of the server's version.")
            % {"tool": name}
        )
    return path


def dump_postgresql(target: Path) -> tuple[dict[str, TableSum], tuple[str, ...]]:
    """pg_dump of an exported snapshot, and the checksums and migrations of that same snapshot."""
    pg_dump = require_tool("pg_dump")
    if connection.in_atomic_block:
        raise BackupError(_("A backup cannot run inside a database transaction."))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for statement in PG_SETTINGS:
            cursor.execute(statement)
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        with tempfile.TemporaryFile() as errors:
            dump = subprocess.Popen(  # noqa: S603
                [
                    pg_dump,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                ],
                env=pg_environment(),
                stdout=subprocess.DEVNULL,
                stderr=errors,
            )
            try:
                sums = pg_checksums(cursor)
                cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
                migrations = tuple(f"{app}.{name}" for app, name in cursor.fetchall())
            finally:
                returncode = dump.wait()
            if returncode:
                errors.seek(0)
                raise BackupError(
                    _("pg_dump failed: %(error)s")
                    % {"error": last_line(errors.read().decode(errors="replace"))}
                )
    return sums, migrations


def restore_postgresql(dump: Path, manifest: Manifest) -> None:
    """Drop the tables, restore the dump and verify every table, all in one transaction.

    The dump goes through psql rather than `pg_restore --single-transaction` so that the same
    transaction can first drop the tables the backup does not have (a database migrated further
    than the backup) and end with the checksum check, which rolls everything back if it fails.
    """
    pg_restore = require_tool("pg_restore")
    psql = require_tool("psql")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = cursor.fetchone()[0]
    connections.close_all()
    literal = schema.replace("'", "''")
    prologue = f"""
BEGIN;
SET client_min_messages = warning;
DO $agilepa$
DECLARE item record;
BEGIN
  FOR item IN
    SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relkind
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = '{literal}' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.objid = c.oid AND d.deptype = 'e')
  LOOP
    IF item.relkind IN ('v', 'm') THEN
      EXECUTE format('DROP %s IF EXISTS %s CASCADE',
                     CASE item.relkind WHEN 'v' THEN 'VIEW' ELSE 'MATERIALIZED VIEW' END,
                     item.name);
    ELSIF item.relkind = 'f' THEN
      EXECUTE format('DROP FOREIGN TABLE IF EXISTS %s CASCADE', item.name);
    ELSE
      EXECUTE format('DROP TABLE IF EXISTS %s CASCADE', item.name);
    END IF;
  END LOOP;
END
$agilepa$;
"""  # noqa: S608
    checks = [
        "SET TimeZone = 'UTC';",
        "SET DateStyle = 'ISO, YMD';",
        "SET IntervalStyle = 'postgres';",
        "SET extra_float_digits = 1;",
        "SET bytea_output = 'hex';",
        "DO $agilepa$",
        "DECLARE found_rows bigint; found_sum text;",
        "BEGIN",
    ]
    for table, expected in sorted(manifest.tables.items()):
        name = table.replace("'", "''")
        checks += [
            f"  {pg_checksum_sql(schema, table)} INTO found_rows, found_sum;",
            f"  IF found_rows <> {int(expected.rows)} OR found_sum <> "
            f"'{expected.checksum.replace(chr(39), '')}' THEN",
            f"    RAISE EXCEPTION 'agilepa-restore: table {name} differs from the backup';",
            "  END IF;",
        ]
    checks += ["END", "$agilepa$;", "COMMIT;"]
    env = pg_environment()
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as restore_errors:
        apply = subprocess.Popen(  # noqa: S603
            [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=output,
            stderr=output,
        )
        assert apply.stdin is not None
        script = subprocess.Popen(  # noqa: S603
            [
                pg_restore,
                "--no-owner",
                "--no-privileges",
                "--clean",
                "--if-exists",
                "-f",
                "-",
                dump,
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=restore_errors,
        )
        assert script.stdout is not None
        try:
            apply.stdin.write(prologue.encode())
            shutil.copyfileobj(script.stdout, apply.stdin, CHUNK)
            script_code = script.wait()
            if script_code == 0:
                apply.stdin.write("\n".join(checks).encode() + b"\n")
            # Without the COMMIT psql ends the session and PostgreSQL rolls everything back.
            apply.stdin.close()
        except BrokenPipeError:
            script.kill()
            script_code = script.wait()
        apply_code = apply.wait()
        if script_code:
            restore_errors.seek(0)
            raise BackupError(
                damaged(
                    _("pg_restore cannot read the dump: %(error)s")
                    % {"error": last_line(restore_errors.read().decode(errors="replace"))}
                )
            )
        if apply_code:
            output.seek(0)
            text = output.read().decode(errors="replace")
            errors = [line for line in text.splitlines() if "ERROR" in line]
            raise BackupError(
                _("The restore failed and was rolled back, nothing was changed: %(error)s")
                % {"error": (errors[0] if errors else last_line(text)).strip()}
            )


# -- SQLite ----------------------------------------------------------------------------------


def sqlite_path() -> Path:
    name = connection.settings_dict["NAME"]
    if not name or str(name) == ":memory:" or str(name).startswith("file:"):
        raise BackupError(
            _("Backups need an SQLite database in a file, not %(name)s.") % {"name": name}
        )
    return Path(name)


def dump_sqlite(target: Path) -> tuple[dict[str, TableSum], tuple[str, ...]]:
    """A page-level copy under one read transaction (consistent while the site writes)."""
    source = sqlite_path()
    if not source.exists():
        raise BackupError(_("There is no database at %(path)s yet.") % {"path": source})
    with (
        closing(sqlite3.connect(source, timeout=20)) as live,
        closing(sqlite3.connect(target)) as copy,
    ):
        live.backup(copy)
    return sqlite_checksums(target), sqlite_migrations(target)


def sqlite_migrations(path: Path) -> tuple[str, ...]:
    with closing(sqlite3.connect(path)) as db:
        try:
            rows = db.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            return tuple(f"{app}.{name}" for app, name in rows)
        except sqlite3.DatabaseError:
            return ()


def restore_sqlite(copy: Path, manifest: Manifest) -> None:
    """Write the verified copy into the live file with the backup API, then check the tables.

    The backup API replaces the destination in one write transaction that other connections
    (the site, the worker) see as a whole, and it handles the WAL, which renaming a file over a
    database that is open in WAL mode would corrupt.
    """
    target = sqlite_path()
    connections.close_all()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with (
            closing(sqlite3.connect(copy)) as source,
            closing(sqlite3.connect(target, timeout=60)) as live,
        ):
            source.backup(live)
    except sqlite3.Error as exc:
        raise BackupError(
            _("The restore failed and was rolled back, nothing was changed: %(error)s")
            % {"error": exc}
        ) from exc
    if sqlite_checksums(target) != manifest.tables:
        raise BackupError(
            _(
                "The database %(file)s differs from the backup after the restore: run the "
                "restore again with --force."
            )
            % {"file": target}
        )


# -- Backup ----------------------------------------------------------------------------------


def backup_name(moment: datetime, encrypted: bool) -> str:
    stamp = moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"agilepa-backup-{stamp}.tar" + (".gpg" if encrypted else "")


def create_backup(
    dest: Path,
    *,
    passphrase: str | None = None,
    keep: int | None = None,
    now: datetime | None = None,
) -> BackupResult:
    """Write one backup file into dest; with keep, then delete all but the newest keep."""
    if keep is not None and keep < 1:
        raise BackupError(_("--keep must be at least 1."))
    kind = engine()
    moment = now or datetime.now(UTC)
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(
            _("Cannot create %(path)s: %(reason)s.") % {"path": dest, "reason": exc.strerror}
        ) from exc
    final = dest / backup_name(moment, encrypted=passphrase is not None)
    if final.exists():
        raise BackupError(_("%(path)s already exists.") % {"path": final})
    try:
        work = Path(tempfile.mkdtemp(prefix=".agilepa-backup-", dir=dest))
    except OSError as exc:
        raise BackupError(
            _("Cannot write into %(path)s: %(reason)s.") % {"path": dest, "reason": exc.strerror}
        ) from exc
    try:
        database = work / DATABASE_FILES[kind]
        if kind == "sqlite":
            tables, migrations = dump_sqlite(database)
        else:
            tables, migrations = dump_postgresql(database)
        plain = work / "backup.tar"
        with tarfile.open(plain, "w", format=tarfile.PAX_FORMAT) as archive:
            database_entry = add_file(archive, database, database.name)
            files = {}
            for name, path in media_files(media_root()):
                try:
                    files[name] = add_file(archive, path, MEDIA_PREFIX + name)
                except FileNotFoundError:
                    continue  # deleted by the site since the folder was listed
            manifest = Manifest(
                app_version=app_version(),
                created_at=moment.astimezone(UTC).isoformat(),
                engine=kind,
                migrations=migrations,
                database_file=database.name,
                database_sha256=database_entry.sha256,
                database_bytes=database_entry.bytes,
                tables=tables,
                files=files,
            )
            body = manifest.to_json().encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            info.mtime = int(moment.timestamp())
            info.mode = 0o644
            archive.addfile(info, io.BytesIO(body))
        database.unlink()
        if passphrase is not None:
            sealed = work / "backup.tar.gpg"
            encrypt(plain, sealed, passphrase)
            plain.unlink()
            plain = sealed
        # The archive holds personal data (people, agreements, signed documents).
        plain.chmod(0o600)
        os.replace(plain, final)
    except OSError as exc:
        raise BackupError(
            _("Cannot write the backup into %(path)s: %(reason)s.")
            % {"path": dest, "reason": exc.strerror or exc}
        ) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    pruned = prune(dest, keep) if keep else ()
    return BackupResult(path=final, size=final.stat().st_size, manifest=manifest, pruned=pruned)


def prune(dest: Path, keep: int) -> tuple[Path, ...]:
    """Delete all but the newest `keep` backups in dest (only files named as our backups)."""
    backups = sorted(
        (path for path in dest.iterdir() if path.is_file() and NAME_PATTERN.match(path.name)),
        key=lambda path: NAME_PATTERN.match(path.name).group(1),  # type: ignore[union-attr]
        reverse=True,
    )
    old = tuple(backups[keep:])
    for path in old:
        path.unlink()
    return old


# -- Restore ---------------------------------------------------------------------------------


def check_schema(manifest: Manifest) -> tuple[str, ...]:
    """Refuse a backup of a newer schema; return the migrations to apply after an older one."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known: set[str] = set()
    squashed: dict[str, set[str]] = {}
    for (app, name), migration in loader.disk_migrations.items():
        known.add(f"{app}.{name}")
        if migration.replaces:
            squashed[f"{app}.{name}"] = {f"{a}.{n}" for a, n in migration.replaces}
            known.update(squashed[f"{app}.{name}"])
    unknown = sorted(set(manifest.migrations) - known)
    if unknown:
        shown = ", ".join(unknown[:3]) + (" …" if len(unknown) > 3 else "")
        raise BackupError(
            _(
                "This backup comes from a newer version of Agile PA (%(version)s): its database "
                "has migrations this code does not know (%(migrations)s). Install that version "
                "or a later one first: nothing was changed."
            )
            % {"version": manifest.app_version, "migrations": shown}
        )
    applied = set(manifest.migrations)
    replaced = set().union(*squashed.values()) if squashed else set()
    return tuple(
        sorted(
            name
            for name in known
            if name not in applied
            and name not in replaced
            and not (name in squashed and squashed[name] <= applied)
        )
    )


def unpack(src: Path, work: Path, passphrase: str | None) -> tuple[Manifest, Path, Path]:
    """Check the whole archive and unpack it into work: (manifest, database file, media folder).

    Raises BackupError for anything wrong; nothing outside work is written.
    """
    if src.is_dir():
        raise BackupError(_("%(path)s is a folder: name a backup file in it.") % {"path": src})
    try:
        with src.open("rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise BackupError(
            _("Cannot read %(path)s: %(reason)s.") % {"path": src, "reason": exc.strerror}
        ) from exc
    archive_path = src
    if src.name.endswith(".gpg") or (head and not tarfile.is_tarfile(src) and head[0] & 0x80):
        if passphrase is None:
            raise BackupError(
                _(
                    "This backup is encrypted: give its passphrase with --passphrase-env or "
                    "--passphrase-file."
                )
            )
        archive_path = work / "backup.tar"
        decrypt(src, archive_path, passphrase)
    media = work / "media"
    media.mkdir()
    database: Path | None = None
    manifest_text: bytes | None = None
    seen: dict[str, MediaFile] = {}
    database_entry: MediaFile | None = None
    try:
        with tarfile.open(archive_path, "r:") as archive:
            for member in archive:
                name = member.name
                if not member.isfile():
                    raise BackupError(damaged(_("it holds %(name)s, not a file") % {"name": name}))
                handle = archive.extractfile(member)
                assert handle is not None
                if name == MANIFEST:
                    manifest_text = handle.read(10 * CHUNK)
                    continue
                if name in DATABASE_FILES.values():
                    database = work / name
                    database_entry = copy_hashing(handle, database)
                    continue
                relative = PurePosixPath(name[len(MEDIA_PREFIX) :])
                if (
                    not name.startswith(MEDIA_PREFIX)
                    or relative.is_absolute()
                    or ".." in relative.parts
                    or not relative.parts
                ):
                    raise BackupError(damaged(_("it holds %(name)s") % {"name": name}))
                target = media.joinpath(*relative.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                seen[relative.as_posix()] = copy_hashing(handle, target)
                os.utime(target, (member.mtime, member.mtime))
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(
            damaged(_("not a readable backup archive: %(error)s") % {"error": exc})
        ) from exc
    if manifest_text is None or database is None or database_entry is None:
        raise BackupError(damaged(_("its manifest or its database is missing")))
    manifest = Manifest.from_json(manifest_text)
    if manifest.database_file != database.name or database_entry != MediaFile(
        manifest.database_sha256, manifest.database_bytes
    ):
        raise BackupError(damaged(_("the database's checksum does not match the manifest")))
    if seen != manifest.files:
        wrong = sorted(
            name
            for name in set(seen) | set(manifest.files)
            if seen.get(name) != manifest.files.get(name)
        )
        raise BackupError(
            damaged(
                _("the uploaded file %(name)s does not match the manifest") % {"name": wrong[0]}
            )
        )
    return manifest, database, media


def copy_hashing(handle: IO[bytes], target: Path) -> MediaFile:
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as out:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return MediaFile(sha256=digest.hexdigest(), bytes=size)


def what_would_be_replaced(manifest: Manifest) -> tuple[dict[str, int], int]:
    """Rows in tables that differ from the backup's, and uploaded files the backup lacks or changes.

    A freshly migrated database holds rows its migrations wrote (content types, the ISTAT list);
    they are the same as in the backup, so they do not count: only what the restore would lose.
    """
    tables = {
        name: current.rows
        for name, current in live_checksums().items()
        if name not in SCHEMA_TABLES and current.rows and manifest.tables.get(name) != current
    }
    files = sum(
        1
        for name, path in media_files(media_root())
        if name not in manifest.files or manifest.files[name].sha256 != sha256_file(path)
    )
    return tables, files


def swap_media(unpacked: Path) -> None:
    """Put the restored files in place by renames in the same folder, then drop the old ones."""
    root = media_root()
    old = None
    if root.exists():
        old = root.with_name(f".{root.name}-replaced-{os.getpid()}")
        os.replace(root, old)
    os.replace(unpacked, root)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def restore_backup(
    src: Path,
    *,
    passphrase: str | None = None,
    force: bool = False,
    on_step: Callable[[str], None] | None = None,
) -> RestoreResult:
    """Check the backup completely, then replace the database and the uploaded files with it."""
    say = on_step or (lambda message: None)
    kind = engine()
    if not src.exists():
        raise BackupError(_("%(path)s does not exist.") % {"path": src})
    root = media_root()
    try:
        root.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".agilepa-restore-", dir=root.parent))
    except OSError as exc:
        raise BackupError(
            _("Cannot write beside %(path)s: %(reason)s.") % {"path": root, "reason": exc.strerror}
        ) from exc
    try:
        manifest, database, media = unpack(src, work, passphrase)
        if manifest.engine != kind:
            raise BackupError(
                _(
                    "This backup was taken from %(theirs)s and this site runs on %(ours)s: "
                    "restore it on %(theirs)s."
                )
                % {"theirs": manifest.engine, "ours": kind}
            )
        pending = check_schema(manifest)
        if kind == "sqlite" and sqlite_checksums(database) != manifest.tables:
            raise BackupError(damaged(_("its tables do not match the manifest")))
        say(_("The backup is complete and intact."))
        # Under --force what is there goes anyway: not reading it saves a pass over every table.
        tables, files = ({}, 0) if force else what_would_be_replaced(manifest)
        if tables or files:
            raise NeedsForce(tables, files)
        if kind == "sqlite":
            restore_sqlite(database, manifest)
        else:
            restore_postgresql(database, manifest)
        say(_("Database restored and verified."))
        swap_media(media)
        return RestoreResult(manifest=manifest, pending_migrations=pending)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def read_passphrase(env: str | None = None, file: str | None = None) -> str | None:
    """The passphrase from an environment variable or the first line of a file, never argv."""
    if env and file:
        raise BackupError(_("Give either --passphrase-env or --passphrase-file, not both."))
    if env:
        value = os.environ.get(env, "")
        if not value:
            raise BackupError(
                _("The environment variable %(name)s is not set or empty.") % {"name": env}
            )
        return value
    if file:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BackupError(
                _("Cannot read the passphrase file %(path)s: %(reason)s.")
                % {"path": file, "reason": getattr(exc, "strerror", None) or exc}
            ) from exc
        value = text.splitlines()[0] if text else ""
        if not value:
            raise BackupError(_("The passphrase file %(path)s is empty.") % {"path": file})
        return value
    return None
