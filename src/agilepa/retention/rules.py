"""The retention job's rules, one small function each (docs/retention.md).

Each rule is idempotent (what it did is not found again) and, given `dry_run`, only says what it
would do. The rules of a body run in one transaction; every action is recorded in the audit
trail as the system. `run()` is what `python -m agilepa retention` and the daily job call."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone

from agilepa.agreements.models import PresenceDerogation
from agilepa.audit import services as audit
from agilepa.audit.models import PLATFORM_CHAIN, AuditEntry
from agilepa.core.models import ApiToken, LoginFailure, User
from agilepa.org.models import Body, ImportBatch, Person
from agilepa.planning.models import CalendarFeed
from agilepa.retention import policy
from agilepa.retention.models import Pseudonymisation, RetentionPolicy

SYSTEM_LABEL = "job retention-daily"
# The fields of a person (and of their login) whose values an audit entry about them may hold.
PERSONAL_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "email",
        "tax_code",
        "employee_number",
        "home_municipality",
        "phone",
        "address",
    }
)
# Shorter strings than this are not searched for in the audit trail: they would match anything.
MIN_NEEDLE = 5


@dataclass(frozen=True)
class Action:
    """What a rule did (or, in a dry run, would do) in one body ("" for the platform)."""

    rule: str
    body: str
    count: int
    names: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = self.body or "platform"
        line = f"{where}: {self.rule}: {self.count}"
        return line + (f" ({'; '.join(self.names)})" if self.names else "")


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def pseudonym_of(person_id: int) -> str:
    """Stable and derived from the row id only: it says nothing of who the person was."""
    return hashlib.sha256(f"agilepa-person:{person_id}".encode()).hexdigest()[:6].upper()


def policy_of(body: Body) -> RetentionPolicy:
    """The body's policy, or the defaults (unsaved: a dry run writes nothing)."""
    return RetentionPolicy.objects.filter(body=body).first() or RetentionPolicy(body=body)


# -- people -----------------------------------------------------------------------------------


def people_due(body: Body, years: int, today: date) -> QuerySet[Person]:
    """People of the body who ended more than `years` years ago and are not pseudonymised."""
    return (
        Person.objects.filter(
            body=body,
            is_active=False,
            ended_on__isnull=False,
            ended_on__lt=years_before(today, years),
        )
        .exclude(pseudonymisation__isnull=False)
        .order_by("pk")
    )


def pseudonymise_people(
    body: Body, years: int, today: date, now: datetime, dry_run: bool
) -> Action:
    people = list(people_due(body, years, today).select_related("user"))
    if dry_run:
        names = tuple(f"{p} ({p.employee_number}, ended {p.ended_on:%d/%m/%Y})" for p in people)
        return Action("pseudonymise people", body.slug, len(people), names)
    needles: set[str] = set()
    for person in people:
        needles |= pseudonymise(person, now)
    redact_audit(body, [p.pk for p in people], needles, now)
    return Action(
        "pseudonymise people",
        body.slug,
        len(people),
        tuple(f"Persona {pseudonym_of(p.pk)}" for p in people),
    )


def identifiers(person: Person) -> set[str]:
    """The strings that would name the person in free text."""
    found = {
        f"{person.first_name} {person.last_name}",
        f"{person.last_name} {person.first_name}",
        person.tax_code,
        person.email,
    }
    if person.user is not None:
        found |= {person.user.email, person.user.get_full_name()}
    return {s.strip().lower() for s in found if len(s.strip()) >= MIN_NEEDLE}


def pseudonymise(person: Person, now: datetime) -> set[str]:
    """Replace what names the person and close their login; their records stay and keep
    counting. Returns the strings that named them, for the audit trail's redaction."""
    needles = identifiers(person)
    code = pseudonym_of(person.pk)
    user = person.user
    keep_user = user is not None and (
        user.is_superuser
        or Person.objects.filter(user=user, pseudonymisation__isnull=True)
        .exclude(pk=person.pk)
        .exists()
    )
    Person.objects.filter(pk=person.pk).update(
        first_name="Persona",
        last_name=code,
        # The matricola is unique in the body: the row id keeps it so.
        employee_number=f"PSEUDO-{person.pk}",
        tax_code="",
        email="",
        home_municipality=None,
        user=user if user is not None and not keep_user else None,
        updated_at=now,
    )
    # A derogation's reason is health or family data (art. 9 GDPR) with no use once the
    # agreement is long over; its days and dates stay.
    PresenceDerogation.objects.filter(agreement__person=person).update(reason="")
    if user is not None and not keep_user:
        close_login(user, now)
    emails = [e for e in (person.email, user.email if user else "") if e]
    LoginFailure.objects.filter(email__in=[e.lower() for e in emails]).delete()
    rename_admin_log(Person, person.pk, f"Persona {code}")
    Pseudonymisation.objects.create(
        person=person, body_id=person.body_id, pseudonym=f"Persona {code}", done_at=now
    )
    audit.record(
        "retention.pseudonymise",
        body=person.body_id,
        person=person.pk,
        object_type="org.person",
        object_id=person.pk,
        label=f"Persona {code}",
        changes={
            "fields": sorted(PERSONAL_FIELDS & {f.name for f in Person._meta.fields}),
            "login": "kept" if keep_user else ("closed" if user is not None else "none"),
        },
    )
    return needles


def close_login(user: User, now: datetime) -> None:
    """Deactivate the login and blank what names it; the e-mail stays unique."""
    user.set_unusable_password()
    User.objects.filter(pk=user.pk).update(
        email=f"pseudonymised-{user.pk}@invalid",
        first_name="",
        last_name="",
        is_active=False,
        password=user.password,
    )
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    rename_admin_log(User, user.pk, f"pseudonymised-{user.pk}")


