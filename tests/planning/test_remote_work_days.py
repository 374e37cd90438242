"""Lavoro da remoto in plans: the planner plans its remote days with the agreement's fixed
hours, and the plan, the XLSX, the person's month and the calendar feed show them as such."""

from __future__ import annotations

import io
from datetime import date, time

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from agilepa.core.access import resolve_access
from agilepa.planning import services
from agilepa.planning.models import MonthPlan, PlanDay, PlanStatus
from tests.factories import make_agreement, make_regulation


@pytest.fixture
def planned(world):
    make_regulation(world.a.body, office_hours_start=time(8), office_hours_end=time(14))
    person = world.a.employee_person
    make_agreement(
        person,
        status="active",
        start_date=date(2026, 1, 1),
        kind="remote",
        work_hours_start=time(8),
        work_hours_end=time(14),
        fixed_place="Via Roma 1, Bologna",
    )
    today = timezone.localdate()
    plan = MonthPlan.objects.create(
        body=world.a.body, unit=world.a.service, year=today.year, month=today.month
    )
    services.execute_plan(plan, processes=1)
    return world, person, plan


def test_the_planner_gives_remote_work_days_their_fixed_hours(planned) -> None:
    _world, person, plan = planned
    days = PlanDay.objects.filter(plan=plan, person=person, kind="remote")
    assert days.exists()
    assert set(days.values_list("hours", flat=True)) == {"08:00-14:00"}
    others = PlanDay.objects.filter(plan=plan, kind="remote").exclude(person=person)
    assert set(others.values_list("hours", flat=True)) <= {""}


def test_the_plan_the_xlsx_the_month_and_the_feed_show_remote_work(planned) -> None:
    world, person, plan = planned
    hr = Client()
    hr.force_login(world.users["hr_admin"])
    slug = world.a.body.slug
    html = hr.get(f"/b/{slug}/planning/{plan.pk}/").content.decode()
    assert 'title="08:00-14:00">D</button>' in html
    book = load_workbook(io.BytesIO(hr.get(f"/b/{slug}/planning/{plan.pk}/plan.xlsx").content))
    letters = {c.value for row in book.active.iter_rows(min_row=3) for c in row}
    assert "D" in letters
    plan.status = PlanStatus.PUBLISHED
    plan.save(update_fields=["status"])
    access = resolve_access(world.users["employee"], world.a.body)
    token = services.new_feed(access, person)
    feed = Client().get(f"/calendar/{token}.ics").content.decode()
    assert "SUMMARY:Lavoro da remoto 08:00-14:00" in feed
    employee = Client()
    employee.force_login(world.users["employee"])
    today = timezone.localdate()
    month = employee.get(f"/b/{slug}/my-month/?year={today.year}&month={today.month}")
    assert "lavoro da remoto 08:00-14:00" in month.content.decode()
