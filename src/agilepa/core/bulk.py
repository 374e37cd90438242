"""Writing many rows at once, for derived data and generated history: COPY on PostgreSQL, one
prepared statement run many times on SQLite. The ORM's bulk_create compiles every row and is
many times slower for hundreds of thousands of rows; nothing here is for user input."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
