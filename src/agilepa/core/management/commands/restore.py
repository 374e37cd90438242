"""`python -m agilepa restore SRC`: put back the database and the uploaded files of a backup."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agilepa.core import backup
from agilepa.core.management.commands.backup import add_passphrase_arguments


class Command(BaseCommand):
    help = _(
        "Restore a backup made by `backup`: the whole archive is checked first, and the site is "
        "either restored entirely or left unchanged. See docs/backup.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src", metavar="SRC", help=_("the backup file"))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("replace the data already in the database and MEDIA_ROOT"),
        )
        add_passphrase_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            passphrase = backup.read_passphrase(
                options["passphrase_env"], options["passphrase_file"]
            )
            result = backup.restore_backup(
                Path(options["src"]),
                passphrase=passphrase,
                force=options["force"],
                on_step=self.stdout.write,
            )
        except backup.BackupError as exc:
            raise CommandError(" ".join(str(exc).split())) from exc  # one line
        manifest = result.manifest
        self.stdout.write(
            _(
                "Restored the backup of %(created)s (Agile PA %(version)s): %(rows)s rows in "
                "%(tables)s tables and %(files)s uploaded files, in %(seconds).1f s."
            )
            % {
                "created": manifest.created_at,
                "version": manifest.app_version,
                "rows": manifest.rows,
                "tables": len(manifest.tables),
                "files": len(manifest.files),
                "seconds": time.perf_counter() - started,
            }
        )
        if result.pending_migrations:
            count = len(result.pending_migrations)
            self.stdout.write(
                ngettext(
                    "The backup comes from an older version: run `python -m agilepa migrate` "
                    "now (%(count)d migration to apply).",
                    "The backup comes from an older version: run `python -m agilepa migrate` "
                    "now (%(count)d migrations to apply).",
                    count,
                )
                % {"count": count}
            )
