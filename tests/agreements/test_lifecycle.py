"""The agreement's lifecycle through the services: who may move it, what is recorded, who is
told by e-mail, and what the daily run does."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from agilepa.agreements import services
from agilepa.agreements.models import (
    Agreement,
    AgreementStatus,
    Regulation,
    SafetyNotice,
    WorkstationCheck,
)
from agilepa.core.access import PermissionDeniedForRole, resolve_access
from agilepa.core.models import RoleKind
from tests.factories import UserFactory, grant, make_agreement, make_regulation

S = AgreementStatus
TODAY = date(2026, 2, 10)


@pytest.fixture(autouse=True)
def committed(django_capture_on_commit_callbacks, monkeypatch):
    """Run each service call's on-commit callbacks (the e-mails) when the call returns, as
    the end of a real request's transaction would."""

    def wrap(fn):
        def call(*args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return fn(*args, **kwargs)

        return call

    for name in ("submit", "approve", "reject", "countersign", "activate", "withdraw"):
        monkeypatch.setattr(services, name, wrap(getattr(services, name)))
    monkeypatch.setattr(services, "run_daily", wrap(services.run_daily))


@pytest.fixture
def setup(world):
    make_regulation(world.a.body)
    world.a.employee_person.email = "employee.person@a.it"
    world.a.employee_person.save(update_fields=["email"])
    world.a.manager_person.email = "manager.person@a.it"
    world.a.manager_person.save(update_fields=["email"])
    access = {role: resolve_access(world.users[role], world.a.body) for role in world.users}
    return world, access


def request(world, access, **terms):
    values = {
        "start_date": date(2026, 3, 2),
        "weekdays": [0, 3],
        "places": ["home"],
    }
    values.update(terms)
    return services.new_draft(access["employee"], world.a.employee_person, **values)


def test_a_draft_starts_from_the_regulation_in_force(setup) -> None:
    world, access = setup
    draft = request(world, access)
    assert draft.status == S.DRAFT
    assert draft.regulation.version == 1
    assert draft.disconnection_start == time(20, 0)
    assert draft.transitions.get().to_status == S.DRAFT


def test_full_lifecycle_records_every_transition_and_notifies(setup) -> None:
    world, access = setup
    agreement = request(world, access)
    services.submit(access["employee"], agreement, today=TODAY)
    assert mail.outbox[-1].to == ["manager.person@a.it"]
    services.approve(access["manager"], agreement)
    assert set(mail.outbox[-1].to) == {"employee.person@a.it", "hr@a.it"}
    services.countersign(access["hr_admin"], agreement, today=TODAY)
    assert agreement.status == S.COUNTERSIGNED  # starts on 2 March
    services.activate(access["hr_admin"], agreement, today=date(2026, 3, 2))
    agreement.refresh_from_db()
    assert agreement.status == S.ACTIVE
    assert agreement.approved_by == world.users["manager"]
    assert agreement.countersigned_by == world.users["hr_admin"]
    steps = [(t.from_status, t.to_status) for t in agreement.transitions.all()]
    assert steps == [
        ("", S.DRAFT),
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.APPROVED),
        (S.APPROVED, S.COUNTERSIGNED),
        (S.COUNTERSIGNED, S.ACTIVE),
    ]
    assert mail.outbox[-1].subject.endswith("is now “Active”")
    assert mail.outbox[-1].to == ["employee.person@a.it"]


def test_submit_with_violations_is_refused_and_nothing_changes(setup) -> None:
    world, access = setup
    agreement = request(world, access, weekdays=[0, 1, 2])
    with pytest.raises(services.TransitionRefused) as refused:
        services.submit(access["employee"], agreement, today=TODAY)
    assert {v.code for v in refused.value.violations} >= {"too_many_days_per_week"}
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT
    assert agreement.transitions.count() == 1


