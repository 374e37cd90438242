"""`python -m agilepa agreements-daily`: the morning run of the agreements' lifecycle.

Activates countersigned agreements whose start date has come (when every prerequisite is in
order), expires those past their end date, and e-mails reminders 30 and 7 days before expiry.
Idempotent: run it every day from cron or a systemd timer (docs/operations.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from agilepa.agreements.services import run_daily


class Command(BaseCommand):
    help = "Activate, expire and remind agreements; run once a day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, help="run as of this day")

    def handle(self, *args: Any, **options: Any) -> None:
        report = run_daily(options["date"])
        self.stdout.write(
            f"activated {report.activated}, expired {report.expired}, "
            f"reminders {report.reminded}, waiting for prerequisites {report.waiting}"
        )
