"""Readiness: can this instance serve, and is the work behind it being done?

`/healthz` answers whether the process lives (liveness: restart it if not). `/readyz` answers
whether it should get traffic and whether the operator should be woken: the database answers,
every migration is applied, the static manifest is loaded, the task queue moves (the oldest
task waiting to run, a task worker and the periodic-job runner that beat recently). Each check
says what it saw, so the alert names the cause. Nothing here is personal data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from agilepa.core.models import ProcessHeartbeat, ProcessKind

# A file every page needs: when the manifest lacks it, every page fails.
MANIFEST_PROBE = "vendor/bootstrap-italia/css/bootstrap-italia.min.css"


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: dict[str, Any] = field(default_factory=dict)


_migrations_applied = False


def check_database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return Check(True, {"vendor": connection.vendor})


def check_migrations() -> Check:
    """Once applied, they stay applied for this process's life: the plan is read once."""
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            return Check(False, {"pending": [f"{m.app_label}.{m.name}" for m, _ in pending][:20]})
        _migrations_applied = True
    return Check(True)


def check_static() -> Check:
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return Check(True, {"manifest": "not used (DEBUG or plain static files)"})
    try:
        name = staticfiles_storage.stored_name(MANIFEST_PROBE)
    except ValueError as exc:
        return Check(False, {"error": str(exc)})
    return Check(True, {"entries": len(staticfiles_storage.hashed_files), "probe": name})


def _uses_database_tasks() -> bool:
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db.")


def _age(since: datetime | None, now: datetime) -> float | None:
    return None if since is None else round((now - since).total_seconds(), 1)


def check_queue() -> Check:
    if not _uses_database_tasks():
        return Check(True, {"backend": "not the database queue"})
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").first()
    waited = None
    if oldest is not None:
        waited = _age(max(oldest.enqueued_at, oldest.run_after), now)
        # run_after is a far-future sentinel for "as soon as possible".
        if oldest.run_after.year >= 9999:
            waited = _age(oldest.enqueued_at, now)
    ok = waited is None or waited <= settings.READY_MAX_QUEUE_WAIT_SECONDS
    return Check(ok, {"oldest_waiting_seconds": waited})


def _check_heartbeat(kind: str) -> Check:
    now = timezone.now()
    last = (
        ProcessHeartbeat.objects.filter(kind=kind)
        .order_by("-beat_at")
        .values_list("beat_at", flat=True)
        .first()
    )
    age = _age(last, now)
    ok = age is not None and age <= settings.WORKER_STALE_SECONDS
    return Check(ok, {"last_beat_seconds_ago": age})


def check_worker() -> Check:
    if not _uses_database_tasks():
        return Check(True, {"backend": "tasks run in the web process"})
    return _check_heartbeat(ProcessKind.WORKER)


def check_scheduler() -> Check:
    if not settings.READY_REQUIRE_SCHEDULER:
        return Check(True, {"required": False})
    return _check_heartbeat(ProcessKind.SCHEDULER)


CHECKS: dict[str, Callable[[], Check]] = {
    "database": check_database,
    "migrations": check_migrations,
    "static": check_static,
    "queue": check_queue,
    "worker": check_worker,
    "scheduler": check_scheduler,
}


def readiness() -> tuple[bool, dict[str, dict[str, Any]]]:
    """Run every check; a check that raises is a failed check with the error's text. The
    database check comes first: without it, the checks that read it are not run."""
    results: dict[str, dict[str, Any]] = {}
    for name, check in CHECKS.items():
        try:
            outcome = check()
        except Exception as exc:
            outcome = Check(False, {"error": f"{type(exc).__name__}: {exc}"[:300]})
        results[name] = {"ok": outcome.ok, **outcome.detail}
        if name == "database" and not outcome.ok:
            break
    return all(r["ok"] for r in results.values()), results
