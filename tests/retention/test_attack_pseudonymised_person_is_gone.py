"""The attack on pseudonymisation: after the job, search every text, JSON and binary column of
every table of the database for the person's old name, codice fiscale and e-mail.

The person had a login they used (and mistyped once), an agreement with a health-related
derogation, a commute profile, a calendar feed, an HR import file that named them, an edit in
the admin console and audit entries about them; the job itself ran from the scheduler, which
keeps its output."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.utils import timezone

from agilepa.agreements.models import PresenceDerogation
from agilepa.audit import chain
from agilepa.audit import services as audit
from agilepa.core.models import LoginFailure
from agilepa.core.schedule import JOBS, run_due
from agilepa.measurement.models import CommuteProfile
from agilepa.org.models import ImportBatch, Person
from agilepa.org.services import end_person
from agilepa.planning.models import CalendarFeed
from tests.factories import PASSWORD, PersonFactory, UserFactory, make_agreement

NAME = "Bertazzoni"
STEM = "Bertazzon"  # the name before HR corrected it, too
FIRST = "Nicolò"
EMAIL = "nicolo.bertazzoni@comune.example.it"
ENDED = date(2019, 4, 10)
ENDED_AT = datetime(2019, 4, 1, 9, 0, tzinfo=UTC)


def variants(needle: str) -> set[str]:
    """The needle as it is, and as JSON stores it escaped (SQLite keeps JSON as ASCII)."""
    return {needle.lower(), json.dumps(needle)[1:-1].lower()}


def as_text(value: object) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", "ignore")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def where_found(needle: str) -> dict[tuple[str, str], set[str]]:
    """(table, column) -> the values holding the needle, in every table of the database."""
    wanted = variants(needle)
    found: dict[tuple[str, str], set[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (a table name we listed)
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    text = as_text(value).lower()
                    if any(w in text for w in wanted):
                        found.setdefault((table, column), set()).add(text)
    return found


def a_life_on_the_platform(world) -> Person:
    user = UserFactory(email=EMAIL, first_name=FIRST, last_name=NAME)
    person = PersonFactory(
        body=world.a.body,
        unit=world.a.service,
        first_name=FIRST,
        last_name=NAME,
        email=EMAIL,
        user=user,
        hire_date=date(2010, 1, 1),
        home_municipality_id=Person._meta.get_field("home_municipality")
        .related_model.objects.get(istat_code="037006")
        .pk,
    )
    client = Client()
    assert client.login(email=EMAIL, password=PASSWORD)
    assert not client.login(email=EMAIL, password="wrong")  # a failed login, audited
    LoginFailure.objects.create(email=EMAIL)  # and counted by the lockout
    agreement = make_agreement(person, status="active")
    PresenceDerogation.objects.create(
        agreement=agreement,
        days_per_month=12,
        reason=f"{FIRST} {NAME} assiste la madre",
        review_on=date(2026, 9, 1),
    )
    CommuteProfile.objects.create(
        person=person, distance_km=Decimal(12), minutes=25, mode="car_petrol"
    )
    CalendarFeed.objects.create(body=world.a.body, person=person, token_hash="f" * 64)
    batch = ImportBatch.objects.create(
        body=world.a.body,
        kind="people",
        filename="dipendenti.csv",
        content=f"matricola;cognome;nome;codice_fiscale\n1;{NAME};{FIRST};{person.tax_code}\n".encode(),
        errors=[{"row": 2, "column": "email", "message": f"{EMAIL} is not an e-mail address."}],
    )
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=ENDED_AT)
    LogEntry.objects.create(
        user_id=world.users["platform_admin"].pk,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["Last name"]}}]),
    )
    with audit.system("test"):
        audit.record(
            "org.person.update",
            body=world.a.body,
            object_type="org.person",
            object_id=person.pk,
            label=f"person {person.pk}",
            person=person,
            changes={"last_name": ["Bertazzon", NAME], "tax_code": ["", person.tax_code]},
        )
    end_person(person, ENDED)
    return person


def run_the_job() -> object:
    """The job as the scheduler runs it (the command reads the real clock: the person ended
    years before any day this test may run on)."""
    (job,) = [job for job in JOBS if job.name == "retention-daily"]
    slot = timezone.localtime().replace(hour=job.daily_at.hour, minute=job.daily_at.minute + 1)
    (run,) = run_due(slot, jobs=(job,))
    return run


def test_nothing_in_the_database_names_a_pseudonymised_person(world) -> None:
    person = a_life_on_the_platform(world)
    tax_code = person.tax_code
    # The search finds them wherever they were.
    assert {table for table, _column in where_found(STEM)} >= {
        "org_person",
        "core_user",
        "core_loginfailure",
        "agreements_presencederogation",
        "org_importbatch",
        "django_admin_log",
        "audit_auditentry",
    }

    run = run_the_job()
    assert run.status == "done", run.output
    assert "Persona" in run.output

    assert where_found(tax_code) == {}
    assert where_found(f"{FIRST} {NAME}") == where_found(f"{NAME} {FIRST}") == {}
    # Nor the e-mail, not even where the audit trail named the login it was typed into: the
    # chain covers a digest of the labels, so they are redacted like the changes.
    assert where_found(STEM) == where_found(EMAIL) == {}
    chain.seal()
    assert all(not state.problems for state in chain.verify())


def test_an_audit_entry_labelled_with_the_person_s_name_is_redacted_too(world) -> None:
    person = a_life_on_the_platform(world)
    with audit.system("test"):
        audit.record("org.person.read", body=world.a.body, obj=person, person=person)
    run_the_job()
    assert where_found(f"{NAME} {FIRST}") == {}
