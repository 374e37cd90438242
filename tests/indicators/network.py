"""A small generated network with every kind of record the indicators read, for comparing the
engine with the plain reference computation (and for the page and API tests)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest

from agilepa.agreements.models import (
    Activity,
    Agreement,
    EquipmentItem,
    TrainingCompletion,
    TrainingCourse,
    TrainingTopic,
)
from agilepa.indicators import engine, summary
from agilepa.indicators.engine import Period, Scope
from agilepa.measurement.models import CommuteProfile
from agilepa.objectives.models import Objective
from agilepa.org.models import Body, Membership, MembershipStatus, Network
from agilepa.planning.models import ActualDay, MonthPlan, PlanDay, PlanStatus
from agilepa.spaces.models import Booking
from agilepa.surveys.models import Response, Survey, SurveyCampaign, Wave
from tests.factories import (
    BodyFactory,
    NetworkFactory,
    PersonFactory,
    make_regulation,
    make_unit,
    weekdays,
)
from tests.spaces.test_booking import make_hub

YEAR = 2026
KINDS = ("office", "remote", "absent")
MODES = ("car_petrol", "bus", "train", "bike")


@dataclass
class Generated:
    network: Network
    bodies: list[Body] = field(default_factory=list)
    units: dict[str, object] = field(default_factory=dict)


def build(seed: int = 7, bodies: int = 2, people: int = 24, months: int = 6) -> Generated:
    rnd = random.Random(seed)
    coordinator = BodyFactory()
    network = NetworkFactory(coordinator=coordinator)
    result = Generated(network)
    for b in range(bodies):
        body = coordinator if b == 0 else BodyFactory()
        if b:
            Membership.objects.create(
                network=network,
                body=body,
                status=MembershipStatus.ACTIVE,
                applied_on=date(2025, 10, 1),
            )
        result.bodies.append(body)
        root = make_unit(body, "ROOT", "Ente")
        a = make_unit(body, "A", "Area A", parent=root)
        a1 = make_unit(body, "A1", "Servizio A1", parent=a)
        c = make_unit(body, "C", "Area C", parent=root)
        result.units[f"{b}.A"] = a
        result.units[f"{b}.A1"] = a1
        result.units[f"{b}.C"] = c
        regulation = make_regulation(body)
        Activity.objects.create(regulation=regulation, unit=a, name="Istruttoria")
        Activity.objects.create(regulation=regulation, unit=c, name="Sportello", remotable=False)
        units = [root, a, a1, c]
        persons = []
        for i in range(people):
            hired = date(2015, 3, 1) if i % 7 else date(YEAR, 3, 16)
            person = PersonFactory(body=body, unit=rnd.choice(units), hire_date=hired)
            if i % 11 == 5:
                person.ended_on, person.is_active = date(YEAR, 4, 10), False
                person.save()
            persons.append(person)
        a.head, c.head = persons[0], persons[1]
        a.save()
        c.save()
        hub = make_hub(body, latitude=Decimal("44.49"), longitude=Decimal("11.34"))
        courses = {
            topic: TrainingCourse.objects.create(
                body=body, code=topic[:10], title=topic, topic=topic
            )
            for topic in (
                TrainingTopic.CYBERSECURITY,
                TrainingTopic.AGILE_WORK,
                TrainingTopic.SAFETY,
            )
        }
        for i, person in enumerate(persons):
            if i % 3:
                CommuteProfile.objects.create(
                    person=person,
                    distance_km=Decimal(rnd.randint(3, 40)),
                    minutes=rnd.randint(10, 70),
                    mode=rnd.choice(MODES),
                )
            if i % 2 == 0:
                status = rnd.choice(["active", "expired", "withdrawn", "draft", "suspended"])
                start = date(YEAR, rnd.randint(1, 5), 1)
                end = start + timedelta(days=rnd.randint(30, 200)) if i % 4 == 0 else None
                Agreement.objects.create(
                    body=body,
                    person=person,
                    regulation=regulation,
                    # Every third one of lavoro da remoto, whose days are counted apart.
                    kind="remote" if i % 6 == 2 else "agile",
                    status=status,
                    start_date=start,
                    end_date=end,
                    withdrawal_effective_on=(start + timedelta(days=45))
                    if status == "withdrawn"
                    else None,
                    pattern="fixed_weekdays",
                    weekdays=[0],
                    places=["home"],
                )
            for course in courses.values():
                if rnd.random() < 0.4:
                    TrainingCompletion.objects.create(
                        course=course,
                        person=person,
                        completed_on=date(YEAR, rnd.randint(1, 6), rnd.randint(1, 28)),
                    )
            if rnd.random() < 0.4:
                EquipmentItem.objects.create(
                    body=body,
                    person=person,
                    asset_tag=f"PC{person.pk}",
                    kind="laptop",
                    handed_over_on=date(YEAR, rnd.randint(1, 5), 1),
                    returned_on=date(YEAR, 5, 20) if rnd.random() < 0.3 else None,
                )
            if rnd.random() < 0.5:
                Objective.objects.create(
                    body=body,
                    code=f"O{person.pk}",
                    level="person",
                    unit=person.unit,
                    owner=person,
                    title="Obiettivo",
                    year=YEAR,
                    period=rnd.choice(["Y", "Q2", "S1"]),
                    progress=Decimal(rnd.choice(["0.5", "1", "1.2", "0.99"])),
                    state=rnd.choice(["active", "active", "cancelled"]),
                )
        for m in range(1, months + 1):
            first = date(YEAR, m, 1)
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            days = weekdays(first, last)
            for unit in units:
                status = PlanStatus.PUBLISHED if (m + len(unit.code)) % 5 else PlanStatus.READY
                month_plan = MonthPlan.objects.create(
                    body=body, unit=unit, year=YEAR, month=m, status=status
                )
                rows = []
                for person in persons:
                    if person.unit_id != unit.pk:
                        continue
                    for d in days:
                        if rnd.random() < 0.85:
                            kind = rnd.choices(KINDS, weights=(6, 3, 1))[0]
                            rows.append(PlanDay(plan=month_plan, person=person, date=d, kind=kind))
                PlanDay.objects.bulk_create(rows)
            for person in persons:
                for d in rnd.sample(days, 4):
                    ActualDay.objects.create(
                        body=body, person=person, date=d, kind=rnd.choice(KINDS), source="imported"
                    )
                for n, d in enumerate(rnd.sample(days, 2)):
                    Booking.objects.create(
                        hub=hub,
                        seat=hub.seats.all()[n % 2],
                        person=person,
                        date=d,
                        status=rnd.choice(["booked", "checked_in", "cancelled"]),
                        check_in_token=f"t{person.pk}-{d:%m%d}-{n}",
                    )
        survey = Survey.objects.create(
            body=body, title="Benessere", instruments=["who5", "smart_working"]
        )
        campaign = SurveyCampaign.objects.create(body=body, survey=survey, title="2026")
        wave = Wave.objects.create(
            campaign=campaign,
            kind="baseline",
            label="T0",
            opens_on=date(YEAR, 2, 1),
            closes_on=date(YEAR, 5, 31),
        )
        for i in range(people):
            answers = {f"who5_{k}": rnd.randint(0, 5) for k in range(1, 6)}
            answers["sw_autonomy"] = rnd.randint(1, 5)
            if i % 3:
                answers["sw_disconnect"] = rnd.randint(1, 5)
            Response.objects.create(
                wave=wave,
                smart_worker=bool(i % 2),
                submitted_on=date(YEAR, rnd.randint(2, 5), rnd.randint(1, 28)),
                answers=answers,
            )
    return result


def summarised() -> Generated:
    """The network the reference and the firsts tests read (seed 11: two bodies of 16 people,
    five months), with each body's year summarised as of 30 June."""
    g = build(seed=11, bodies=2, people=16, months=5)
    for body in g.bodies:
        summary.refresh_year(body.pk, YEAR, today=date(YEAR, 6, 30))
    return g


def distinct_figures(scope: Scope, period: Period) -> dict:
    """The figures as COUNT(DISTINCT …) gives them: what the engine's marks are held to."""
    sums = engine.summary_rows(scope, period.months).aggregate(**engine.aggregates())
    return {k: v.value for k, v in engine.from_sums(sums).items()}


def assert_same(found: dict, expected: dict) -> None:
    """Equal figures; a sum may differ in its last binary digit when the database adds the
    same values in another order (PostgreSQL's plans do), far below what is ever shown."""
    assert found.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, float):
            assert found[key] == pytest.approx(value, rel=1e-12), key
        else:
            assert found[key] == value, key
