"""`python -m agilepa spaces-release-no-shows`: free today's seats nobody checked in to.

A booking of the whole day or the morning still unchecked at its hub's release time (10:30 by
default) is released, and the seat goes to the first person on the hub's waitlist for the day.
Idempotent: run it every 15 minutes from cron or a systemd timer (docs/operations.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from agilepa.spaces.services import release_no_shows


def _local_datetime(value: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(value))


class Command(BaseCommand):
    help = "Release today's unchecked bookings past their hub's release time; run every 15 min."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--at", type=_local_datetime, help="run as of this local time (YYYY-MM-DDTHH:MM)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        released = release_no_shows(options["at"])
        self.stdout.write(f"released {released}")
