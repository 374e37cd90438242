"""`python -m agilepa seed-demo`: load the demo network (see demo/org.py and docs/demo.md)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from agilepa.demo import agreements as agreements_demo
from agilepa.demo import community as community_demo
from agilepa.demo import objectives as objectives_demo
from agilepa.demo import org as demo
from agilepa.demo import surveys as surveys_demo
from agilepa.demo.awards import seed_awards
from agilepa.demo.events import seed_events
from agilepa.demo.indicators import seed_history
from agilepa.demo.maturity import seed_maturity
from agilepa.demo.measurement import seed_commute
from agilepa.demo.planning import seed_planning
from agilepa.demo.spaces import seed_spaces
from agilepa.org.models import Body, Network, Person
from agilepa.planning.services import prefill_patron_days


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
        if demo.demo_present():
            if options["skip_if_present"]:
                say("The demo network is already loaded: nothing to do.")
                return
            if not options["reset"]:
                raise CommandError(
                    "The demo network is already loaded. Use --reset to load it again "
                    "(it removes the demo bodies and logins only)."
                )
            community_demo.reset()
            surveys_demo.reset()
            objectives_demo.reset()
            agreements_demo.reset()
            demo.reset_demo()
            say("Removed the previous demo data.")
        started = time.monotonic()
        result = demo.seed_org(scale=options["scale"], progress=say)
        agreements = agreements_demo.seed_agreements(progress=say)
        bodies = list(Body.objects.filter(slug__in=[spec.slug for spec in demo.BODIES]))
        for body in bodies:
            prefill_patron_days(body)
        manager = Person.objects.filter(user__email="dirigente@comune-bologna.demo").first()
        area = manager.headed_units.first() if manager else None
        seed_planning(bodies, area, say)
        seed_spaces(Network.objects.get(slug=demo.NETWORK_SLUG), say)
        objectives_demo.seed_objectives(area, say)
        seed_commute(bodies, Network.objects.get(slug=demo.NETWORK_SLUG), say)
        surveys_demo.seed_surveys(area.body if area else None, say)
        seed_history(
            bodies, Network.objects.get(slug=demo.NETWORK_SLUG), say, options["history_months"]
        )
        bologna = Body.objects.get(slug="c_a944")
        seed_events(Network.objects.get(slug=demo.NETWORK_SLUG), bologna, say)
        seed_maturity(bodies, bologna, say)
        seed_awards(Network.objects.get(slug=demo.NETWORK_SLUG), say)
        community_demo.seed_community(Network.objects.get(slug=demo.NETWORK_SLUG), say)
        say(
            f"Loaded {result.bodies} bodies, {result.units} units and {result.people} people "
            f"and {agreements} agreements in {time.monotonic() - started:.1f} s."
        )
        say(f"\nDemo logins (password: {demo.DEMO_PASSWORD})")
        width = max(len(login.email) for login in result.logins)
        for login in result.logins:
            say(f"  {login.email:<{width}}  {login.role} — {login.body}: {login.note}")
