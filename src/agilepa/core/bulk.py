"""Writing many rows at once, for derived data and generated history: COPY on PostgreSQL, one
prepared statement run many times on SQLite. The ORM's bulk_create compiles every row and is
many times slower for hundreds of thousands of rows; nothing here is for user input."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection

CHUNK = 20000


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (values in the order of `columns`) into `table`; returns how many. The
    names come from the models, never from input."""
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (model names only)
            table, ", ".join(columns), ", ".join(["%s"] * len(columns))
        )
        chunk: list[Sequence[Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == CHUNK:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


@contextmanager
def indexes_deferred(table: str) -> Iterator[None]:
    """On SQLite, drop `table`'s plain indexes (not the primary key nor the unique constraints)
    and create them again, with the same statements, on leaving: for a load of millions of rows,
    building an index once from sorted keys costs less than updating it row by row. Use inside a
    transaction (SQLite's schema changes are transactional: a failure restores the indexes).
    Elsewhere nothing is done (PostgreSQL's COPY is not the cost there)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)
