"""Attack: match the moment someone was seen answering (an access log's time, a colleague's
word, PostgreSQL's commit timestamps where track_commit_timestamp is on) with a time kept by
a response, the pool, a spent mark or an invitation. Nothing an answer leaves has a time finer
than its wave."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, models

from agilepa.surveys import services
from agilepa.surveys.models import Invitation, PendingAnswer, Response, SpentToken
from tests.surveys.helpers import answered_in_order, count, marked_answers


def _times(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, models.DateField | models.DateTimeField | models.TimeField)
    ]


def test_the_pool_and_the_spent_marks_keep_no_time() -> None:
    assert _times(PendingAnswer) == [] and _times(SpentToken) == []


@pytest.mark.django_db
def test_answers_given_on_different_days_all_carry_the_waves_closing_day(world) -> None:
    wave, tokens, _order = answered_in_order(world, how_many=0)
    before = list(Invitation.objects.order_by("pk").values_list())
    for i, token in enumerate(list(tokens.values())[:6]):
        services.submit(token, marked_answers(100 + i), today=date(2027, 2, 1 + 3 * i))
    assert list(Invitation.objects.order_by("pk").values_list()) == before  # no time there
    count(wave)
    assert _times(Response) == ["submitted_on"]
    assert set(Response.objects.values_list("submitted_on", flat=True)) == {wave.closes_on}


@pytest.mark.django_db(transaction=True)
def test_commit_timestamps_give_every_response_the_same_moment(world) -> None:
    """With track_commit_timestamp on, pg_xact_commit_timestamp(xmin) dates a row: every
    response of a wave was written by the one counting transaction, after the wave closed."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no transaction ids on its rows")
    wave, _tokens, _order = answered_in_order(world, how_many=6)
    count(wave)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT xmin::text) FROM surveys_response")
        assert cursor.fetchone() == (1,)
