"""Attack: read the database's sequences (PostgreSQL's pg_sequences, SQLite's
sqlite_sequence) before and after someone answers, to number the answers in the order given,
or to find which table moved. Answering must advance no sequence at all."""

from __future__ import annotations

import pytest
from django.db import connection

from agilepa.surveys import services
from agilepa.surveys.models import PendingAnswer, Response, SpentToken
from tests.surveys.helpers import DURING, answered_in_order, marked_answers

pytestmark = pytest.mark.django_db(transaction=True)


def _sequences() -> list[tuple]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT schemaname, sequencename, last_value FROM pg_sequences ORDER BY 1, 2"
            )
        else:
            cursor.execute("SELECT name, seq FROM sqlite_sequence ORDER BY name")
        return cursor.fetchall()


def test_answering_advances_no_sequence(world) -> None:
    _wave, tokens, _order = answered_in_order(world, how_many=0)
    before = _sequences()
    for i, token in enumerate(list(tokens.values())[:4]):
        services.submit(token, marked_answers(100 + i), today=DURING)
    assert _sequences() == before
    assert PendingAnswer.objects.count() == SpentToken.objects.count() == 4


def test_no_table_an_answer_writes_has_a_numbered_key() -> None:
    """Random ids (the pool, the responses) and keyed marks (the spent tokens): no key that
    a sequence hands out in order."""
    for model in (PendingAnswer, SpentToken, Response):
        pk = model._meta.pk
        assert pk.get_internal_type() in ("UUIDField", "CharField"), model
