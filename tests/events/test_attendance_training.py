"""The organiser records attendance; attending an event with a training topic is the
training the agreements' prerequisites ask for, in the attendee's own body."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from agilepa.agreements import services as agreements
from agilepa.agreements.models import AgreementStatus, TrainingCompletion
from agilepa.core.access import PermissionDeniedForRole, resolve_access
from agilepa.events import services
from agilepa.org.models import Membership, MembershipStatus
from tests.events.conftest import NOW, STARTS, make_event
from tests.factories import UserFactory, make_agreement, make_regulation

AFTER = STARTS + timedelta(hours=4)


def employee(world):
    return resolve_access(world.users["employee"], world.a.body)


def test_attendance_unblocks_an_agreement_waiting_for_cybersecurity_training(
    world, access_of
) -> None:
    make_regulation(world.a.body, required_prerequisites=["training_cybersecurity"])
    agreement = make_agreement(
        world.a.employee_person,
        status=AgreementStatus.COUNTERSIGNED,
        start_date=date(2026, 5, 4),
    )
    missing = agreements.missing_prerequisites(agreement, on=date(2026, 5, 21))
    assert [(v.code, v.field) for v in missing] == [
        ("prerequisite_missing", "training_cybersecurity")
    ]
    assert agreements.run_daily(today=date(2026, 5, 21)).waiting == 1

    event = make_event(
        world.a.body, training_topic="cybersecurity", training_hours=3, validity_months=24
    )
    registration = services.register(employee(world), event, now=NOW)
    report = services.record_attendance(access_of("hr_admin"), event, [registration.pk], now=AFTER)
    assert report.training_recorded == 1

    completion = TrainingCompletion.objects.get(person=world.a.employee_person)
    assert completion.completed_on == date(2026, 5, 20)
    assert completion.course.topic == "cybersecurity"
    assert completion.course.body == world.a.body
    assert agreements.missing_prerequisites(agreement, on=date(2026, 5, 21)) == []
    assert agreements.run_daily(today=date(2026, 5, 21)).activated == 1
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE


def test_marking_someone_absent_again_removes_their_training(world, access_of) -> None:
    event = make_event(world.a.body, training_topic="safety", training_hours=2)
    registration = services.register(employee(world), event, now=NOW)
    hr = access_of("hr_admin")
    services.record_attendance(hr, event, [registration.pk], now=AFTER)
    assert TrainingCompletion.objects.filter(person=world.a.employee_person).count() == 1
    report = services.record_attendance(hr, event, [], [registration.pk], now=AFTER)
    assert report.absent == 1
    assert not TrainingCompletion.objects.filter(person=world.a.employee_person).exists()
    registration.refresh_from_db()
    assert registration.attended is False


def test_an_attendee_of_another_body_gets_the_training_in_their_own_body(world, access_of) -> None:
    Membership.objects.create(
        network=world.network,
        body=world.b.body,
        applied_on="2026-01-10",
        status=MembershipStatus.ACTIVE,
    )
    world.b.employee_person.user = UserFactory()
    world.b.employee_person.save(update_fields=["user"])
    foreign = resolve_access(world.b.employee_person.user, world.b.body)
    event = make_event(
        world.a.body,
        audience="network",
        network=world.network,
        training_topic="digital_wellbeing",
        training_hours=2,
    )
    registration = services.register(foreign, event, now=NOW)
    services.record_attendance(access_of("hr_admin"), event, [registration.pk], now=AFTER)
    completion = TrainingCompletion.objects.get(person=world.b.employee_person)
    assert completion.course.body == world.b.body
    assert completion.course.code == f"EVENT-{event.pk}"


def test_attendance_is_recorded_by_the_organiser_after_the_start_for_places_held(
    world, access_of
) -> None:
    event = make_event(world.a.body, capacity=1)
    held = services.register(employee(world), event, now=NOW)
    hr = access_of("hr_admin")
    with pytest.raises(ValidationError, match="once the event has started"):
        services.record_attendance(hr, event, [held.pk], now=NOW)
    with pytest.raises(PermissionDeniedForRole):
        services.record_attendance(access_of("observer"), event, [held.pk], now=AFTER)
    with pytest.raises(ValidationError, match="not a place held"):
        services.record_attendance(hr, event, [held.pk + 1000], now=AFTER)
    with pytest.raises(ValidationError, match="not both"):
        services.record_attendance(hr, event, [held.pk], [held.pk], now=AFTER)


def test_an_event_without_a_training_topic_records_no_training(world, access_of) -> None:
    event = make_event(world.a.body)
    held = services.register(employee(world), event, now=NOW)
    report = services.record_attendance(access_of("hr_admin"), event, [held.pk], now=AFTER)
    assert report.present == 1 and report.training_recorded == 0
    assert not TrainingCompletion.objects.exists()


def test_the_attendance_sheet_records_the_ticked_people(world) -> None:
    event = make_event(
        world.a.body,
        starts_at=NOW - timedelta(days=400),
        ends_at=NOW - timedelta(days=400) + timedelta(hours=2),
        registration_opens=NOW - timedelta(days=500),
        training_topic="cybersecurity",
        training_hours=1,
    )
    held = services.register(employee(world), event, now=NOW - timedelta(days=450))
    client = Client()
    client.force_login(world.users["hr_admin"])
    url = f"/b/{world.a.body.slug}/events/{event.pk}/attendance/"
    page = client.get(url)
    assert f'name="present" value="{held.pk}"' in page.content.decode()
    response = client.post(url, {"present": [str(held.pk)]})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.attended is True
    assert TrainingCompletion.objects.filter(person=world.a.employee_person).count() == 1