def test_request_must_respect_the_regulation_notice(setup) -> None:
    world, access = setup
    agreement = request(world, access, start_date=date(2026, 2, 16))
    with pytest.raises(services.TransitionRefused) as refused:
        services.submit(access["employee"], agreement, today=TODAY)
    assert refused.value.violations[0].code == "request_too_late"


def test_employee_cannot_approve_their_own_request(setup) -> None:
    world, access = setup
    agreement = request(world, access)
    services.submit(access["employee"], agreement, today=TODAY)
    with pytest.raises(PermissionDeniedForRole):
        services.approve(access["employee"], agreement)


def test_manager_cannot_decide_outside_their_subtree(setup) -> None:
    world, access = setup
    outsider = make_agreement(world.a.outsider, status=S.SUBMITTED)
    with pytest.raises(PermissionDeniedForRole):
        services.approve(access["manager"], outsider)
    with pytest.raises(PermissionDeniedForRole):
        services.reject(access["manager"], outsider, "no")


def test_manager_cannot_approve_their_own_agreement(setup) -> None:
    world, access = setup
    own = make_agreement(world.a.manager_person, status=S.SUBMITTED)
    with pytest.raises(PermissionDeniedForRole):
        services.approve(access["manager"], own)


def test_rejection_needs_a_reason_and_tells_the_person(setup) -> None:
    world, access = setup
    agreement = request(world, access)
    services.submit(access["employee"], agreement, today=TODAY)
    with pytest.raises(services.TransitionRefused):
        services.reject(access["manager"], agreement, "  ")
    services.reject(access["manager"], agreement, "Servizio sotto organico a marzo")
    agreement.refresh_from_db()
    assert agreement.status == S.REJECTED
    assert agreement.transitions.last().reason == "Servizio sotto organico a marzo"
    assert mail.outbox[-1].to == ["employee.person@a.it"]
    assert "Servizio sotto organico a marzo" in mail.outbox[-1].body


def test_only_hr_countersigns(setup) -> None:
    world, access = setup
    agreement = make_agreement(world.a.employee_person, status=S.APPROVED)
    with pytest.raises(PermissionDeniedForRole):
        services.countersign(access["manager"], agreement)
    observer = access["observer"]
    with pytest.raises(PermissionDeniedForRole):
        services.countersign(observer, agreement)


def test_a_status_cannot_be_skipped(setup) -> None:
    world, access = setup
    agreement = request(world, access)
    with pytest.raises(services.TransitionRefused):
        services.countersign(access["hr_admin"], agreement)
    assert Agreement.objects.get(pk=agreement.pk).status == S.DRAFT


def test_missing_prerequisite_blocks_activation_and_says_which(setup) -> None:
    world, access = setup
    Regulation.objects.filter(body=world.a.body).update(
        required_prerequisites=["it_check", "safety_notice"]
    )
    agreement = make_agreement(world.a.employee_person, status=S.COUNTERSIGNED)
    with pytest.raises(services.TransitionRefused) as refused:
        services.activate(access["hr_admin"], agreement, today=date(2026, 3, 2))
    assert [v.field for v in refused.value.violations] == ["it_check", "safety_notice"]
    assert "L. 81/2017 art. 22" in refused.value.violations[1].source.text

    WorkstationCheck.objects.create(
        body=world.a.body,
        person=world.a.employee_person,
        device="Notebook ENTE-0042",
        checked_on=date(2026, 2, 1),
        **dict.fromkeys(WorkstationCheck.ITEMS, True),
    )
    SafetyNotice.objects.create(
        body=world.a.body, person=world.a.employee_person, delivered_on=date(2026, 2, 1)
    )
    services.activate(access["hr_admin"], agreement, today=date(2026, 3, 2))
    assert agreement.status == S.ACTIVE


