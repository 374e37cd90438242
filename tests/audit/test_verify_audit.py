"""`python -m agilepa verify-audit` against a database superuser who edits, deletes and reorders
entries by hand (raw SQL, with the append-only trigger switched off on PostgreSQL): it must exit
non-zero and name each entry touched, and pass on an intact chain. On PostgreSQL the platform's
own database user cannot delete or edit an entry at all, but sealing and a redaction still work."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from agilepa.audit import chain
from agilepa.audit import services as audit
from agilepa.audit.models import PLATFORM_CHAIN, AuditEntry, AuditSeal
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db

POSTGRES = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the append-only trigger is PostgreSQL's"
)


def record_some(body, n: int = 6) -> list[AuditEntry]:
    return [
        audit.record(
            "person.update",
            body=body,
            object_type="org.person",
            object_id=i,
            label=f"Persona {i}",
            changes={"first_name": [f"Nome{i}", f"Nuovo{i}"]},
        )
        for i in range(1, n + 1)
    ]


def verify(*args: str) -> tuple[int, str]:
    """verify-audit's exit status and what it printed."""
    out = io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


@pytest.fixture
def superuser_sql() -> Iterator[None]:
    """What a database superuser may do: the trigger off (PostgreSQL) for the test's duration
    (the test's transaction rolls the ALTER back with the rest)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_append_only")
    yield


def sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def sealed(body) -> list[AuditEntry]:
    chain.seal()
    return list(AuditEntry.objects.filter(chain=body.pk).order_by("seq"))


def test_an_intact_chain_passes_and_prints_its_head() -> None:
    body = BodyFactory()
    record_some(body)
    status, output = verify()
    entries = sealed(body)
    assert status == 0, output
    assert f"body {body.pk}: 6 entries, head {entries[-1].hash}: OK" in output


def test_verify_seals_what_is_pending_before_it_checks() -> None:
    body = BodyFactory()
    record_some(body, 3)
    assert AuditEntry.objects.filter(hash="").count() == 3
    assert verify()[0] == 0
    assert not AuditEntry.objects.filter(hash="").exists()


def test_an_edited_field_is_named(superuser_sql) -> None:
    body = BodyFactory()
    record_some(body)
    entries = sealed(body)
    sql(
        "UPDATE audit_auditentry SET actor_label = %s WHERE id = %s",
        ["someone.else@a.it", entries[2].pk],
    )
    status, output = verify()
    assert status == 1
    # The labels are covered through the entry's digest, like its changes.
    assert f"chain {body.pk}, entry 3: its changed fields or labels were edited" in output
    assert "entry 2:" not in output and "entry 4:" not in output


@pytest.mark.parametrize(
    "column,value",
    [("action", "person.read"), ("object_id", "999"), ("ip", "10.0.0.9"), ("person_id", 42)],
)
def test_every_column_of_an_entry_is_covered_by_its_hash(superuser_sql, column, value) -> None:
    body = BodyFactory()
    record_some(body)
    entries = sealed(body)
    sql(f"UPDATE audit_auditentry SET {column} = %s WHERE id = %s", [value, entries[3].pk])  # noqa: S608
    status, output = verify()
    assert status == 1
    assert "entry 4: was edited after it was sealed" in output


def test_an_edited_time_is_named(superuser_sql) -> None:
    body = BodyFactory()
    record_some(body)
    entries = sealed(body)
    earlier = entries[1].at - timezone.timedelta(days=3)
    AuditEntry.objects.filter(pk=entries[1].pk).update(at=earlier)
    status, output = verify()
    assert status == 1
    assert "entry 2: was edited after it was sealed" in output


def test_edited_changes_are_named(superuser_sql) -> None:
    body = BodyFactory()
    record_some(body)
    entries = sealed(body)
    forged = json.dumps({"first_name": ["Nome2", "Falso"]})
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    sql(f"UPDATE audit_auditentry SET changes = %s{cast} WHERE id = %s", [forged, entries[1].pk])  # noqa: S608
    status, output = verify()
    assert status == 1
    assert f"chain {body.pk}, entry 2: its changed fields or labels were edited" in output


def test_changes_forged_under_the_cover_of_a_redaction_are_named(superuser_sql) -> None:
    """A redaction blanks the values: an entry marked redacted that still holds values holds
    values nobody can check, so it is reported."""
    body = BodyFactory()
    record_some(body)
    entries = sealed(body)
    AuditEntry.objects.filter(pk=entries[4].pk).update(
        changes={"first_name": ["Nome5", "Falso"]}, redacted_at=timezone.now()
    )
    status, output = verify()
    assert status == 1
    assert "entry 5: its changed fields or labels were edited" in output


def test_an_entry_deleted_in_the_middle_is_named(superuser_sql) -> None:
    body = BodyFactory()
    record_some(body)
    entries = sealed(body)
    sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])
    status, output = verify()
    assert status == 1
    assert f"chain {body.pk}, entry 4: entry 3 is missing" in output
    assert "entry 4: does not follow the entry before it" in output


def test_several_entries_deleted_in_the_middle_are_named(superuser_sql) -> None:
    body = BodyFactory()
    record_some(body)
    entries = sealed(body)
    sql("DELETE FROM audit_auditentry WHERE id IN (%s, %s)", [entries[1].pk, entries[2].pk])
    status, output = verify()
    assert status == 1
    assert "entry 4: entries 2-3 are missing" in output


def test_the_first_entry_deleted_is_named(superuser_sql) -> None:
    body = BodyFactory()
    record_some(body)
    entries = sealed(body)
    sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[0].pk])
    status, output = verify()
    assert status == 1
    assert "entry 2: entry 1 is missing" in output


def test_the_last_entries_deleted_are_named(superuser_sql) -> None:
    body = BodyFactory()
    record_some(body)
    entries = sealed(body)
    sql("DELETE FROM audit_auditentry WHERE id IN (%s, %s)", [entries[4].pk, entries[5].pk])
    status, output = verify()
    assert status == 1
    assert "the chain ends at entry 4 but was sealed up to entry 6" in output


def test_the_last_entries_deleted_are_named_after_new_entries_were_sealed(superuser_sql) -> None:
    body = BodyFactory()
    record_some(body)
    entries = sealed(body)
    sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[5].pk])
    record_some(body, 2)
    status, output = verify()
    assert status == 1
    assert "entry 7: entry 6 is missing" in output


def test_two_swapped_entries_are_named(superuser_sql) -> None:
    body = BodyFactory()
    record_some(body)
    entries = sealed(body)
    third, fourth = entries[2].pk, entries[3].pk
    sql("UPDATE audit_auditentry SET seq = -1 WHERE id = %s", [third])
    sql("UPDATE audit_auditentry SET seq = 3 WHERE id = %s", [fourth])
    sql("UPDATE audit_auditentry SET seq = 4 WHERE id = %s", [third])
    status, output = verify()
    assert status == 1
    assert "entry 3: does not follow the entry before it" in output
    assert "entry 3: was edited after it was sealed" in output
    assert "entry 4: was edited after it was sealed" in output


def test_two_entries_whose_contents_were_swapped_are_named(superuser_sql) -> None:
    """The rows keep their numbers and hashes, their contents change places."""
    body = BodyFactory()
    record_some(body)
    entries = sealed(body)
    a, b = entries[1], entries[2]
    for row, other in ((a, b), (b, a)):
        sql(
            "UPDATE audit_auditentry SET object_id = %s, object_label = %s WHERE id = %s",
            [other.object_id, other.object_label, row.pk],
        )
    status, output = verify()
    assert status == 1
    assert "entry 2: was edited after it was sealed" in output
    assert "entry 3: was edited after it was sealed" in output


def test_an_entry_moved_to_another_body_is_named_in_both_chains(superuser_sql) -> None:
    ours, theirs = BodyFactory(), BodyFactory()
    record_some(ours)
    record_some(theirs, 5)
    entries = sealed(ours)
    sql(
        "UPDATE audit_auditentry SET chain = %s, body_id = %s WHERE id = %s",
        [theirs.pk, theirs.pk, entries[5].pk],
    )
    status, output = verify()
    assert status == 1
    assert f"chain {ours.pk}: the chain ends at entry 5 but was sealed up to entry 6" in output
    assert f"chain {theirs.pk}, entry 6: does not follow the entry before it" in output
    assert f"chain {theirs.pk}, entry 6: was edited after it was sealed" in output


def test_a_deleted_head_is_reported_and_does_not_stop_the_other_chains(superuser_sql) -> None:
    broken, intact = BodyFactory(), BodyFactory()
    record_some(broken)
    record_some(intact)
    chain.seal()
    AuditSeal.objects.filter(chain=broken.pk).delete()
    record_some(broken, 1)
    record_some(intact, 1)
    status, output = verify()
    assert status == 1
    assert f"chain {broken.pk}: the chain's seal (its head) is missing" in output
    assert f"body {intact.pk}: 7 entries" in output
    assert AuditEntry.objects.filter(chain=intact.pk, hash="").count() == 0


def test_verify_of_one_body_checks_only_its_chain(superuser_sql) -> None:
    ours, theirs = BodyFactory(), BodyFactory()
    record_some(ours)
    record_some(theirs)
    entries = sealed(theirs)
    sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])
    assert verify("--body", ours.slug)[0] == 0
    assert verify("--body", theirs.slug)[0] == 1


def test_seal_is_idempotent_and_continues_the_chain_across_calls() -> None:
    body = BodyFactory()
    record_some(body, 3)
    assert chain.seal() == 3
    assert chain.seal() == 0
    first = list(AuditEntry.objects.filter(chain=body.pk).order_by("seq"))
    record_some(body, 2)
    assert chain.seal() == 2
    entries = list(AuditEntry.objects.filter(chain=body.pk).order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert [(e.pk, e.hash) for e in entries[:3]] == [(e.pk, e.hash) for e in first]
    assert entries[3].prev_hash == first[-1].hash
    assert entries[0].prev_hash == ""
    head = AuditSeal.objects.get(chain=body.pk)
    assert (head.seq, head.hash) == (5, entries[-1].hash)
    assert verify()[0] == 0


def test_the_entries_of_two_bodies_form_two_chains() -> None:
    a, b = BodyFactory(), BodyFactory()
    for _ in range(3):
        record_some(a, 1)
        record_some(b, 1)
    audit.record("login.failure", label="x@example.it")
    chain.seal()
    for body in (a, b):
        entries = AuditEntry.objects.filter(body=body).order_by("seq")
        assert {e.chain for e in entries} == {body.pk}
        assert [e.seq for e in entries] == [1, 2, 3]
    platform = AuditEntry.objects.get(action="login.failure")
    assert (platform.chain, platform.seq) == (PLATFORM_CHAIN, 1)
    assert {s.chain for s in chain.verify()} == {PLATFORM_CHAIN, a.pk, b.pk}
    assert all(not s.problems for s in chain.verify())


def test_a_redaction_keeps_the_chain_verified() -> None:
    body = BodyFactory()
    record_some(body)
    entries = sealed(body)
    audit.redact(entries[2])
    entries[2].refresh_from_db()
    assert entries[2].changes == {"first_name": audit.REDACTED}
    assert entries[2].redacted_at is not None
    assert verify()[0] == 0


@POSTGRES
def test_the_platforms_database_user_cannot_delete_an_entry() -> None:
    body = BodyFactory()
    entries = record_some(body, 2)
    chain.seal()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entries[0].pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        sql("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.count() == 2


@POSTGRES
@pytest.mark.parametrize(
    "change",
    [
        {"actor_label": "someone.else@a.it"},
        {"action": "person.read"},
        {"changes": {"first_name": ["Nome1", "Falso"]}},
        {"seq": 9},
        {"hash": "0" * 64},
    ],
)
def test_the_platforms_database_user_cannot_edit_a_sealed_entry(change) -> None:
    body = BodyFactory()
    entries = record_some(body, 2)
    chain.seal()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entries[0].pk).update(**change)
    assert verify()[0] == 0


@POSTGRES
def test_the_platforms_database_user_cannot_edit_an_unsealed_entry() -> None:
    body = BodyFactory()
    entry = record_some(body, 1)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(object_label="Altro")


@POSTGRES
def test_sealing_and_a_redaction_pass_the_trigger() -> None:
    body = BodyFactory()
    entries = record_some(body, 3)
    assert chain.seal() == 3
    audit.redact(AuditEntry.objects.get(pk=entries[1].pk))
    record_some(body, 1)
    assert chain.seal() == 1
    assert verify()[0] == 0
