"""Failed logins older than 90 days and finished task results older than 30 days are deleted by
the retention job (settings RETENTION_LOGIN_FAILURE_DAYS, RETENTION_TASK_RESULT_DAYS)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from agilepa.audit.models import PLATFORM_CHAIN, AuditEntry, Via
from agilepa.core.models import LoginFailure
from agilepa.retention import rules
from tests.retention.helpers import NOW

pytestmark = pytest.mark.django_db


def failure(days_ago: float) -> LoginFailure:
    return LoginFailure.objects.create(
        email="someone@example.it", ip="192.0.2.7", at=NOW - timedelta(days=days_ago)
    )


def task(status: str, finished_days_ago: float | None) -> DBTaskResult:
    finished = None if finished_days_ago is None else NOW - timedelta(days=finished_days_ago)
    return DBTaskResult.objects.create(
        status=status,
        finished_at=finished,
        args_kwargs={"args": [], "kwargs": {"body_id": 1}},
        task_path="agilepa.indicators.tasks.refresh_dirty",
        backend_name="default",
        run_after=NOW - timedelta(days=60),
    )


def test_failed_logins_older_than_90_days_are_deleted_and_the_deletion_recorded() -> None:
    old, recent = failure(90.01), failure(89.9)
    rules.run(now=NOW)
    assert list(LoginFailure.objects.all()) == [recent]
    assert not LoginFailure.objects.filter(pk=old.pk).exists()
    entry = AuditEntry.objects.get(action="retention.login_failures")
    assert (entry.chain, entry.via, entry.changes) == (PLATFORM_CHAIN, Via.SYSTEM, {"deleted": 1})


def test_the_login_failure_period_is_a_setting(settings) -> None:
    settings.RETENTION_LOGIN_FAILURE_DAYS = 10
    failure(11)
    failure(9)
    rules.run(now=NOW)
    assert LoginFailure.objects.count() == 1


def test_finished_task_results_older_than_30_days_are_deleted_and_others_kept() -> None:
    done_long_ago = task(TaskResultStatus.SUCCESSFUL, 31)
    failed_long_ago = task(TaskResultStatus.FAILED, 45)
    done_recently = task(TaskResultStatus.SUCCESSFUL, 29)
    waiting = task(TaskResultStatus.READY, None)
    running = task(TaskResultStatus.RUNNING, None)
    rules.run(now=NOW)
    kept = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert kept == {done_recently.pk, waiting.pk, running.pk}
    assert not kept & {done_long_ago.pk, failed_long_ago.pk}
    assert AuditEntry.objects.get(action="retention.task_results").changes == {"deleted": 2}


def test_a_dry_run_counts_the_platform_records_and_deletes_none() -> None:
    failure(100)
    task(TaskResultStatus.SUCCESSFUL, 40)
    actions = {a.rule: a.count for a in rules.run(now=NOW, dry_run=True) if not a.body}
    assert actions == {"delete login failures": 1, "delete task results": 1}
    assert LoginFailure.objects.count() == DBTaskResult.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_nothing_old_means_nothing_recorded() -> None:
    failure(1)
    rules.run(now=NOW)
    assert not AuditEntry.objects.exists()
