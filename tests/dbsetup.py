"""The test database is migrated once per run, and each xdist worker gets a copy of it.

pytest-django migrates one test database per worker: on PostgreSQL that is ~100 tables and the
data migrations (the ISTAT municipalities) twice, the costliest setup of the suite. Here the first
worker to need a database migrates `test_<name>` under a file lock shared by the run's workers,
and every worker copies it to its own `test_<name>_gwN` (PostgreSQL: CREATE DATABASE … TEMPLATE;
SQLite: the backup API, which also carries what the WAL holds). A run without xdist keeps
pytest-django's own setup.

On PostgreSQL the suite's sessions also run with `synchronous_commit=off`: a test database is
thrown away at the end, so a commit need not wait for the WAL to reach the disk (production
keeps the server's setting). And the tests that commit (a live server, a second process) empty
the database after each test with DELETE rather than Django's TRUNCATE of all 130 tables: a
TRUNCATE gives every table new files, 0.4 s on a quiet machine and 1-4 s under load for tables
of a few rows, where DELETE takes 0.02 s. The foreign keys Django makes are deferred to the
commit, so the order does not matter; the tables whose triggers refuse a DELETE (the audit
trail's, append-only) and those that refer to them are still truncated.

After a committing test (both databases) the reference data the migrations made is kept: the
ISTAT municipalities, the content types and the permissions. Django's teardown emptied them and
made the last two again through `post_migrate` (create_permissions: about 490 rows), and the tests
that needed the municipalities loaded their 7,900 rows again: together about 70 s of a SQLite
run's CPU. No test writes them in a committed transaction. An explicit `flush` command (the backup
tests') still empties everything, as it does on a site.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """An exclusive lock on a file, for the processes of one test run (the xdist workers)."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


# Rows the migrations (and their post_migrate) made, which a committing test's teardown keeps.
REFERENCE_TABLES = frozenset({"org_municipality", "django_content_type", "auth_permission"})


@pytest.fixture(scope="session", autouse=True)
def _cheaper_teardown() -> Iterator[None]:
    """After a committing test: DELETE rather than TRUNCATE on PostgreSQL (`_sql_flush`), and the
    reference data kept on both databases (`_keeping_reference_data`)."""
    from django.db.backends.postgresql.operations import DatabaseOperations
    from django.test import TransactionTestCase

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", _sql_flush(DatabaseOperations.sql_flush))
        patch.setattr(
            TransactionTestCase,
            "_fixture_teardown",
            _keeping_reference_data(TransactionTestCase._fixture_teardown),
        )
        yield


def _keeping_reference_data(teardown: Callable[[Any], None]) -> Callable[[Any], None]:
    """TransactionTestCase's teardown, emptying every table but `REFERENCE_TABLES`, with no
    post_migrate (it would only make again what is kept). A test asking for a subset of apps or
    a serialized rollback keeps Django's own."""

    def fixture_teardown(case: Any) -> None:
        if case.available_apps is not None or case.serialized_rollback:
            teardown(case)
            return
        from django.core.management.color import no_style
        from django.db import connections

        for alias in case._databases_names(include_mirrors=False):
            connection = connections[alias]
            tables = [
                table
                for table in connection.introspection.django_table_names(
                    only_existing=True, include_views=False
                )
                if table not in REFERENCE_TABLES
            ]
            sql = connection.ops.sql_flush(no_style(), tables)
            connection.ops.execute_sql_flush(sql)

    return fixture_teardown


def _sql_flush(truncate: Callable[..., list[str]]) -> Callable[..., list[str]]:
    def sql_flush(
        ops: Any,
        style: Any,
        tables: Sequence[str],
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        if reset_sequences or not tables:
            return truncate(
                ops, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        kept = _must_truncate(ops.connection) & set(tables)
        # Table names from the introspection, quoted.
        sql = [f"DELETE FROM {ops.quote_name(table)};" for table in tables if table not in kept]  # noqa: S608
        if kept:
            sql += truncate(ops, style, sorted(kept), allow_cascade=allow_cascade)
        return sql

    return sql_flush


_MUST_TRUNCATE: dict[str, set[str]] = {}


def _must_truncate(connection: Any) -> set[str]:
    """The tables with a trigger of their own (which may refuse a DELETE), and the tables that
    refer to them, directly or not (a TRUNCATE must name them too). Read once per database:
    they are the same all the run (the upgrade test's migrations back and forth drop and make
    the same triggers again), and the caller keeps only the tables that exist at the time."""
    name = connection.settings_dict["NAME"]
    if name not in _MUST_TRUNCATE:
        _MUST_TRUNCATE[name] = _read_must_truncate(connection)
    return _MUST_TRUNCATE[name]


def _read_must_truncate(connection: Any) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
        )
        found = {name for (name,) in cursor.fetchall()}
        cursor.execute(
            "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint"
            " WHERE contype = 'f'"
        )
        references = cursor.fetchall()
    grown = True
    while grown:
        more = {source for source, target in references if target in found} - found
        found |= more
        grown = bool(more)
    return {name.strip('"') for name in found}


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker,
    django_db_modify_db_settings: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    verbosity = request.config.option.verbose
    # Not xdist's `worker_id` fixture: it does not exist in a run with `-p no:xdist`.
    worker_id = os.environ.get("PYTEST_XDIST_WORKER", "master")
    if worker_id == "master":
        with django_db_blocker.unblock():
            config = setup_databases(verbosity=verbosity, interactive=False)
        yield
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=verbosity)
        return

    settings_dict = connection.settings_dict
    original_name = settings_dict["NAME"]
    clone_name = settings_dict["TEST"]["NAME"] or f"test_{original_name}_{worker_id}"
    base_name = clone_name.removesuffix(f"_{worker_id}")
    shared = tmp_path_factory.getbasetemp().parent
    ready = shared / f"db-{connection.vendor}-{Path(base_name).name}.ready"
    with django_db_blocker.unblock(), exclusive(shared / "db-setup.lock"):
        settings_dict["TEST"]["NAME"] = base_name
        if not ready.exists():
            connection.creation.create_test_db(
                verbosity=verbosity, autoclobber=True, serialize=False, keepdb=False
            )
            ready.touch()
        connection.close()
        settings_dict["NAME"] = base_name
        if connection.vendor == "sqlite":
            clone_name = _copy_sqlite(base_name, worker_id)
        else:
            connection.creation.clone_test_db(suffix=worker_id, verbosity=verbosity, keepdb=False)
            clone_name = connection.creation.get_test_db_clone_settings(worker_id)["NAME"]
        settings_dict["NAME"] = clone_name
        settings_dict["TEST"]["NAME"] = clone_name
        from django.conf import settings

        settings.DATABASES["default"]["NAME"] = clone_name
    yield
    with django_db_blocker.unblock():
        connection.close()
        if connection.vendor == "postgresql":
            _end_other_sessions(clone_name)
        connection.creation.destroy_test_db(original_name, verbosity=verbosity, keepdb=False)


def _end_other_sessions(name: str) -> None:
    """End what still holds the worker's database open, so that it can be dropped: a thread's
    connection a test started (a concurrent writer, a live server's request) is closed only
    when the garbage collector gets to it, and DROP DATABASE refuses a database in use."""
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )


def _copy_sqlite(base_name: str, worker_id: str) -> str:
    root, ext = os.path.splitext(base_name)
    target = f"{root}_{worker_id}{ext}"
    for leftover in (target, f"{target}-wal", f"{target}-shm"):
        Path(leftover).unlink(missing_ok=True)
    source = sqlite3.connect(base_name)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return target
