"""Backup and restore of the full demo network on PostgreSQL: time and size.

    .venv/bin/python bench/backup.py [--postgres postgres://postgres@127.0.0.1:5432]
        [--data-dir var] [--drop]

Uses the database `agilepa_bench_backup`: created, migrated and loaded with the full demo
(`seed-demo`, a few minutes) when it does not hold it yet, and kept afterwards for the next run
unless --drop. MEDIA_ROOT is the data directory's `media/` (where the demo puts its files). It
times, into a temporary folder:

1. the table checksums alone (what the backup computes in its snapshot, and the restore again
   inside its transaction);
2. `backup` (pg_dump of an exported snapshot, checksums, media, the archive);
3. `backup` encrypted with gpg (AES256);
4. `restore --force` of the plain backup over the same database (archive checks, dropping the
   tables, pg_restore through psql, the checksums in the same transaction, the files swapped).

Figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DB = "agilepa_bench_backup"


def postgres_admin(server: str, sql: str) -> str:
    return subprocess.run(
        ["psql", f"{server}/postgres", "-X", "-At", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--data-dir", default=str(ROOT / "var"))
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    args = parser.parse_args()

    if not postgres_admin(args.postgres, f"SELECT 1 FROM pg_database WHERE datname = '{DB}'"):  # noqa: S608
        postgres_admin(args.postgres, f"CREATE DATABASE {DB}")
    os.environ.update(
        DATABASE_URL=f"{args.postgres}/{DB}",
        AGILEPA_DATA_DIR=args.data_dir,
        DJANGO_SETTINGS_MODULE="agilepa.settings",
        AGILEPA_INSECURE_DEV_KEY="1",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import translation

    from agilepa.core import backup

    translation.activate("en")
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", skip_if_present=True, quiet=True)
    print(f"demo network ready in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        print(f"database size on disk: {megabytes(cursor.fetchone()[0])}")

    started = time.perf_counter()
    sums = backup.live_checksums()
    print(
        f"table checksums: {sum(t.rows for t in sums.values()):,} rows in {len(sums)} tables "
        f"in {time.perf_counter() - started:.1f} s"
    )
    try:
        with tempfile.TemporaryDirectory(prefix="agilepa-bench-backup-") as folder:
            dest = Path(folder)
            started = time.perf_counter()
            plain = backup.create_backup(dest)
            print(
                f"backup: {megabytes(plain.size)} ({len(plain.manifest.files)} files) "
                f"in {time.perf_counter() - started:.1f} s"
            )
            started = time.perf_counter()
            sealed = backup.create_backup(
                dest / "encrypted", passphrase="bench passphrase, not a secret"
            )
            print(
                f"backup encrypted: {megabytes(sealed.size)} "
                f"in {time.perf_counter() - started:.1f} s"
            )
            started = time.perf_counter()
            backup.restore_backup(
                plain.path,
                force=True,
                on_step=lambda step: print(f"  {time.perf_counter() - started:5.1f} s  {step}"),
            )
            print(f"restore --force: {time.perf_counter() - started:.1f} s")
    finally:
        if args.drop:
            connection.close()
            postgres_admin(args.postgres, f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    main()
