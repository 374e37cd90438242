"""The indicators frozen with an application: real figures from the agreements, the planning
(actuals, else the published plan), the objectives and the commute savings, in the shape
{code: {"name", "value", "unit"}} that the indicators engine will keep."""

from __future__ import annotations

from datetime import date

from agilepa.agreements.models import AgreementStatus
from agilepa.awards.snapshot import indicator_snapshot
from agilepa.planning.models import ActualDay, ActualSource, MonthPlan, PlanDay, PlanStatus
from tests.factories import make_agreement, make_regulation

TODAY = date(2026, 6, 30)


def test_the_snapshot_has_the_shape_the_indicators_engine_keeps(world):
    snapshot = indicator_snapshot(world.a.body, 2026, TODAY)
    assert set(snapshot) == {
        "agile_staff_share",
        "remote_days_share",
        "objectives_achieved_share",
        "commute_km_saved",
        "commute_co2_saved",
    }
    for item in snapshot.values():
        assert set(item) == {"name", "value", "unit"}
        assert isinstance(item["name"], str) and item["unit"]


def test_the_share_of_staff_with_an_active_agreement(world):
    make_regulation(world.a.body)
    make_agreement(world.a.employee_person, status=AgreementStatus.ACTIVE)
    make_agreement(world.a.colleague, status=AgreementStatus.SUBMITTED)
    # 1 active agreement over the 4 active people of the body.
    assert indicator_snapshot(world.a.body, 2026, TODAY)["agile_staff_share"]["value"] == 25.0


def test_remote_days_come_from_the_actuals_else_the_published_plan(world):
    body = world.a.body
    plan = MonthPlan.objects.create(
        body=body, unit=world.a.root, year=2026, month=3, status=PlanStatus.PUBLISHED
    )
    draft = MonthPlan.objects.create(
        body=body, unit=world.a.root, year=2026, month=4, status=PlanStatus.READY
    )
    employee, colleague, outsider = (
        world.a.employee_person,
        world.a.colleague,
        world.a.outsider,
    )
    for day, kind in ((2, "remote"), (3, "remote"), (4, "office")):
        PlanDay.objects.create(plan=plan, person=employee, date=date(2026, 3, day), kind=kind)
    PlanDay.objects.create(plan=draft, person=employee, date=date(2026, 4, 1), kind="remote")

    def actual(person, day: date, kind: str) -> None:
        ActualDay.objects.create(
            body=body, person=person, date=day, kind=kind, source=ActualSource.CONFIRMED
        )

    actual(employee, date(2026, 3, 3), "office")  # planned remote, was in the office
    actual(colleague, date(2026, 3, 5), "remote")
    actual(outsider, date(2026, 3, 5), "absent")  # not a working day
    # Remote: 2 March (plan) and 5 March (actual) over 4 working days; the draft plan ignored.
    assert indicator_snapshot(body, 2026, TODAY)["remote_days_share"]["value"] == 50.0


def test_figures_about_too_few_people_are_withheld(world):
    snapshot = indicator_snapshot(world.a.body, 2026, TODAY)
    assert snapshot["objectives_achieved_share"]["value"] is None
    assert snapshot["commute_km_saved"]["value"] is None
    assert snapshot["remote_days_share"]["value"] is None  # no day recorded at all
