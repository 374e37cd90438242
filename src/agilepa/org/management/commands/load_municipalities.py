"""`python -m agilepa load-municipalities [FILE]`: refresh the ISTAT list of municipalities."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from agilepa.org import municipalities
from agilepa.org.models import Municipality


class Command(BaseCommand):
    help = "Load or refresh the municipalities (ISTAT code, name, province, region, coordinates)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, default=municipalities.DATA)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = municipalities.load(Municipality, options["file"])
        except (OSError, municipalities.MunicipalityFileError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{count} municipalities loaded")
