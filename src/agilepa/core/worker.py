"""The background task worker: django-tasks' database worker, with a heartbeat, the taking back
of tasks whose worker died, and retries with backoff for the tasks that may run again.

django-tasks-db claims a task by marking it RUNNING with the worker's id; if that process is
killed (out of memory, a host restart, `kill -9`) the task stays RUNNING for ever and, for a
planner run, so does the page that follows it. Every worker therefore writes a heartbeat
(`ProcessHeartbeat`) and, on the same beat, looks for RUNNING tasks whose worker has not beaten
for `WORKER_STALE_SECONDS`: a task registered with `retryable` is queued again (up to its
attempts), any other is marked failed with `WorkerLost`, since running it twice might do twice
what it did once. `/readyz` reads the same heartbeats.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.compat import Task, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from agilepa.core.models import ProcessHeartbeat, ProcessKind

logger = logging.getLogger("agilepa.worker")


class WorkerLost(Exception):
    """The worker running a task stopped beating before the task finished."""


@dataclass(frozen=True)
class RetryPolicy:
    """How a task that may safely run again is retried.

    `retry_on_error`: an exception is retried too (a relay or a lock that may come back), not
    only the death of the worker; a deterministic failure (the planner's) is not worth it.
    `on_abandoned(task_args, will_retry)` tells the records that follow the task what happened."""

    max_attempts: int = 5
    first_delay_seconds: int = 30
    retry_on_error: bool = True
    on_abandoned: Callable[[list[Any], bool], None] | None = None

    def delay(self, attempt: int) -> timedelta:
        """Exponential backoff: 30 s, 60 s, 120 s… after the first, second, third attempt."""
        return timedelta(seconds=self.first_delay_seconds * 2 ** max(attempt - 1, 0))


_POLICIES: dict[str, RetryPolicy] = {}


def retryable(
    max_attempts: int = 5,
    first_delay_seconds: int = 30,
    retry_on_error: bool = True,
    on_abandoned: Callable[[list[Any], bool], None] | None = None,
) -> Callable[[Task], Task]:
    """Mark a task as idempotent: the worker may run it again after a failure or a lost worker."""

    def register(task: Task) -> Task:
        _POLICIES[task.module_path] = RetryPolicy(
            max_attempts, first_delay_seconds, retry_on_error, on_abandoned
        )
        return task

    return register


def policy_for(task_path: str) -> RetryPolicy | None:
    """The task's policy; its module is imported first, since the policy is registered when the
    module is (a worker taking back another's task may not have run that kind of task yet)."""
    if task_path not in _POLICIES:
        try:
            import_string(task_path)
        except ImportError:
            return None
    return _POLICIES.get(task_path)


# --- heartbeats ---------------------------------------------------------------------------


def beat(kind: str, name: str, started_at: datetime) -> None:
    """Record that this process is alive now."""
    now = timezone.now()
    ProcessHeartbeat.objects.update_or_create(
        name=name,
        defaults={
            "kind": kind,
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": now,
        },
    )


def stale_after() -> timedelta:
    return timedelta(seconds=settings.WORKER_STALE_SECONDS)


def forget_old_heartbeats(now: datetime) -> None:
    """Heartbeats of processes gone for a day are no longer anyone's business."""
    ProcessHeartbeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()


class Heartbeat:
    """A thread that beats every `every` seconds and runs `also` after each beat, until stopped.
    A thread, not the worker's loop: a planner run of several minutes must not look dead."""

    def __init__(
        self, kind: str, name: str, every: float, also: Callable[[], None] | None = None
    ) -> None:
        self.kind, self.name, self.every, self.also = kind, name, every, also
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{name}", daemon=True)

    def start(self) -> None:
        beat(self.kind, self.name, self.started_at)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                close_old_connections()
                beat(self.kind, self.name, self.started_at)
                if self.also is not None:
                    self.also()
            except Exception:
                # A database restart must not kill the thread: the next beat tries again.
                logger.exception("heartbeat of %s failed", self.name)
                connection.close()
        connection.close()


# --- taking back abandoned tasks ------------------------------------------------------------


def reclaim_abandoned(now: datetime | None = None) -> int:
    """Queue again (or fail) the RUNNING tasks whose worker stopped beating; returns how many."""
    now = now or timezone.now()
    cutoff = now - stale_after()
    alive = set(
        ProcessHeartbeat.objects.filter(kind=ProcessKind.WORKER, beat_at__gte=cutoff).values_list(
            "name", flat=True
        )
    )
    taken = 0
    for candidate in DBTaskResult.objects.running().only("id", "worker_ids", "started_at"):
        owner = candidate.worker_ids[-1] if candidate.worker_ids else None
        if owner in alive or (candidate.started_at and candidate.started_at >= cutoff):
            continue
        with transaction.atomic():
            result = (
                DBTaskResult.objects.select_for_update()
                .filter(pk=candidate.pk, status=TaskResultStatus.RUNNING)
                .first()
            )
            if result is None or result.worker_ids != candidate.worker_ids:
                continue  # finished or taken meanwhile
            _abandon(result, now)
        taken += 1
    forget_old_heartbeats(now)
    return taken


def _abandon(result: DBTaskResult, now: datetime) -> None:
    policy = policy_for(result.task_path)
    attempts = len(result.worker_ids)
    args = list(result.args_kwargs.get("args", []))
    if policy is not None and attempts < policy.max_attempts:
        logger.warning("task %s (%s) lost its worker; queued again", result.pk, result.task_path)
        result.status = TaskResultStatus.READY
        result.run_after = now
        result.started_at = None
        result.save(update_fields=["status", "run_after", "started_at"])
        if policy.on_abandoned:
            policy.on_abandoned(args, True)
        return
    logger.error("task %s (%s) lost its worker; failed", result.pk, result.task_path)
    result.set_failed(
        WorkerLost(f"the worker {result.worker_ids[-1] if result.worker_ids else '?'} stopped")
    )
    if policy is not None and policy.on_abandoned:
        policy.on_abandoned(args, False)


def retry_if_allowed(result: DBTaskResult, now: datetime | None = None) -> bool:
    """After a failed run: queue the task again with backoff when its policy allows."""
    policy = policy_for(result.task_path)
    attempts = len(result.worker_ids)
    if policy is None or not policy.retry_on_error or attempts >= policy.max_attempts:
        return False
    now = now or timezone.now()
    result.status = TaskResultStatus.READY
    result.run_after = now + policy.delay(attempts)
    result.finished_at = None
    result.save(update_fields=["status", "run_after", "finished_at"])
    logger.warning(
        "task %s (%s) failed on attempt %d; again after %s",
        result.pk,
        result.task_path,
        attempts,
        result.run_after.isoformat(),
    )
    return True


class AgilePAWorker(Worker):
    """django-tasks' worker with the heartbeat, the taking back and the retries above."""

    def __init__(self, *, heartbeat_seconds: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.heartbeat = Heartbeat(
            ProcessKind.WORKER, self.worker_id, heartbeat_seconds, also=reclaim_abandoned
        )

    def run(self) -> None:
        self.heartbeat.start()
        reclaim_abandoned()
        try:
            super().run()
        finally:
            self.heartbeat.stop()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if db_task_result.status == TaskResultStatus.FAILED:
            retry_if_allowed(db_task_result)


# A task that no worker has taken within this time probably has no worker to take it: the page
# that follows it says so, and what to do.
QUEUE_PATIENCE = timedelta(minutes=1)


def waiting_too_long(task: Task[Any, Any], *args: Any, now: datetime | None = None) -> bool:
    """Whether a call of `task` with these arguments is still queued, due to run, more than
    `QUEUE_PATIENCE` after it was enqueued (the worker did not start it)."""
    now = now or timezone.now()
    waiting = DBTaskResult.objects.ready().filter(
        task_path=task.module_path, enqueued_at__lte=now - QUEUE_PATIENCE
    )
    for index, value in enumerate(args):
        waiting = waiting.filter(**{f"args_kwargs__args__{index}": value})
    return waiting.exists()
