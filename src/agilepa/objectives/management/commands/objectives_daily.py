"""`python -m agilepa objectives-daily`: e-mail the owners of objectives whose check-in is due.

Idempotent: an objective is reminded once per check-in interval of its body. Run it every day
from cron or a systemd timer, beside agreements-daily (docs/operations.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from agilepa.objectives.notifications import run_daily


class Command(BaseCommand):
    help = "Remind the owners of objectives whose check-in is due; run once a day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, help="run as of this day")

    def handle(self, *args: Any, **options: Any) -> None:
        report = run_daily(options["date"])
        self.stdout.write(f"check-in reminders {report.reminded}")
