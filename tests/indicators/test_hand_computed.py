"""Every measured indicator against figures worked out by hand on a tiny body (body A of the
`world`, see tests/indicators/report_helpers.py for its March 2026), plus:

- training: the employee did cybersecurity in February, the manager (head of the Area) the
  course on lavoro agile in January;
- equipment: the colleague holds a laptop since January;
- objectives of 2026: the employee's at 100 % (achieved), the colleague's at 50 %, the
  outsider's at 120 % (achieved);
- the colleague books a hub seat on the first of their two remote days (a coworking day);
- the employee commutes 10 km by petrol car in 30 minutes;
- five survey answers: WHO-5 items all 3 (score 60 each), sw_autonomy 4, 4, 2, 5, 1.

Potential agile workers: manager, employee, colleague (their Area is in the activity
catalogue); the outsider is not. Effective: employee and colleague."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest

from agilepa.agreements.models import EquipmentItem, TrainingCompletion, TrainingCourse
from agilepa.indicators import summary
from agilepa.indicators.engine import Period, Scope, compute
from agilepa.measurement.models import CommuteProfile
from agilepa.objectives.models import Objective
from agilepa.surveys.models import Response, Survey, SurveyCampaign, Wave
from tests.indicators.report_helpers import build_report_world, weekdays_from
from tests.measurement.helpers import book, hub_at

pytestmark = pytest.mark.django_db

# One remote day at home of the employee: 2 x 10 km by petrol car (0.165 kg CO2 and 0.30 euro
# a km, measurement.factors), 2 x 30 minutes.
KM = 4 * 20
EXPECTED = {
    "IMP_AGILE_WORKERS": 100 * 2 / 3,
    "IMP_AGREEMENTS": 100 * 3 / 3,
    "IMP_AGILE_DAYS": 100 * 6 / 40,
    "IMP_DAYS_PER_WORKER": 6 / 2,
    "IMP_COWORKING": 100 * 1 / 6,
    "PERF_ABSENCE": 100 * 1 / 41,
    "ORG_OBJECTIVES": 100 * 2 / 2,
    "PRO_MANAGERS_TRAINED": 100 * 1 / 1,
    "PRO_WORKERS_DIGITAL": 100 * 1 / 2,
    "DIG_DEVICES": 100 * 1 / 2,
    "PERF_OBJECTIVES_ACHIEVED": 100 * 2 / 3,
    "IMPACT_KM": KM,
    "IMPACT_HOURS": 4 * 60 / 60,
    "IMPACT_CO2": KM * 0.165 / 1000,
    "IMPACT_EUR": KM * 0.30,
    "IMPACT_WELLBEING": 60.0,
    "IMP_SATISFACTION": 100 * 3 / 5,
}


def test_every_measured_indicator_equals_the_hand_computed_figure(world) -> None:
    a = world.a
    build_report_world(world)
    cyber = TrainingCourse.objects.create(
        body=a.body, code="CYB", title="Cyber", topic="cybersecurity"
    )
    agile = TrainingCourse.objects.create(body=a.body, code="LA", title="LA", topic="agile_work")
    TrainingCompletion.objects.create(
        course=cyber, person=a.employee_person, completed_on=date(2026, 2, 10)
    )
    TrainingCompletion.objects.create(
        course=agile, person=a.manager_person, completed_on=date(2026, 1, 15)
    )
    EquipmentItem.objects.create(
        body=a.body,
        person=a.colleague,
        asset_tag="PC1",
        kind="laptop",
        handed_over_on=date(2026, 1, 10),
    )
    for n, (owner, progress) in enumerate(
        ((a.employee_person, "1"), (a.colleague, "0.5"), (a.outsider, "1.2"))
    ):
        Objective.objects.create(
            body=a.body,
            code=f"O{n}",
            level="person",
            unit=owner.unit,
            owner=owner,
            title="Obiettivo",
            year=2026,
            period="Y",
            progress=Decimal(progress),
        )
    first_remote_day = weekdays_from(date(2026, 3, 2), 1)[0]
    book(a.colleague, hub_at(a.body, "44.49", "11.34"), first_remote_day)
    CommuteProfile.objects.create(
        person=a.employee_person, distance_km=Decimal(10), minutes=30, mode="car_petrol"
    )
    survey = Survey.objects.create(
        body=a.body, title="WHO-5", instruments=["who5", "smart_working"]
    )
    campaign = SurveyCampaign.objects.create(body=a.body, survey=survey, title="2026")
    wave = Wave.objects.create(
        campaign=campaign,
        kind="baseline",
        label="T0",
        opens_on=date(2026, 4, 1),
        closes_on=date(2026, 4, 30),
    )
    for autonomy in (4, 4, 2, 5, 1):
        answers = {f"who5_{i}": 3 for i in range(1, 6)} | {"sw_autonomy": autonomy}
        Response.objects.create(
            wave=wave, smart_worker=True, submitted_on=date(2026, 4, 10), answers=answers
        )
    summary.refresh_year(a.body.pk, 2026, today=date(2026, 12, 2))
    values = compute(Scope.body(a.body), Period(2026))
    for code, expected in EXPECTED.items():
        got = values[code].value
        assert got is not None and math.isclose(got, expected, rel_tol=1e-9), (code, got, expected)
    # Nothing of it in a month without records, and the March quarter holds it all.
    assert (
        values["IMP_AGILE_DAYS"].value
        == compute(Scope.body(a.body), Period.parse("2026-Q1")).get("IMP_AGILE_DAYS").value
    )
    assert compute(Scope.body(a.body), Period.parse("2026-07"))["IMP_AGILE_DAYS"].value is None
