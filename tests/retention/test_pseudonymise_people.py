"""People who ended more than the body's years ago are pseudonymised by the retention job:
their name, codice fiscale, e-mail, matricola and home go, their login closes, their records
stay; the audit trail loses their personal values and still verifies."""

from __future__ import annotations

from datetime import date, timedelta

from agilepa.audit import chain
from agilepa.audit import services as audit
from agilepa.audit.models import AuditEntry, Via
from agilepa.core.models import ApiToken, LoginFailure, User
from agilepa.org.models import Person
from agilepa.planning.models import ActualDay
from agilepa.retention import rules
from agilepa.retention.models import Pseudonymisation, RetentionPolicy
from tests.factories import PersonFactory
from tests.retention.helpers import NOW, TODAY, ended_person


def test_a_person_ended_more_than_five_years_ago_loses_every_identifying_field(world) -> None:
    person = ended_person(world.a.body, world.a.service)
    user_id, old_cf = person.user_id, person.tax_code

    rules.run(now=NOW)

    person.refresh_from_db()
    code = rules.pseudonym_of(person.pk)
    assert (person.first_name, person.last_name) == ("Persona", code)
    assert person.full_name == f"Persona {code}"
    assert (person.tax_code, person.email, person.home_municipality_id) == ("", "", None)
    assert person.employee_number == f"PSEUDO-{person.pk}"
    assert old_cf not in person.employee_number
    # The records that count stay as they were.
    assert (person.body_id, person.unit_id, person.is_active) == (
        world.a.body.pk,
        world.a.service.pk,
        False,
    )
    assert person.ended_on == date(2026, 4, 10)
    user = User.objects.get(pk=user_id)
    assert not user.is_active and not user.has_usable_password()
    assert (user.email, user.first_name, user.last_name) == (
        f"pseudonymised-{user_id}@invalid",
        "",
        "",
    )
    assert Pseudonymisation.objects.get(person=person).pseudonym == f"Persona {code}"


def test_the_pseudonym_is_stable_and_says_nothing_of_the_person(world) -> None:
    assert rules.pseudonym_of(42) == rules.pseudonym_of(42) != rules.pseudonym_of(43)
    assert len(rules.pseudonym_of(42)) == 6


def test_a_person_ended_less_than_five_years_ago_is_kept_as_is(world) -> None:
    recent = ended_person(world.a.body, ended_on=TODAY.replace(year=TODAY.year - 5))
    rules.run(now=NOW)
    recent.refresh_from_db()
    assert recent.last_name == "Bertazzoni" and recent.tax_code
    assert not Pseudonymisation.objects.exists()
    # One day later the five years are over.
    rules.run(now=NOW + timedelta(days=1))
    recent.refresh_from_db()
    assert recent.first_name == "Persona"


def test_active_people_are_never_pseudonymised_whatever_their_dates(world) -> None:
    old_hand = PersonFactory(body=world.a.body, hire_date=date(1990, 1, 1))
    rules.run(now=NOW)
    old_hand.refresh_from_db()
    assert old_hand.first_name.startswith("Nome")


def test_the_body_s_own_period_decides(world) -> None:
    person = ended_person(world.a.body)
    RetentionPolicy.objects.create(body=world.a.body, person_years=8)
    rules.run(now=NOW)
    person.refresh_from_db()
    assert person.last_name == "Bertazzoni"
    # Body B, on the defaults, pseudonymises its own.
    other = ended_person(world.b.body)
    rules.run(now=NOW)
    other.refresh_from_db()
    assert other.first_name == "Persona"


def test_a_login_still_used_in_another_body_is_unlinked_not_closed(world) -> None:
    person = ended_person(world.a.body)
    PersonFactory(body=world.b.body, user=person.user)
    rules.run(now=NOW)
    user = User.objects.get(pk=person.user_id)
    person.refresh_from_db()
    assert person.user_id is None
    assert user.is_active and user.last_name == "Bertazzoni"


