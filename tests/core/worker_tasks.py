"""Tasks the worker tests enqueue (imported by the worker processes they start)."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task

from agilepa.core.worker import retryable


@retryable(max_attempts=3, first_delay_seconds=30)
@task()
def wait_for_flag(folder: str) -> str:
    """Say it started, wait (at most a minute) for the test's flag, then count a finished run."""
    where = Path(folder)
    (where / "started").write_text("")
    deadline = time.monotonic() + 60
    while not (where / "flag").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    with (where / "finished").open("a") as out:
        out.write("run\n")
    return "done"


@retryable(max_attempts=3, first_delay_seconds=30)
@task()
def fail_first_time(folder: str) -> str:
    marker = Path(folder) / "failed-once"
    if not marker.exists():
        marker.write_text("")
        raise ConnectionError("the relay is down")
    return "done"


@task()
def not_idempotent() -> str:
    return "done"
