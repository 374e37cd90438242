"""The database cache, with an increment that is one locked read-and-write.

The throttles (core/throttle.py) count in the cache so that every gunicorn worker shares the
counters, and the database is the one store every installation has. Django's DatabaseCache
increments by a `get` then a `set`: concurrent requests would lose counts, and the `set` would
reset the entry's expiry (a throttle window of an hour forgotten after five idle minutes). Here the
row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite's immediate transactions take the write
lock at their start) and only its value changes."""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')}, {quote('expires')} FROM {table}"  # noqa: S608 - names
                f" WHERE {quote('cache_key')} = %s{lock}",
                [key],
            )
            row = cursor.fetchone()
            if row is None or self._expired(connection, row[1]):
                raise ValueError(f"Key {key!r} not found")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta  # noqa: S301 - ours
            pickled = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s"  # noqa: S608 - quoted names
                f" WHERE {quote('cache_key')} = %s",
                [pickled, key],
            )
        return value

    @staticmethod
    def _expired(connection: Any, expires: Any) -> bool:
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(
            connection
        )
        for converter in converters:
            expires = converter(expires, expression, connection)
        return bool(expires < now())