def test_the_login_s_tokens_and_failed_logins_go_with_it(world) -> None:
    person = ended_person(world.a.body)
    ApiToken.issue(person.user, "old script")
    LoginFailure.objects.create(email=person.user.email, at=NOW - timedelta(days=1))
    rules.run(now=NOW)
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    assert not LoginFailure.objects.exists()


def test_the_day_records_stay_with_the_pseudonymised_person(world) -> None:
    person = ended_person(world.a.body)
    ActualDay.objects.create(
        body=world.a.body, person=person, date=date(2026, 3, 2), kind="remote", source="confirmed"
    )
    rules.run(now=NOW)
    assert ActualDay.objects.get().person_id == person.pk


def test_running_twice_pseudonymises_once_and_records_once(world) -> None:
    ended_person(world.a.body)
    first = rules.run(now=NOW)
    second = rules.run(now=NOW + timedelta(days=1))
    assert [a.count for a in first if a.rule == "pseudonymise people"] == [1, 0]
    assert [a.count for a in second if a.rule == "pseudonymise people"] == [0, 0]
    assert AuditEntry.objects.filter(action="retention.pseudonymise").count() == 1


def test_the_pseudonymisation_is_recorded_as_the_system_without_the_name(world) -> None:
    person = ended_person(world.a.body)
    rules.run(now=NOW)
    entry = AuditEntry.objects.get(action="retention.pseudonymise")
    assert (entry.via, entry.actor_id, entry.actor_label) == (
        Via.SYSTEM,
        None,
        "job retention-daily",
    )
    assert (entry.body_id, entry.person_id) == (world.a.body.pk, person.pk)
    assert "Bertazzoni" not in str(entry.changes) + entry.object_label


def test_a_dry_run_lists_the_people_by_name_and_changes_nothing(world) -> None:
    person = ended_person(world.a.body)
    before = list(Person.objects.order_by("pk").values_list())
    entries = AuditEntry.objects.count()

    actions = rules.run(now=NOW, dry_run=True)

    (listed,) = [a for a in actions if a.rule == "pseudonymise people" and a.count]
    assert listed.body == world.a.body.slug
    assert listed.names == (f"Bertazzoni Nicolò ({person.employee_number}, ended 10/04/2026)",)
    assert list(Person.objects.order_by("pk").values_list()) == before
    assert AuditEntry.objects.count() == entries
    assert not Pseudonymisation.objects.exists() and not RetentionPolicy.objects.exists()


def test_audit_entries_about_the_person_lose_their_personal_values_and_the_chain_verifies(
    world,
) -> None:
    person = ended_person(world.a.body)
    other = world.a.colleague
    with audit.system("test"):
        about = audit.record(
            "org.person.update",
            body=world.a.body,
            object_type="org.person",
            object_id=person.pk,
            label=f"person {person.pk}",
            person=person,
            changes=audit.diff(
                {"last_name": "Rossi", "tax_code": "X", "unit": 1, "l68": False},
                {"last_name": "Bertazzoni", "tax_code": person.tax_code, "unit": 2, "l68": True},
                special={"l68"},
            ),
        )
        mention = audit.record(
            "agreements.note",
            body=world.a.body,
            object_type="org.person",
            object_id=other.pk,
            changes={"note": [None, "replaces Nicolò Bertazzoni on Mondays"]},
        )
        untouched = audit.record(
            "org.person.update",
            body=world.a.body,
            object_type="org.person",
            object_id=other.pk,
            person=other,
            changes={"last_name": ["Verdi", "Bianchi"]},
        )
    chain.seal()

    rules.run(now=NOW)

    about.refresh_from_db()
    # Every value and both labels go: what stays is who did what, by id.
    assert about.changes == dict.fromkeys(["last_name", "tax_code", "unit", "l68"], "redacted")
    assert (about.actor_label, about.object_label) == ("redacted", "redacted")
    assert about.redacted_at is not None and about.person_id == person.pk
    mention.refresh_from_db()
    assert mention.changes == {"note": "redacted"}
    untouched.refresh_from_db()
    assert untouched.changes == {"last_name": ["Verdi", "Bianchi"]}
    assert untouched.redacted_at is None
    chain.seal()
    assert all(not state.problems for state in chain.verify())
