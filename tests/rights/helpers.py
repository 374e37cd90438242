"""A person with data in every app, each record marked so that the export can be searched
for it."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from agilepa.agreements.models import (
    AgreementStatus,
    AgreementTransition,
    EquipmentItem,
    MinistryCommunication,
    PresenceDerogation,
    ReasonAccess,
    SafetyNotice,
    TrainingCompletion,
    TrainingCourse,
    WorkstationCheck,
)
from agilepa.audit import services as audit
from agilepa.community.models import Meeting, MeetingRegistration, Table, TableMember
from agilepa.core.models import ApiToken
from agilepa.events.models import Event, Registration
from agilepa.identity.models import IdentityEvent
from agilepa.indicators.models import PersonMonth
from agilepa.measurement.models import Campaign, CommuteProfile, Pledge
from agilepa.objectives.models import ActivityEntry, CheckIn, Objective
from agilepa.org.models import Person
from agilepa.planning.models import (
    Absence,
    ActualDay,
    CalendarFeed,
    ChangeRequest,
    MonthPlan,
    PlanChange,
    PlanDay,
    PlanningProfile,
)
from agilepa.rights.models import RequestKind, SubjectRequest
from agilepa.spaces.models import Booking, Hub, Room, RoomBooking, Seat, WaitlistEntry
from tests.factories import make_agreement, make_regulation

# The sections the export of `everything()`'s person has at least one row in, with a text that
# must be in it.
MARKED = {
    "person": "Ferretti",
    "units_headed": "Area Servizi al cittadino",
    "account": "manager@a.it",
    "api_tokens": "token-of-the-export",
    "second_factors": "phone-of-the-export",
    "login_events": "login-event-of-the-export",
    "agreements": "activities-of-the-export",
    "agreement_history": "transition-of-the-export",
    "derogations": "reason-of-the-export",
    "derogation_reason_reads": "Bianchi",
    "ministry_communications": "RECEIPT-EXPORT-1",
    "safety_notices": "2026-03-02",
    "equipment": "ASSET-EXPORT-1",
    "workstation_checks": "laptop-of-the-export",
    "training": "course-of-the-export",
    "planning_profile": "preferred_weekdays",
    "plan_days": "2026-04-07",
    "plan_changes": "2026-04-08",
    "change_requests": "change-of-the-export",
    "actual_days": "2026-04-09",
    "absences": "2026-04-20",
    "calendar_feeds": "2026",
    "seat_bookings": "hub-of-the-export",
    "waitlist": "2026-04-14",
    "room_bookings": "meeting-of-the-export",
    "objectives": "objective-of-the-export",
    "check_ins": "checkin-of-the-export",
    "activity_log": "activity-of-the-export",
    "commute": "car_petrol",
    "pledges": "campaign-of-the-export",
    "monthly_summary": "2026-04-01",
    "event_registrations": "event-of-the-export",
    "tables": "table-of-the-export",
    "meetings": "meeting-title-of-the-export",
    "audit": "person.update",
    "requests": "rectification",
}


def everything(world) -> Person:
    """Body A's manager (who heads the Area), with data in every app."""
    person = world.a.manager_person
    person.last_name = "Ferretti"
    person.save(update_fields=["last_name"])
    user = world.users["manager"]
    body = world.a.body
    hr = world.users["hr_admin"]
    hr.last_name = "Bianchi"
    hr.save(update_fields=["last_name"])
    moment = timezone.make_aware(datetime(2026, 3, 1, 9, 0))
    later = timezone.make_aware(datetime(2026, 3, 1, 11, 0))

    ApiToken.issue(user, "token-of-the-export")
    TOTPDevice.objects.create(user=user, name="phone-of-the-export", confirmed=True)
    IdentityEvent.objects.create(kind="login", subject=user, detail="login-event-of-the-export")

    make_regulation(body)
    agreement = make_agreement(
        person, status=AgreementStatus.ACTIVE, activities="activities-of-the-export"
    )
    AgreementTransition.objects.create(
        agreement=agreement,
        from_status="draft",
        to_status="submitted",
        actor=user,
        reason="transition-of-the-export",
    )
    derogation = PresenceDerogation.objects.create(
        agreement=agreement,
        days_per_month=12,
        reason="reason-of-the-export",
        review_on=date(2026, 9, 1),
    )
    ReasonAccess.objects.create(derogation=derogation, user=hr)
    MinistryCommunication.objects.create(
        body=body,
        agreement=agreement,
        event="start",
        event_date=date(2026, 3, 1),
        due_on=date(2026, 3, 6),
        period_start=date(2026, 3, 1),
        sent_on=date(2026, 3, 3),
        receipt_number="RECEIPT-EXPORT-1",
    )
    SafetyNotice.objects.create(
        body=body, person=person, delivered_on=date(2026, 3, 2), agreement=agreement
    )
    EquipmentItem.objects.create(
        body=body, person=person, asset_tag="ASSET-EXPORT-1", kind="laptop"
    )
    WorkstationCheck.objects.create(
        body=body, person=person, device="laptop-of-the-export", checked_on=date(2026, 2, 20)
    )
    course = TrainingCourse.objects.create(
        body=body, code="C1", title="course-of-the-export", topic="cybersecurity"
    )
    TrainingCompletion.objects.create(course=course, person=person, completed_on=date(2026, 2, 1))

    PlanningProfile.objects.create(person=person, preferred_weekdays=[0, 3])
    plan = MonthPlan.objects.create(body=body, unit=world.a.area, year=2026, month=4)
    PlanDay.objects.create(plan=plan, person=person, date=date(2026, 4, 7), kind="remote")
    PlanChange.objects.create(
        plan=plan,
        person=person,
        date=date(2026, 4, 8),
        before="office",
        after="remote",
        actor=user,
    )
    ChangeRequest.objects.create(
        plan=plan,
        person=person,
        from_date=date(2026, 4, 10),
        to_date=date(2026, 4, 13),
        reason="change-of-the-export",
    )
    ActualDay.objects.create(
        body=body, person=person, date=date(2026, 4, 9), kind="remote", source="confirmed"
    )
    Absence.objects.create(
        body=body, person=person, start=date(2026, 4, 20), end=date(2026, 4, 24), kind="leave"
    )
    CalendarFeed.objects.create(body=body, person=person, token_hash="f" * 64)

    hub = Hub.objects.create(
        body=body, name="hub-of-the-export", address="Via Roma 1", municipality="Bologna"
    )
    seat = Seat.objects.create(hub=hub, code="A1")
    Booking.objects.create(
        hub=hub, seat=seat, person=person, date=date(2026, 4, 14), check_in_token="t" * 32
    )
    WaitlistEntry.objects.create(hub=hub, person=person, date=date(2026, 4, 14))
    room = Room.objects.create(hub=hub, name="Sala 1")
    RoomBooking.objects.create(
        room=room,
        person=person,
        date=date(2026, 4, 15),
        starts_at=time(10, 0),
        ends_at=time(11, 0),
        purpose="meeting-of-the-export",
    )

    objective = Objective.objects.create(
        body=body,
        code="O1",
        level="person",
        owner=person,
        title="objective-of-the-export",
        year=2026,
    )
    CheckIn.objects.create(
        objective=objective,
        author=user,
        date=date(2026, 4, 1),
        comment="checkin-of-the-export",
        confidence="high",
    )
    ActivityEntry.objects.create(
        body=body, person=person, date=date(2026, 4, 2), text="activity-of-the-export"
    )

    CommuteProfile.objects.create(person=person, distance_km=18, minutes=35, mode="car_petrol")
    campaign = Campaign.objects.create(
        organiser=body,
        title="campaign-of-the-export",
        slug="campaign-export",
        start=date(2026, 5, 1),
        end=date(2026, 5, 31),
    )
    Pledge.objects.create(campaign=campaign, person=person, date=date(2026, 5, 4))

    PersonMonth.objects.create(
        body=body, unit=world.a.area, person=person, month=date(2026, 4, 1), remote_days=1
    )

    event = Event.objects.create(
        organiser=body,
        kind="course",
        title="event-of-the-export",
        starts_at=moment,
        ends_at=later,
        capacity=10,
    )
    Registration.objects.create(
        event=event, person=person, status="registered", place=1, requested_at=moment, attended=True
    )
    table = Table.objects.create(
        network=world.network, name="table-of-the-export", slug="table-export"
    )
    TableMember.objects.create(table=table, person=person, joined_on=date(2026, 1, 10))
    meeting = Meeting.objects.create(
        table=table, title="meeting-title-of-the-export", starts_at=moment, ends_at=later
    )
    MeetingRegistration.objects.create(meeting=meeting, person=person)

    audit.record(
        "person.update",
        body=body,
        obj=person,
        person=person,
        user=hr,
        changes={"email": ["old@a.it", "new@a.it"]},
    )
    SubjectRequest.objects.create(
        body=body,
        person=person,
        kind=RequestKind.RECTIFICATION,
        received_on=date(2026, 3, 10),
        field="phone",
        correction="051 000",
    )
    return person
