"""/readyz: 200 when the instance and the work behind it are in order, 503 naming the cause."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from agilepa.core.models import ProcessHeartbeat, ProcessKind
from agilepa.planning.tasks import run_plan

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def beat(kind: str, seconds_ago: float, name: str | None = None) -> None:
    now = timezone.now()
    ProcessHeartbeat.objects.create(
        kind=kind,
        name=name or f"{kind}-1",
        host="test",
        pid=1,
        started_at=now - timedelta(hours=1),
        beat_at=now - timedelta(seconds=seconds_ago),
    )


def readyz() -> tuple[int, dict]:
    response = Client().get("/readyz")
    assert response["Content-Type"] == "application/json"
    return response.status_code, response.json()


@pytest.fixture
def database_queue():
    with override_settings(TASKS=DB_TASKS):
        yield


def test_readyz_passes_when_a_worker_and_the_job_runner_beat(db, database_queue) -> None:
    beat(ProcessKind.WORKER, 3)
    beat(ProcessKind.SCHEDULER, 5)
    status, report = readyz()
    assert status == 200, report
    assert report["ready"] is True
    assert set(report["checks"]) == {
        "database",
        "migrations",
        "static",
        "queue",
        "worker",
        "scheduler",
        "identity_providers",  # registered by agilepa.identity
    }


def test_readyz_fails_when_the_worker_stopped_beating(db, database_queue) -> None:
    beat(ProcessKind.WORKER, 120)
    beat(ProcessKind.SCHEDULER, 5)
    status, report = readyz()
    assert status == 503
    assert report["checks"]["worker"] == {
        "ok": False,
        "last_beat_seconds_ago": pytest.approx(120, abs=5),
    }
    assert report["checks"]["scheduler"]["ok"] is True


def test_readyz_fails_when_no_job_runner_ever_beat(db, database_queue) -> None:
    beat(ProcessKind.WORKER, 1)
    status, report = readyz()
    assert status == 503
    assert report["checks"]["scheduler"] == {"ok": False, "last_beat_seconds_ago": None}


@override_settings(READY_REQUIRE_SCHEDULER=False)
def test_a_host_whose_jobs_run_elsewhere_does_not_need_a_job_runner(db, database_queue) -> None:
    beat(ProcessKind.WORKER, 1)
    assert readyz()[0] == 200


def test_readyz_fails_when_a_task_waits_too_long_to_start(db, database_queue) -> None:
    from django_tasks_db.models import DBTaskResult

    beat(ProcessKind.WORKER, 1)
    beat(ProcessKind.SCHEDULER, 1)
    run_plan.enqueue(1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    status, report = readyz()
    assert status == 503
    assert report["checks"]["queue"]["ok"] is False
    assert report["checks"]["queue"]["oldest_waiting_seconds"] >= 590


def test_readyz_fails_when_the_static_manifest_is_missing(db, database_queue, tmp_path) -> None:
    beat(ProcessKind.WORKER, 1)
    beat(ProcessKind.SCHEDULER, 1)
    manifest_storage = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=manifest_storage, STATIC_ROOT=tmp_path):
        status, report = readyz()
    assert status == 503
    assert report["checks"]["static"]["ok"] is False
    assert "manifest" in report["checks"]["static"]["error"]


def test_readyz_does_not_ask_for_a_worker_when_tasks_run_in_the_web_process(db) -> None:
    beat(ProcessKind.SCHEDULER, 1)
    status, report = readyz()
    assert status == 200, report
