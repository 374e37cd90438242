"""Attack: with read access to the database (or a replica, or a backup), join the responses,
or the pool of answers waiting for their wave to close, to the invitations by PostgreSQL's
transaction ids (the issue's query), or by their physical order (ctid; rowid on SQLite).
Each attack must tie no answer to a person."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from agilepa.surveys import services
from agilepa.surveys.models import Invitation, Response
from tests.surveys.helpers import DURING, answered_in_order, count, marked_answers

pytestmark = pytest.mark.django_db(transaction=True)

ISSUE_QUERY = (
    "SELECT i.person_id, r.answers FROM surveys_response r "
    "JOIN surveys_invitation i ON r.xmin = i.xmin"
)


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no transaction ids (xmin, xmax) on its rows")


def _rows(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_the_issues_xmin_query_links_no_response_to_an_invitation(world) -> None:
    _postgresql_only()
    wave, _tokens, _order = answered_in_order(world)
    assert _rows(ISSUE_QUERY.replace("r.answers", "r.id")) == []  # the pool, before counting
    count(wave)
    assert Response.objects.filter(wave=wave).count() == 12
    assert _rows(ISSUE_QUERY) == []


def test_no_transaction_id_of_the_pool_or_the_spent_marks_is_found_on_an_invitation(
    world,
) -> None:
    """Answering only reads the invitation: its xmin stays the sending's, and no lock left
    the answering transaction's id in its xmax."""
    _postgresql_only()
    wave, _tokens, _order = answered_in_order(world)
    invitations = _rows("SELECT DISTINCT xmin::text, xmax::text FROM surveys_invitation")
    assert len(invitations) == 1 and invitations[0][1] == "0"
    for table in ("surveys_pendinganswer", "surveys_spenttoken"):
        joined = _rows(
            f"SELECT i.person_id FROM {table} p JOIN surveys_invitation i "  # noqa: S608
            "ON p.xmin = i.xmin OR p.xmin = i.xmax"
        )
        assert joined == [], table
    count(wave)
    # Every response of the wave shares the counting's one transaction id.
    assert len(_rows("SELECT DISTINCT xmin::text FROM surveys_response")) == 1


def test_the_physical_order_of_the_responses_follows_their_random_ids_not_the_answering(
    world,
) -> None:
    """The attacker lines up the responses in the order of the table (ctid on PostgreSQL,
    rowid on SQLite) with the people in the order they answered (a colleague's word, a
    badge log). The rows were written at counting in the order of ids drawn then: the guess
    is a random permutation."""
    wave, _tokens, order = answered_in_order(world)
    count(wave)
    physical = "ctid" if connection.vendor == "postgresql" else "rowid"
    rows = _rows(f"SELECT id, answers FROM surveys_response ORDER BY {physical}")  # noqa: S608
    ids = [str(r[0]).replace("-", "") for r in rows]
    assert ids == sorted(ids)  # the order of the random ids, drawn after every answer
    assert {r.id.version for r in Response.objects.all()} == {4}
    answers = [r[1] if isinstance(r[1], dict) else json.loads(r[1]) for r in rows]
    guessed = order[: len(rows)]  # the attacker's line-up: i-th row, i-th to answer
    truth = [order[int(a["commute_km"]) - 100] for a in answers]
    # 12 people: a permutation equal to the truth by chance has a probability of 1/12!.
    assert guessed != truth


def test_the_invitations_table_is_not_written_by_answering(world) -> None:
    """Whatever the database: the invitations, their ids and every column, are as they were
    sent; nothing there says who answered, let alone in which order."""
    _wave, tokens, _order = answered_in_order(world, how_many=0)
    before = list(Invitation.objects.order_by("pk").values_list())
    for i, token in enumerate(list(tokens.values())[:5]):
        services.submit(token, marked_answers(100 + i), today=DURING)
    assert list(Invitation.objects.order_by("pk").values_list()) == before
