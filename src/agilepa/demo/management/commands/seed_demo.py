"""`python -m agilepa seed-demo`: load the demo network (see demo/seed.py and docs/demo.md)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from agilepa.demo import seed
from agilepa.demo.data import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the deterministic demo network, with a login for every role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="remove the demo data first, then load it again"
        )
        parser.add_argument(
            "--skip-if-present",
            action="store_true",
            help="do nothing (and succeed) when the demo is already loaded",
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="multiply every headcount (e.g. 0.05)"
        )
        parser.add_argument(
            "--history-months",
            type=int,
            default=12,
            help="months of attendance history behind today (default 12)",
        )
        parser.add_argument("--quiet", action="store_true", help="print nothing but errors")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["scale"] <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        if not 1 <= options["history_months"] <= 24:
            raise CommandError("--history-months must be between 1 and 24.")
        say = (lambda _m: None) if options["quiet"] else self.stdout.write
        if seed.demo_present():
            if options["skip_if_present"]:
                say("The demo network is already loaded: nothing to do.")
                return
            if not options["reset"]:
                raise CommandError(
                    "The demo network is already loaded. Use --reset to load it again "
                    "(it removes the demo bodies and logins only)."
                )
            seed.reset()
            say("Removed the previous demo data.")
        started = time.monotonic()
        timings = say if options["verbosity"] >= 2 else None
        with seed.load_settings():
            result, agreements = seed.seed_network(
                options["scale"], options["history_months"], say, timings
            )
        say(
            f"Loaded {result.bodies} bodies, {result.units} units and {result.people} people "
            f"and {agreements} agreements in {time.monotonic() - started:.1f} s."
        )
        say(f"\nDemo logins (password: {DEMO_PASSWORD})")
        width = max(len(login.email) for login in result.logins)
        for login in result.logins:
            say(f"  {login.email:<{width}}  {login.role} — {login.body}: {login.note}")
