"""`python -m agilepa scheduler`: the periodic-job runner (agilepa.core.schedule), one process
that replaces the cron lines; safe to run on several hosts (each slot runs once)."""

from __future__ import annotations

import logging
import signal
import threading
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string

from agilepa.core.models import ProcessKind
from agilepa.core.schedule import JOBS, forget_old_runs, run_due
from agilepa.core.worker import Heartbeat

logger = logging.getLogger("agilepa.scheduler")


class Command(BaseCommand):
    help = "Run the periodic jobs on their schedule (replaces the cron lines)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=20, help="seconds between looks at the schedule"
        )
        parser.add_argument(
            "--once", action="store_true", help="run what is due now, then exit (for cron)"
        )
        parser.add_argument(
            "--list", action="store_true", help="print the jobs and their schedules, then exit"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in JOBS:
                when = (
                    f"daily at {job.daily_at:%H:%M}"
                    if job.daily_at
                    else f"every {job.every_minutes} min, hours {job.hours.start}-"
                    f"{job.hours.stop - 1}"
                )
                self.stdout.write(f"{job.name:28} {when:36} {' '.join(job.command)}")
            return
        logging.getLogger("agilepa.scheduler").setLevel(logging.INFO)
        if options["once"]:
            self._report(run_due())
            return
        stop = threading.Event()

        def shutdown(signum: int, frame: FrameType | None) -> None:
            logger.warning("%s: stopping after the job in progress", signal.strsignal(signum))
            stop.set()

        signal.signal(signal.SIGTERM, shutdown)
        signal.signal(signal.SIGINT, shutdown)
        name = f"scheduler-{get_random_string(12)}"
        heartbeat = Heartbeat(ProcessKind.SCHEDULER, name, settings.WORKER_HEARTBEAT_SECONDS)
        heartbeat.start()
        logger.info("periodic-job runner %s started", name)
        try:
            while not stop.is_set():
                close_old_connections()
                try:
                    self._report(run_due())
                    forget_old_runs(timezone.now())
                except Exception:
                    # The database may be restarting; the next look tries again.
                    logger.exception("looking at the schedule failed")
                stop.wait(options["interval"])
        finally:
            heartbeat.stop()

    def _report(self, runs: list[Any]) -> None:
        for run in runs:
            self.stdout.write(f"{run.job} {run.slot:%Y-%m-%d %H:%M}: {run.status}")
