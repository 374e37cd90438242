"""HR import files (and their row messages, which quote values) are deleted 7 days after the
upload, or after the body's own period; the batch stays with its counts and status."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agilepa.audit.models import AuditEntry
from agilepa.core.access import get_access_or_404
from agilepa.org.imports.batches import confirm_batch
from agilepa.org.models import ImportBatch, ImportStatus
from agilepa.retention import rules
from agilepa.retention.models import RetentionPolicy
from tests.retention.helpers import NOW

pytestmark = pytest.mark.django_db

ROWS = b"matricola;cognome;nome\n1;Bertazzoni;Nicolo\n"


def batch(body, days_ago: float, status: str = ImportStatus.PREVIEWED) -> ImportBatch:
    made = ImportBatch.objects.create(
        body=body,
        kind="people",
        filename="dipendenti.csv",
        content=ROWS,
        status=status,
        row_count=1,
        counts={"new": 1, "changed": 0, "unchanged": 0, "ended": 0},
        errors=[{"row": 2, "column": "email", "message": "nicolo@ is not an e-mail address."}],
        error_count=1,
        warnings=[{"row": 2, "column": "nome", "message": "Nicolo: accent missing?"}],
    )
    ImportBatch.objects.filter(pk=made.pk).update(created_at=NOW - timedelta(days=days_ago))
    return made


def test_an_import_older_than_seven_days_keeps_only_its_counts_and_status(world) -> None:
    old = batch(world.a.body, 7.01, status=ImportStatus.FAILED)
    rules.run(now=NOW)
    old.refresh_from_db()
    assert (bytes(old.content), old.errors, old.warnings) == (b"", [], [])
    assert (old.status, old.row_count, old.error_count, old.filename) == (
        ImportStatus.FAILED,
        1,
        1,
        "dipendenti.csv",
    )
    assert old.counts["new"] == 1
    entry = AuditEntry.objects.get(action="retention.import_content")
    assert (entry.body_id, entry.object_id) == (world.a.body.pk, str(old.pk))


def test_an_import_of_the_last_seven_days_is_kept_whole(world) -> None:
    recent = batch(world.a.body, 6.9)
    rules.run(now=NOW)
    recent.refresh_from_db()
    assert bytes(recent.content) == ROWS and recent.errors and recent.warnings


def test_the_body_s_own_period_decides(world) -> None:
    RetentionPolicy.objects.create(body=world.a.body, import_days=2)
    mine, theirs = batch(world.a.body, 3), batch(world.b.body, 3)
    rules.run(now=NOW)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert bytes(mine.content) == b"" and bytes(theirs.content) == ROWS


def test_an_emptied_import_is_not_touched_again(world) -> None:
    batch(world.a.body, 30)
    rules.run(now=NOW)
    rules.run(now=NOW + timedelta(days=1))
    assert AuditEntry.objects.filter(action="retention.import_content").count() == 1


def test_a_dry_run_counts_the_imports_and_empties_none(world) -> None:
    old = batch(world.a.body, 8)
    actions = rules.run(now=NOW, dry_run=True)
    counts = {(a.body, a.rule): a.count for a in actions}
    assert counts[(world.a.body.slug, "delete HR import content")] == 1
    old.refresh_from_db()
    assert bytes(old.content) == ROWS


def test_a_preview_left_unconfirmed_past_the_period_can_no_longer_be_applied(world) -> None:
    waiting = batch(world.a.body, 8)
    rules.run(now=NOW)
    access = get_access_or_404(world.users["hr_admin"], world.a.body.slug)
    confirmed, report = confirm_batch(access, waiting.pk)
    assert not report.applied
    assert confirmed.status == ImportStatus.FAILED
    assert [e.message for e in report.errors] == ["The file is empty."]