def test_failed_it_check_names_the_failed_items(setup) -> None:
    world, _access = setup
    Regulation.objects.filter(body=world.a.body).update(required_prerequisites=["it_check"])
    WorkstationCheck.objects.create(
        body=world.a.body,
        person=world.a.employee_person,
        device="PC personale",
        checked_on=date(2026, 2, 1),
        os_updated=True,
        antivirus=True,
    )
    agreement = make_agreement(world.a.employee_person, status=S.COUNTERSIGNED)
    missing = services.missing_prerequisites(agreement, date(2026, 3, 2))
    assert "disk encrypted" in missing[0].message
    assert "VPN configured" in missing[0].message


def test_expired_it_check_blocks_activation(setup) -> None:
    world, _access = setup
    Regulation.objects.filter(body=world.a.body).update(
        required_prerequisites=["it_check"], it_check_validity_months=6
    )
    WorkstationCheck.objects.create(
        body=world.a.body,
        person=world.a.employee_person,
        device="Notebook",
        checked_on=date(2025, 8, 31),
        **dict.fromkeys(WorkstationCheck.ITEMS, True),
    )
    agreement = make_agreement(world.a.employee_person, status=S.COUNTERSIGNED)
    missing = services.missing_prerequisites(agreement, date(2026, 3, 2))
    assert missing[0].code == "prerequisite_expired"
    assert "28/02/2026" in missing[0].message


def test_open_ended_withdrawal_by_the_person_takes_thirty_days(setup) -> None:
    world, access = setup
    agreement = make_agreement(world.a.employee_person, status=S.ACTIVE)
    services.withdraw(access["employee"], agreement, "", today=date(2028, 1, 31))
    agreement.refresh_from_db()
    assert agreement.status == S.WITHDRAWN
    assert agreement.withdrawal_effective_on == date(2028, 3, 1)
    assert agreement.covers(date(2028, 3, 1))
    assert not agreement.covers(date(2028, 3, 2))
    assert "01/03/2028" in mail.outbox[-1].body


def test_disabled_worker_gets_ninety_days_of_notice(setup) -> None:
    world, _access = setup
    agreement = make_agreement(
        world.a.employee_person, status=S.ACTIVE, disabled_l68=True, notice_days=90
    )
    quote = services.withdrawal_quote(agreement, date(2027, 12, 1), justified=False)
    assert quote == services.WithdrawalQuote(90, date(2028, 2, 29))


def test_justified_withdrawal_ends_at_once(setup) -> None:
    world, access = setup
    agreement = make_agreement(
        world.a.employee_person, status=S.ACTIVE, end_date=date(2026, 12, 31)
    )
    with pytest.raises(services.TransitionRefused) as refused:
        services.withdraw(access["hr_admin"], agreement, "", today=date(2026, 5, 10))
    assert refused.value.violations[0].code == "fixed_term_needs_reason"
    services.withdraw(
        access["hr_admin"],
        agreement,
        "Trasferimento ad attività di sportello",
        justified=True,
        today=date(2026, 5, 10),
    )
    assert agreement.withdrawal_effective_on == date(2026, 5, 10)


def test_suspend_and_resume_by_the_manager(setup) -> None:
    world, access = setup
    agreement = make_agreement(world.a.employee_person, status=S.ACTIVE)
    services.suspend(access["manager"], agreement, "Picco di lavoro elettorale")
    assert agreement.status == S.SUSPENDED
    services.resume(access["manager"], agreement, today=date(2026, 6, 1))
    assert agreement.status == S.ACTIVE


def test_renewal_creates_a_linked_draft_after_the_end(setup) -> None:
    world, access = setup
    old = make_agreement(
        world.a.employee_person,
        status=S.ACTIVE,
        start_date=date(2026, 3, 1),
        end_date=date(2027, 2, 28),
    )
    new = services.renew(access["employee"], old)
    assert new.previous == old
    assert new.status == S.DRAFT
    assert new.start_date == date(2027, 3, 1)
    assert new.weekdays == [0, 3]
    with pytest.raises(services.TransitionRefused):
        services.renew(access["employee"], old)


