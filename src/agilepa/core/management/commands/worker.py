"""`python -m agilepa worker`: run background tasks, with a heartbeat, taking back the tasks of
dead workers and retrying idempotent tasks (agilepa.core.worker). Replaces `db_worker`."""

from __future__ import annotations

import logging
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from agilepa.core.worker import AgilePAWorker


class Command(db_worker.Command):
    help = "Run the background task worker (with heartbeat, recovery and retries)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--heartbeat",
            type=float,
            default=settings.WORKER_HEARTBEAT_SECONDS,
            help="seconds between heartbeats (default: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        logging.getLogger("agilepa.worker").setLevel(logging.INFO)
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = AgilePAWorker(
            heartbeat_seconds=options["heartbeat"],
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()
