"""The task worker: a task whose worker died is taken back and run again (or failed, when it may
not run twice), a planner run never stays "running" for ever, and idempotent tasks are retried
with backoff."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from agilepa.core.models import ProcessHeartbeat, ProcessKind
from agilepa.core.worker import reclaim_abandoned
from agilepa.planning.models import MonthPlan, PlanStatus
from agilepa.planning.tasks import run_plan
from tests.core import worker_tasks
from tests.factories import make_regulation

ROOT = Path(__file__).resolve().parents[2]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue():
    with override_settings(TASKS=DB_TASKS):
        yield


def claimed_by_a_dead_worker(result_id: str) -> DBTaskResult:
    """As if a worker claimed the task a minute ago and was then killed."""
    result = DBTaskResult.objects.get(pk=result_id)
    result.claim("dead-worker")
    ago = timezone.now() - timedelta(minutes=1)
    DBTaskResult.objects.filter(pk=result_id).update(started_at=ago)
    ProcessHeartbeat.objects.create(
        kind=ProcessKind.WORKER, name="dead-worker", host="h", pid=1, started_at=ago, beat_at=ago
    )
    return result


def run_worker_batch() -> None:
    """The real worker, in this process; its loop closes connections that are not in autocommit
    mode, as a test's transaction is, so the tests that call it commit for real."""
    call_command("worker", batch=True, startup_delay=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_planner_run_whose_worker_died_says_so_and_runs_again(world, database_queue) -> None:
    make_regulation(world.a.body)
    plan = MonthPlan.objects.create(
        body=world.a.body, unit=world.a.area, year=2027, month=3, status=PlanStatus.RUNNING
    )
    result = run_plan.enqueue(plan.pk)
    claimed_by_a_dead_worker(result.id)

    assert reclaim_abandoned() == 1
    plan.refresh_from_db()
    assert plan.status == PlanStatus.QUEUED
    assert "ripartit" in plan.progress or "started again" in plan.progress
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"

    run_worker_batch()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.READY
    assert len(DBTaskResult.objects.get(pk=result.id).worker_ids) == 2


def test_a_planner_run_that_lost_its_worker_three_times_fails_and_says_why(
    world, database_queue
) -> None:
    plan = MonthPlan.objects.create(
        body=world.a.body, unit=world.a.area, year=2027, month=3, status=PlanStatus.RUNNING
    )
    result = run_plan.enqueue(plan.pk)
    DBTaskResult.objects.filter(pk=result.id).update(worker_ids=["w1", "w2"])
    claimed_by_a_dead_worker(result.id)

    reclaim_abandoned()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FAILED
    assert "IT" in plan.progress or "informatic" in plan.progress
    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.status == "FAILED"
    assert stored.exception_class_path == "agilepa.core.worker.WorkerLost"


def test_a_task_that_may_not_run_twice_is_failed_not_run_again(db, database_queue) -> None:
    result = worker_tasks.not_idempotent.enqueue()
    claimed_by_a_dead_worker(result.id)
    reclaim_abandoned()
    assert DBTaskResult.objects.get(pk=result.id).status == "FAILED"


def test_a_running_task_of_a_live_worker_is_left_alone(db, database_queue) -> None:
    result = worker_tasks.not_idempotent.enqueue()
    claimed_by_a_dead_worker(result.id)
    ProcessHeartbeat.objects.filter(name="dead-worker").update(beat_at=timezone.now())
    assert reclaim_abandoned() == 0
    assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"


@pytest.mark.django_db(transaction=True)
def test_a_failing_idempotent_task_is_retried_with_backoff(database_queue, tmp_path) -> None:
    result = worker_tasks.fail_first_time.enqueue(str(tmp_path))
    before = timezone.now()
    run_worker_batch()
    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.status == "READY"
    assert stored.run_after >= before + timedelta(seconds=29)

    DBTaskResult.objects.filter(pk=result.id).update(run_after=timezone.now())
    run_worker_batch()
    stored = DBTaskResult.objects.get(pk=result.id)
    assert (stored.status, stored.return_value, len(stored.worker_ids)) == ("SUCCESSFUL", "done", 2)


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user, host = settings["USER"] or "postgres", settings["HOST"] or "127.0.0.1"
    return f"postgres://{user}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


def start_worker(log: Path) -> subprocess.Popen:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"TASKS_BACKEND", "DATABASE_URL"}
    }
    env.update(
        DATABASE_URL=database_url(),
        PYTHONPATH=str(ROOT),
        WORKER_HEARTBEAT_SECONDS="0.5",
        WORKER_STALE_SECONDS="2",
    )
    with log.open("a") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "agilepa", "worker", "--interval", "0.2", "--no-startup-delay"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_for(condition, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"{what} not within {seconds} s; worker log:\n{log.read_text()[-3000:]}")


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_was_killed_is_run_again_by_another_worker(
    database_queue, tmp_path
) -> None:
    log = tmp_path / "workers.log"
    result = worker_tasks.wait_for_flag.enqueue(str(tmp_path))
    first = start_worker(log)
    try:
        wait_for(lambda: (tmp_path / "started").exists(), 60, "the task starting", log)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"
    (tmp_path / "flag").write_text("")
    second = start_worker(log)
    try:
        wait_for(
            lambda: DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL",
            60,
            "the task run again",
            log,
        )
    finally:
        second.terminate()
        second.wait(timeout=30)
    stored = DBTaskResult.objects.get(pk=result.id)
    assert len(stored.worker_ids) == 2
    assert (tmp_path / "finished").read_text() == "run\n"