def test_overlapping_live_agreement_is_a_violation(setup) -> None:
    world, access = setup
    make_agreement(world.a.employee_person, status=S.ACTIVE, start_date=date(2026, 1, 15))
    draft = request(world, access)
    assert "overlapping_agreement" in {v.code for v in services.check(draft)}


def test_daily_run_activates_expires_and_reminds(setup) -> None:
    world, _access = setup
    due = make_agreement(world.a.employee_person, status=S.COUNTERSIGNED)
    ended = make_agreement(
        world.a.colleague, status=S.ACTIVE, start_date=date(2026, 1, 1), end_date=date(2026, 2, 28)
    )
    ending = make_agreement(
        world.a.outsider, status=S.ACTIVE, start_date=date(2026, 1, 1), end_date=date(2026, 3, 31)
    )
    report = services.run_daily(date(2026, 3, 1))
    assert (report.activated, report.expired, report.reminded) == (1, 1, 1)
    assert Agreement.objects.get(pk=due.pk).status == S.ACTIVE
    assert Agreement.objects.get(pk=ended.pk).status == S.EXPIRED
    assert any("30" in m.subject for m in mail.outbox)
    again = services.run_daily(date(2026, 3, 1))
    assert (again.activated, again.expired, again.reminded) == (0, 0, 0)
    assert Agreement.objects.get(pk=ending.pk).reminded_on == date(2026, 3, 1)


def test_daily_command_prints_its_report(setup, capsys) -> None:
    call_command("agreements_daily", "--date", "2026-03-01")
    assert "activated 0" in capsys.readouterr().out


def test_regulation_looser_than_the_law_is_refused(setup) -> None:
    _world, access = setup
    draft = Regulation(
        title="Regolamento 2027",
        adopted_on=date(2026, 11, 1),
        effective_from=date(2027, 1, 1),
        allowed_places=["home"],
        notice_days=15,
    )
    with pytest.raises(ValidationError) as refused:
        services.save_regulation(access["hr_admin"], draft)
    assert "L. 81/2017 art. 19 c. 2" in str(refused.value.message_dict["notice_days"])
    draft.notice_days = 30
    saved = services.save_regulation(access["hr_admin"], draft)
    assert saved.version == 2


def test_only_hr_writes_the_regulation(setup) -> None:
    world, access = setup
    grant(UserFactory(email="m2@a.it"), RoleKind.MANAGER, body=world.a.body, unit=world.a.area)
    with pytest.raises(PermissionDeniedForRole):
        services.save_regulation(access["manager"], Regulation(title="x"))


def test_a_withdrawal_never_outlives_the_fixed_term(setup) -> None:
    world, access = setup
    agreement = make_agreement(world.a.employee_person, status=S.ACTIVE, end_date=date(2026, 6, 30))
    services.withdraw(
        access["hr_admin"],
        agreement,
        "Riorganizzazione del servizio",
        justified=True,
        last_day=date(2026, 9, 30),
        today=date(2026, 5, 10),
    )
    assert agreement.withdrawal_effective_on == date(2026, 6, 30)


def test_a_newer_failed_check_outweighs_an_older_pass(setup) -> None:
    world, _access = setup
    Regulation.objects.filter(body=world.a.body).update(required_prerequisites=["it_check"])
    person = world.a.employee_person
    WorkstationCheck.objects.create(
        body=world.a.body,
        person=person,
        device="Notebook",
        checked_on=date(2026, 1, 10),
        **dict.fromkeys(WorkstationCheck.ITEMS, True),
    )
    WorkstationCheck.objects.create(
        body=world.a.body, person=person, device="Notebook", checked_on=date(2026, 2, 10)
    )
    agreement = make_agreement(person, status=S.COUNTERSIGNED)
    missing = services.missing_prerequisites(agreement, date(2026, 3, 2))
    assert missing and "10/02/2026" in missing[0].message
