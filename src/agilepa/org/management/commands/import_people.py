"""`python -m agilepa import-people FILE --body IPA`: the HR import from the command line.

The same checks and the same all-or-nothing transaction as the wizard (org/imports/), for
the monthly export that a scheduled job picks up from the HR system."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from tqdm import tqdm

from agilepa.core import tabular
from agilepa.org.imports.run import run_import
from agilepa.org.models import Body, ImportKind
from agilepa.org.validators import normalize_ipa_code

STAGES = {
    "read": gettext_lazy("reading"),
    "check": gettext_lazy("checking"),
    "write": gettext_lazy("writing"),
}


class ProgressBars:
    """One tqdm bar per stage of the import, on stderr; none when stderr is not a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.stage = ""
        self.bar: tqdm | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if stage != self.stage or self.bar is None:
            self.close()
            self.stage = stage
            self.bar = tqdm(
                total=total or None, desc=str(STAGES.get(stage, stage)), file=sys.stderr
            )
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = (
        "Import people (or organisational units) into a body from an HR file, CSV or XLSX. "
        "A file with any error writes nothing; the errors are printed with row and column."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the CSV or XLSX file")
        parser.add_argument("--body", required=True, help="the body's IPA code (or short name)")
        parser.add_argument(
            "--kind",
            choices=ImportKind.values,
            default=ImportKind.PEOPLE,
            help="what the file holds (default: people)",
        )
        parser.add_argument(
            "--full-export",
            action="store_true",
            help="the file lists everyone: end the people in service who are missing from it",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, but write nothing"
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar on standard error"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["body"]
        body = Body.objects.filter(Q(ipa_code=normalize_ipa_code(code)) | Q(slug=code)).first()
        if body is None:
            raise CommandError(_("No body with IPA code or short name %(code)s.") % {"code": code})
        path: Path = options["file"]
        try:
            tabular.check_size(path.stat().st_size)
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s.") % {"path": path, "reason": exc.strerror}
            ) from exc
        except tabular.ImportFileError as exc:
            raise CommandError(exc.message) from exc
        bars = ProgressBars(enabled=not options["no_progress"] and sys.stderr.isatty())
        try:
            report = run_import(
                body,
                options["kind"],
                content,
                full_export=options["full_export"],
                dry_run=options["dry_run"],
                progress=bars,
            )
        finally:
            bars.close()
        for warning in report.warnings:
            self.stderr.write(_("warning: %(where)s: %(message)s") % self._where(warning))
        for error in report.errors:
            self.stderr.write(_("error: %(where)s: %(message)s") % self._where(error))
        summary = _(
            "%(rows)d rows: %(new)d new, %(changed)d changed, %(unchanged)d unchanged, "
            "%(ended)d ended"
        ) % {"rows": report.rows, **report.counts}
        if not report.ok:
            listed = len(report.errors)
            raise CommandError(
                ngettext(
                    "%(n)d error (%(listed)d listed): nothing was imported into %(body)s.",
                    "%(n)d errors (%(listed)d listed): nothing was imported into %(body)s.",
                    report.error_count,
                )
                % {"n": report.error_count, "listed": listed, "body": body.name}
            )
        if options["dry_run"]:
            self.stdout.write(_("Dry run, nothing written. %(summary)s.") % {"summary": summary})
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Imported into %(body)s. %(summary)s.")
                    % {"body": body.name, "summary": summary}
                )
            )

    @staticmethod
    def _where(problem: tabular.RowError) -> dict[str, object]:
        if not problem.row:
            where = _("whole file")
        elif problem.column:
            where = _("row %(row)d, column %(column)s") % {
                "row": problem.row,
                "column": problem.column,
            }
        else:
            where = _("row %(row)d") % {"row": problem.row}
        return {"where": where, "message": problem.message}
