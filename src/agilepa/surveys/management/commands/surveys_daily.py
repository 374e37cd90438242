"""`python -m agilepa surveys_daily`: remind those who have not answered a wave about to close,
and count the waves that have closed (their answers leave the sealed pool for the results).

Idempotent: a wave is reminded once and counted once. Run it every day beside objectives_daily."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from agilepa.surveys.notifications import run_daily


class Command(BaseCommand):
    help = (
        "Remind those who have not answered a survey wave closing soon, and count the waves "
        "that have closed; run once a day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, help="run as of this day")

    def handle(self, *args: Any, **options: Any) -> None:
        report = run_daily(options["date"])
        self.stdout.write(f"survey waves reminded {report.reminded} counted {report.counted}")
