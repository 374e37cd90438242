"""`python -m agilepa verify-audit`: seal what is pending, then recompute every chain.

Exits 1 and names each entry found edited, deleted or moved. The head hash it prints for each
chain is worth keeping outside the database (the operations log does): a rewrite of a whole
chain from some entry on can only be told by a head that no longer matches."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from agilepa.audit import chain
from agilepa.audit.models import PLATFORM_CHAIN


class Command(BaseCommand):
    help = "Verify the audit trail's hash chains (edited, deleted or reordered entries)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--body", help="only the chain of this body (its slug)")
        parser.add_argument(
            "--no-seal", action="store_true", help="check only what is sealed already"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        chains = None
        if options["body"]:
            from agilepa.org.models import Body

            body = Body.objects.filter(slug=options["body"]).first()
            if body is None:
                raise CommandError(f"No body has the slug {options['body']!r}.")
            chains = [body.pk]
        if not options["no_seal"]:
            chain.seal(chains)
        states = chain.verify(chains)
        broken = 0
        for state in states:
            name = "platform" if state.chain == PLATFORM_CHAIN else f"body {state.chain}"
            status = "OK" if not state.problems else f"{len(state.problems)} problem(s)"
            head = state.head or "-"
            self.stdout.write(f"{name}: {state.entries} entries, head {head}: {status}")
            for problem in state.problems:
                self.stdout.write(f"  {problem}")
            broken += bool(state.problems)
        if broken:
            raise CommandError(f"The audit trail was altered in {broken} chain(s).", returncode=1)
