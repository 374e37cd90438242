"""The planner's status on the plan's page: its live region changes only when the status does,
the poll stops when the run ends, and a run no worker has started within a minute says so."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from agilepa.planning.models import MonthPlan, PlanStatus
from agilepa.planning.tasks import run_plan

STALLED = "queued for more than a minute"


def queued_plan(world) -> MonthPlan:
    return MonthPlan.objects.create(
        body=world.a.body, unit=world.a.area, year=2027, month=3, progress="Waiting"
    )


def poll(client, plan: MonthPlan, seen: str = ""):
    return client.get(
        f"/b/{plan.body.slug}/planning/{plan.pk}/",
        {"status": "1", "seen": seen},
        HTTP_HX_REQUEST="true",
    )


def fingerprint(html: str) -> str:
    return re.search(r"seen=([0-9a-f]+)", html).group(1)


def enqueue_in_the_database(plan: MonthPlan, minutes_ago: int) -> None:
    """The row django-tasks' database backend writes (the suite's own backend runs tasks at
    once), enqueued `minutes_ago`."""
    result = DatabaseBackend("default", {}).enqueue(run_plan, [plan.pk], {})
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def test_the_poll_gets_nothing_to_swap_while_the_status_is_the_same(world, client_as) -> None:
    plan = queued_plan(world)
    client = client_as("manager")
    first = poll(client, plan).content.decode()
    assert 'hx-trigger="every 2s"' in first
    same = poll(client, plan, fingerprint(first))
    assert same.status_code == 204 and same.content == b""
    MonthPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.RUNNING, progress="Solving")
    changed = poll(client, plan, fingerprint(first))
    assert changed.status_code == 200 and "Solving" in changed.content.decode()
    assert fingerprint(changed.content.decode()) != fingerprint(first)


def test_the_poll_stops_when_the_run_fails(world, client_as) -> None:
    plan = queued_plan(world)
    MonthPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.FAILED, progress="No people")
    html = poll(client_as("manager"), plan, "stale").content.decode()
    assert "No people" in html and "hx-trigger" not in html


def test_the_live_region_stays_while_its_content_is_replaced(world, client_as) -> None:
    plan = queued_plan(world)
    page = client_as("manager").get(f"/b/{plan.body.slug}/planning/{plan.pk}/").content.decode()
    region = page.index('<div id="plan-status" aria-live="polite">')
    assert region < page.index('<div id="plan-status-now" hx-get=')
    assert 'hx-swap="outerHTML"' in page
    assert "aria-live" not in poll(client_as("manager"), plan).content.decode()


def test_a_run_no_worker_started_within_a_minute_says_what_to_do(world, client_as) -> None:
    plan = queued_plan(world)
    enqueue_in_the_database(plan, minutes_ago=2)
    html = poll(client_as("manager"), plan).content.decode()
    assert STALLED in html and "Tell the IT office" in html


def test_a_run_queued_a_moment_ago_has_no_warning(world, client_as) -> None:
    plan = queued_plan(world)
    enqueue_in_the_database(plan, minutes_ago=0)
    other = queued_plan(world)
    enqueue_in_the_database(other, minutes_ago=2)  # another plan's run waits: not this one
    assert STALLED not in poll(client_as("manager"), plan).content.decode()


def test_the_warning_is_in_italian(world, client_as) -> None:
    plan = queued_plan(world)
    enqueue_in_the_database(plan, minutes_ago=2)
    html = poll(client_as("manager", HTTP_ACCEPT_LANGUAGE="it"), plan).content.decode()
    assert "Il calcolo è in coda da più di un minuto" in html