def rename_admin_log(model: type, pk: int, label: str) -> None:
    """The admin console's own history names what it edited."""
    kind = ContentType.objects.get_for_model(model)
    LogEntry.objects.filter(content_type=kind, object_id=str(pk)).update(
        object_repr=label, change_message=""
    )


def _names(entry: AuditEntry, needles: Iterable[str]) -> bool:
    text = f"{entry.actor_label}\n{entry.object_label}\n{audit.canonical(entry.changes)}".lower()
    return any(n in text for n in needles)


def redact_audit(body: Body, person_ids: list[int], needles: set[str], now: datetime) -> int:
    """Blank the personal text of the audit entries of the body and of the platform that are
    about one of the people or name them (their changes' values and the entry's labels): the
    chain covers the digest of that text, not the text, so it still verifies, and the ids of who
    did what stay."""
    if not person_ids:
        return 0
    about = Q(person_id__in=person_ids) | Q(
        object_type="org.person", object_id__in=[str(p) for p in person_ids]
    )
    about_ids = set(AuditEntry.objects.filter(about).values_list("pk", flat=True))
    entries = (
        AuditEntry.objects.filter(chain__in=[body.pk, PLATFORM_CHAIN], redacted_at__isnull=True)
        # The record of the pseudonymisation names only the pseudonym.
        .exclude(action="retention.pseudonymise")
        .only("pk", "changes", "actor_label", "object_label")
        .order_by("pk")
    )
    done = 0
    for entry in entries.iterator(chunk_size=2000):
        if entry.pk in about_ids or _names(entry, needles):
            audit.redact(entry)
            done += 1
    return done


# -- calendar feeds ---------------------------------------------------------------------------


def revoke_feeds(
    body_id: int, person_ids: Iterable[int] | None, now: datetime, dry_run: bool
) -> int:
    """Revoke the live feeds of people who ended (all of the body's when `person_ids` is None);
    one audit entry per person. Returns the number of feeds."""
    live = CalendarFeed.objects.filter(
        body_id=body_id, person__isnull=False, person__is_active=False, revoked_at__isnull=True
    )
    if person_ids is not None:
        live = live.filter(person_id__in=list(person_ids))
    by_person: dict[int, int] = {}
    for person_id in live.values_list("person_id", flat=True):
        by_person[person_id] = by_person.get(person_id, 0) + 1
    if dry_run or not by_person:
        return sum(by_person.values())
    live.update(revoked_at=now)
    for person_id, count in sorted(by_person.items()):
        audit.record(
            "retention.revoke_feeds",
            body=body_id,
            person=person_id,
            object_type="org.person",
            object_id=person_id,
            changes={"feeds": count},
        )
    return sum(by_person.values())


def on_people_ended(sender: Any, body_id: int, person_ids: list[int], **kwargs: Any) -> None:
    """At the moment people end, their feeds stop (org's end service and the import)."""
    revoke_feeds(body_id, person_ids, timezone.now(), dry_run=False)


# -- HR import files ----------------------------------------------------------------------------


def drop_import_content(body: Body, days: int, now: datetime, dry_run: bool) -> Action:
    """Empty the file and the row messages (which quote values) of imports older than `days`;
    the batch stays with its counts, error count and status."""
    batches = list(
        ImportBatch.objects.filter(body=body, created_at__lt=now - timedelta(days=days))
        .annotate(size=Length("content"))
        .filter(Q(size__gt=0) | ~Q(errors=[]) | ~Q(warnings=[]))
        .only("pk", "filename", "kind", "status")
        .order_by("pk")
    )
    if not dry_run:
        for batch in batches:
            ImportBatch.objects.filter(pk=batch.pk).update(content=b"", errors=[], warnings=[])
            audit.record(
                "retention.import_content",
                body=body,
                object_type="org.importbatch",
                object_id=batch.pk,
                label=batch.filename[:200],
                changes={"fields": ["content", "errors", "warnings"]},
            )
    return Action("delete HR import content", body.slug, len(batches))


# -- platform ---------------------------------------------------------------------------------


def delete_login_failures(now: datetime, dry_run: bool) -> Action:
    old = LoginFailure.objects.filter(at__lt=now - timedelta(days=policy.login_failure_days()))
    count = old.count()
    if not dry_run and count:
        old.delete()
        audit.record(
            "retention.login_failures", object_type="core.loginfailure", changes={"deleted": count}
        )
    return Action("delete login failures", "", count)


def delete_task_results(now: datetime, dry_run: bool) -> Action:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    old = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=now - timedelta(days=policy.task_result_days()),
    )
    count = old.count()
    if not dry_run and count:
        old.delete()
        audit.record(
            "retention.task_results",
            object_type="django_tasks_db.dbtaskresult",
            changes={"deleted": count},
        )
    return Action("delete task results", "", count)


# -- the job ----------------------------------------------------------------------------------


def run_body(body: Body, now: datetime, dry_run: bool) -> list[Action]:
    today = timezone.localdate(now)
    rules = policy_of(body)
    with transaction.atomic():
        return [
            pseudonymise_people(body, rules.person_years, today, now, dry_run),
            Action("revoke calendar feeds", body.slug, revoke_feeds(body.pk, None, now, dry_run)),
            drop_import_content(body, rules.import_days, now, dry_run),
        ]


def run(now: datetime | None = None, dry_run: bool = False) -> list[Action]:
    """Every rule for every body, then the platform's."""
    now = now or timezone.now()
    actions: list[Action] = []
    with audit.system(SYSTEM_LABEL):
        for body in Body.objects.order_by("pk"):
            actions += run_body(body, now, dry_run)
        with transaction.atomic():
            actions.append(delete_login_failures(now, dry_run))
        with transaction.atomic():
            actions.append(delete_task_results(now, dry_run))
    return actions
