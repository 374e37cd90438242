"""The calendar feeds of people who end stop at once: when HR ends them (or the import does),
and, for any left over, at the retention job's next run."""

from __future__ import annotations

from datetime import date

import pytest

from agilepa.audit.models import AuditEntry
from agilepa.org.models import Person
from agilepa.org.services import end_person
from agilepa.planning.models import CalendarFeed
from agilepa.retention import rules
from tests.retention.helpers import NOW

pytestmark = pytest.mark.django_db


def feed(person, n: int) -> CalendarFeed:
    return CalendarFeed.objects.create(body=person.body, person=person, token_hash=f"{n:064d}")


def test_ending_a_person_revokes_their_feeds_at_once_and_records_it(world) -> None:
    person = world.a.colleague
    mine, colleagues = feed(person, 1), feed(world.a.employee_person, 2)
    end_person(person, date(2026, 11, 30))
    mine.refresh_from_db()
    colleagues.refresh_from_db()
    assert mine.revoked_at is not None
    assert colleagues.revoked_at is None
    entry = AuditEntry.objects.get(action="retention.revoke_feeds")
    assert (entry.person_id, entry.changes) == (person.pk, {"feeds": 1})


def test_the_job_revokes_the_feeds_of_people_ended_without_the_service(world) -> None:
    person = world.a.colleague
    left_over = feed(person, 3)
    Person.objects.filter(pk=person.pk).update(is_active=False, ended_on=date(2026, 11, 30))
    unit_feed = CalendarFeed.objects.create(
        body=world.a.body, unit=world.a.service, token_hash="u" * 64
    )

    dry = {(a.body, a.rule): a.count for a in rules.run(now=NOW, dry_run=True)}
    assert dry[(world.a.body.slug, "revoke calendar feeds")] == 1
    left_over.refresh_from_db()
    assert left_over.revoked_at is None

    rules.run(now=NOW)
    left_over.refresh_from_db()
    unit_feed.refresh_from_db()
    assert left_over.revoked_at is not None
    assert unit_feed.revoked_at is None
