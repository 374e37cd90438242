"""The indicators' rebuild queued and not started by any worker within a minute: the dashboard
says so, and what to do; a rebuild queued a moment ago, or another body's, says nothing."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from agilepa.indicators.models import SummaryState
from agilepa.indicators.tasks import refresh_dirty

STALLED = 'id="refresh-stalled"'


def queue_rebuild(body_id: int, minutes_ago: int) -> None:
    """The row django-tasks' database backend writes (the suite's own backend runs tasks at
    once), enqueued `minutes_ago`, and the months it is for marked stale."""
    result = DatabaseBackend("default", {}).enqueue(refresh_dirty, [body_id], {})
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def dashboard(client, world, language: str = "en") -> str:
    SummaryState.objects.update_or_create(
        body=world.a.body, month=date(2026, 3, 1), defaults={"dirty": True}
    )
    response = client.get(
        f"/b/{world.a.body.slug}/indicators/", {"period": "2026"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_rebuild_no_worker_started_within_a_minute_says_what_to_do(world, client_as) -> None:
    queue_rebuild(world.a.body.pk, minutes_ago=2)
    html = dashboard(client_as("hr_admin"), world)
    assert STALLED in html and "Tell the IT office" in html
    italian = dashboard(client_as("hr_admin"), world, "it")
    assert "Il ricalcolo è in coda da più di un minuto" in italian


def test_a_rebuild_queued_a_moment_ago_or_for_another_body_says_nothing(world, client_as) -> None:
    queue_rebuild(world.a.body.pk, minutes_ago=0)
    queue_rebuild(world.b.body.pk, minutes_ago=2)
    assert STALLED not in dashboard(client_as("hr_admin"), world)
