"""The periodic jobs and the runner that starts them: one process instead of six cron lines.

Each job has a schedule (every N minutes within some hours, or daily at a time, in the site's
time zone). The runner wakes every few seconds, works out each job's latest slot and runs the
job when that slot has no `JobRun` yet. The slot is unique per job in the database, so when
several hosts run the runner (or one is restarted in the middle of a run) a slot is run once:
the host whose insert succeeds runs it. A slot missed while no runner was up is caught up if it
is more recent than the job's catch-up window (a daily job missed at 06:15 runs at 07:00 when
the runner comes back; a 15-minute job only for its latest slot).
"""

from __future__ import annotations

import io
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from agilepa.core.models import JobRun, JobRunStatus

logger = logging.getLogger("agilepa.scheduler")


@dataclass(frozen=True)
class Job:
    """A management command run on a schedule.

    Either `every_minutes` (within `hours`, local time) or `daily_at`."""

    name: str
    command: tuple[str, ...]
    every_minutes: int | None = None
    daily_at: time | None = None
    hours: range = field(default_factory=lambda: range(24))
    catch_up: timedelta = timedelta(hours=12)

    def latest_slot(self, now: datetime) -> datetime | None:
        """The latest scheduled time at or before `now` (aware, local time zone)."""
        local = timezone.localtime(now)
        if self.daily_at is not None:
            slot = local.replace(
                hour=self.daily_at.hour, minute=self.daily_at.minute, second=0, microsecond=0
            )
            return slot if slot <= local else slot - timedelta(days=1)
        assert self.every_minutes
        slot = local.replace(second=0, microsecond=0)
        slot -= timedelta(minutes=slot.minute % self.every_minutes)
        for _ in range(24 * 60 // self.every_minutes + 1):
            if slot.hour in self.hours:
                return slot
            slot -= timedelta(minutes=self.every_minutes)
        return None

    def due_slot(self, now: datetime) -> datetime | None:
        slot = self.latest_slot(now)
        if slot is None or now - slot > self.catch_up:
            return None
        return slot


# The jobs of every app, each idempotent; docs/operations.md says what each does.
JOBS: tuple[Job, ...] = (
    Job("agreements-daily", ("agreements_daily",), daily_at=time(6, 15)),
    Job("objectives-daily", ("objectives_daily",), daily_at=time(6, 20)),
    Job("surveys-daily", ("surveys_daily",), daily_at=time(6, 25)),
    Job(
        "spaces-release-no-shows",
        ("spaces_release_no_shows",),
        every_minutes=15,
        hours=range(7, 14),
        catch_up=timedelta(minutes=15),
    ),
    Job(
        "indicators-refresh-dirty",
        ("indicators_refresh", "--dirty"),
        every_minutes=10,
        catch_up=timedelta(minutes=10),
    ),
    Job("indicators-refresh", ("indicators_refresh",), daily_at=time(2, 40)),
    Job("audit-seal", ("audit_seal",), every_minutes=5, catch_up=timedelta(minutes=5)),
    Job("audit-verify", ("verify_audit",), daily_at=time(5, 10)),
    Job("retention-daily", ("retention",), daily_at=time(3, 30)),
)


def claim(job: Job, slot: datetime, now: datetime) -> JobRun | None:
    """Take the slot for this host; None when it was already taken (here or elsewhere)."""
    try:
        with transaction.atomic():
            return JobRun.objects.create(
                job=job.name, slot=slot, host=socket.gethostname()[:255], started_at=now
            )
    except IntegrityError:
        return None


Runner = Callable[[Job], str]


def run_command(job: Job) -> str:
    from agilepa.audit.services import system

    out = io.StringIO()
    with system(f"job {job.name}"):
        call_command(*job.command, stdout=out, stderr=out)
    return out.getvalue()


def run_due(
    now: datetime | None = None, jobs: tuple[Job, ...] = JOBS, runner: Runner = run_command
) -> list[JobRun]:
    """Run every job whose latest slot is due and unclaimed; returns the runs this call made."""
    now = now or timezone.now()
    runs = []
    for job in jobs:
        slot = job.due_slot(now)
        if slot is None:
            continue
        run = claim(job, slot, now)
        if run is None:
            continue
        logger.info("running %s for %s", job.name, slot.isoformat())
        try:
            run.output = runner(job)[-10_000:]
            run.status = JobRunStatus.DONE
        except Exception as exc:
            logger.exception("%s failed", job.name)
            run.output = f"{type(exc).__name__}: {exc}"[-10_000:]
            run.status = JobRunStatus.FAILED
        run.finished_at = timezone.now()
        run.save(update_fields=["output", "status", "finished_at"])
        runs.append(run)
    return runs


def forget_old_runs(now: datetime, keep: timedelta = timedelta(days=30)) -> int:
    """Job runs are kept a month, for the operator to read what happened."""
    return JobRun.objects.filter(slot__lt=now - keep).delete()[0]
