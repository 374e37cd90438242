"""The data the home pages count, built for one body of the `world` (body B gets the same, so
that a count that leaked across bodies would show)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from agilepa.agreements.models import AgreementStatus, MinistryCommunication
from agilepa.objectives.models import Objective
from agilepa.org.models import ImportBatch, ImportStatus
from agilepa.planning.models import (
    ActualDay,
    ActualSource,
    ChangeRequest,
    MonthPlan,
    PlanDay,
    PlanStatus,
)
from agilepa.spaces.models import Booking, Hub, Seat
from agilepa.surveys.models import Invitation, Survey, SurveyCampaign, Wave
from agilepa.surveys.sealing import hash_token, token_of
from tests.factories import make_agreement, make_regulation, weekdays

TODAY = date(2027, 3, 10)  # a Wednesday
MONDAY = date(2027, 3, 8)
WEEK = [MONDAY + timedelta(days=i) for i in range(5)]


@dataclass
class Built:
    plan: MonthPlan
    to_confirm: int


def freeze(monkeypatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def build(side) -> Built:
    """For a BodyWorld: a published plan of March 2027 for the employee and a colleague, one day
    confirmed, a change request, a seat booked, an objective due for a check-in, an open survey,
    two requests to decide (one breaking a rule), and HR's queue: an agreement to countersign, one
    ending soon, a communication due and one late, an import previewed and one refused, a plan
    ready to publish; and a Regolamento requiring the IT check, which nobody has."""
    body = side.body
    make_regulation(body, required_prerequisites=["it_check"])
    plan = MonthPlan.objects.create(
        body=body, unit=side.area, year=2027, month=3, status=PlanStatus.PUBLISHED
    )
    days = weekdays(date(2027, 3, 1), date(2027, 3, 31))
    for i, day in enumerate(days):
        for person in (side.employee_person, side.colleague):
            PlanDay.objects.create(
                plan=plan, person=person, date=day, kind="office" if i % 2 == 0 else "remote"
            )
    ActualDay.objects.create(
        body=body,
        person=side.employee_person,
        date=date(2027, 3, 1),
        kind="office",
        source=ActualSource.CONFIRMED,
    )
    ChangeRequest.objects.create(
        plan=plan,
        person=side.employee_person,
        from_date=date(2027, 3, 15),
        to_date=date(2027, 3, 16),
        verdict=["Fewer than 1 person present in Servizio Anagrafe on 16/03/2027."],
    )
    hub = Hub.objects.create(
        body=body, name=f"Hub {body.slug}", address="Via Roma 1", municipality="X"
    )
    seat = Seat.objects.create(hub=hub, code="S1")
    Booking.objects.create(
        hub=hub,
        seat=seat,
        person=side.employee_person,
        date=date(2027, 3, 11),
        check_in_token=f"token-{body.slug}",
    )
    Objective.objects.create(
        body=body,
        code="O1",
        title="Pratiche",
        level="person",
        owner=side.employee_person,
        unit=side.service,
        year=2027,
        period="Y",
    )
    survey = Survey.objects.create(body=body, title="Benessere")
    campaign = SurveyCampaign.objects.create(body=body, survey=survey, title="Benessere 2027")
    wave = Wave.objects.create(
        campaign=campaign,
        kind="baseline",
        label="Prima",
        opens_on=date(2027, 3, 1),
        closes_on=date(2027, 3, 20),
    )
    Invitation.objects.create(
        wave=wave,
        person=side.employee_person,
        salt="s",
        token_hash=hash_token(token_of(wave.pk, side.employee_person.pk, "s")),
    )
    # Two requests in the manager's Area: the colleague's sound, the employee's with no
    # disconnection window.
    make_agreement(side.colleague, status=AgreementStatus.SUBMITTED, start_date=date(2027, 4, 1))
    make_agreement(
        side.employee_person,
        status=AgreementStatus.SUBMITTED,
        start_date=date(2027, 4, 1),
        disconnection_start=None,
        disconnection_end=None,
    )
    make_agreement(side.outsider, status=AgreementStatus.APPROVED, start_date=date(2027, 4, 1))
    ending = make_agreement(
        side.manager_person,
        status=AgreementStatus.ACTIVE,
        start_date=date(2026, 4, 1),
        end_date=date(2027, 3, 31),
    )
    for due_on in (date(2027, 3, 12), date(2027, 3, 1)):
        MinistryCommunication.objects.create(
            body=body,
            agreement=ending,
            event="start",
            event_date=due_on - timedelta(days=5),
            due_on=due_on,
            period_start=ending.start_date,
        )
    ImportBatch.objects.create(
        body=body, kind="people", filename="a.csv", status=ImportStatus.PREVIEWED
    )
    ImportBatch.objects.create(
        body=body, kind="people", filename="b.csv", status=ImportStatus.FAILED
    )
    MonthPlan.objects.create(body=body, unit=side.area, year=2027, month=4, status=PlanStatus.READY)
    # Working days of March up to today, less the one confirmed.
    return Built(plan=plan, to_confirm=len(weekdays(date(2027, 3, 1), TODAY)) - 1)
