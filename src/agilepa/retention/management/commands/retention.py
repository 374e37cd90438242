"""`python -m agilepa retention [--dry-run]`: the retention rules (docs/retention.md).

The dry run lists, per body and rule, what would be done, with the names of the people who
would be pseudonymised; without it the rules are applied and only pseudonyms are printed (the
output is kept in the job's run)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from agilepa.retention import rules


class Command(BaseCommand):
    help = "Apply the retention rules: pseudonymise, revoke, delete what is kept too long."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be done; change nothing"
        )

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        if dry_run:
            self.stdout.write("Dry run: nothing is changed.")
        for action in rules.run(dry_run=dry_run):
            if action.count or dry_run:
                self.stdout.write(str(action))
