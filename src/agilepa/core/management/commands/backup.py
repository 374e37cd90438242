"""`python -m agilepa backup DEST`: one file with the database and the uploaded files."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from agilepa.core import backup


def add_passphrase_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--passphrase-env",
        metavar="VAR",
        help=_("encrypt with gpg (AES256), with the passphrase in this environment variable"),
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=_("encrypt with gpg (AES256), with the passphrase on the first line of this file"),
    )


class Command(BaseCommand):
    help = _(
        "Back up the database and the uploaded files into one file in DEST "
        "(agilepa-backup-YYYYmmddTHHMMSSZ.tar, .tar.gpg when encrypted), consistent while the "
        "site runs. See docs/backup.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", metavar="DEST", help=_("the folder for the backup file"))
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help=_("then delete all but the newest N backups in DEST"),
        )
        add_passphrase_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            passphrase = backup.read_passphrase(
                options["passphrase_env"], options["passphrase_file"]
            )
            result = backup.create_backup(
                Path(options["dest"]), passphrase=passphrase, keep=options["keep"]
            )
        except backup.BackupError as exc:
            raise CommandError(" ".join(str(exc).split())) from exc  # one line
        manifest = result.manifest
        self.stdout.write(
            _(
                "%(path)s: %(size)s, %(rows)s rows in %(tables)s tables and %(files)s uploaded "
                "files, in %(seconds).1f s."
            )
            % {
                "path": result.path,
                "size": filesizeformat(result.size),
                "rows": manifest.rows,
                "tables": len(manifest.tables),
                "files": len(manifest.files),
                "seconds": time.perf_counter() - started,
            }
        )
        for path in result.pruned:
            self.stdout.write(_("Deleted the old backup %(path)s.") % {"path": path})
