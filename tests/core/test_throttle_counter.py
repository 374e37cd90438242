"""The throttles' counters live in the database cache, shared by every worker: concurrent
increments lose no count, and an increment does not push the window's expiry back."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache, caches
from django.db import connection

from agilepa.core.cache import AtomicDatabaseCache

THREADS = 8
EACH = 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_increments_lose_no_count() -> None:
    assert isinstance(caches["default"], AtomicDatabaseCache)
    cache.delete("hits")
    cache.add("hits", 0, 600)
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def hit() -> None:
        try:
            start.wait()
            for _ in range(EACH):
                cache.incr("hits")
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=hit) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert cache.get("hits") == THREADS * EACH


def test_an_increment_keeps_the_expiry_and_a_missing_key_is_an_error(db) -> None:
    cache.add("window", 1, 3600)
    table = connection.ops.quote_name("agilepa_cache")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT expires FROM {table}")  # noqa: S608
        before = cursor.fetchone()[0]
    assert cache.incr("window") == 2
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT expires FROM {table}")  # noqa: S608
        assert cursor.fetchone()[0] == before
    with pytest.raises(ValueError):
        cache.incr("never-added")
    cache.set("gone", 1, -1)
    with pytest.raises(ValueError):
        cache.incr("gone")
