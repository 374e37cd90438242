"""Attack: split the respondents into those who answered before the reminder and those who
answered after, through what the reminder left: a date on each invitation reminded, the
queued e-mail tasks and their arguments, or the responses' transaction ids around it. Nothing
may tell them apart."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from agilepa.surveys import services
from agilepa.surveys.models import Invitation
from agilepa.surveys.notifications import run_daily
from tests.surveys.helpers import answered_in_order, count, marked_answers


@pytest.mark.django_db
def test_the_reminder_leaves_no_trace_on_any_invitation_nor_in_the_task_queue(
    world, settings, django_capture_on_commit_callbacks
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    wave, tokens, order = answered_in_order(world, how_many=4)
    sent = list(Invitation.objects.order_by("pk").values_list())
    with django_capture_on_commit_callbacks(execute=True):
        assert run_daily(date(2027, 2, 17)).reminded == 1
    assert list(Invitation.objects.order_by("pk").values_list()) == sent
    queued = list(DBTaskResult.objects.values_list("task_path", "args_kwargs"))
    # One task for the wave: who is reminded is decided when it runs, and stored nowhere.
    assert queued == [
        ("agilepa.surveys.notifications.send_reminders", {"args": [wave.pk], "kwargs": {}})
    ]
    later = [t for p, t in sorted(tokens.items()) if p not in order][:4]
    for i, token in enumerate(later):
        services.submit(token, marked_answers(200 + i), today=date(2027, 2, 18))
    assert list(Invitation.objects.order_by("pk").values_list()) == sent


@pytest.mark.django_db(transaction=True)
def test_responses_before_and_after_the_reminder_are_written_together(world) -> None:
    wave, tokens, order = answered_in_order(world, how_many=4)
    run_daily(date(2027, 2, 17))
    later = [t for p, t in sorted(tokens.items()) if p not in order][:4]
    for i, token in enumerate(later):
        services.submit(token, marked_answers(200 + i), today=date(2027, 2, 18))
    count(wave)
    assert wave.responses.count() == 8
    assert set(wave.responses.values_list("submitted_on", flat=True)) == {wave.closes_on}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(DISTINCT xmin::text) FROM surveys_response")
            assert cursor.fetchone() == (1,)
