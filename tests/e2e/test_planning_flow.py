"""A manager runs the planner, follows its progress, changes a day, publishes; the employee
sees the month."""

from __future__ import annotations

from playwright.sync_api import expect

from agilepa.agreements.models import AgreementStatus
from agilepa.planning.models import MonthPlan, PlanChange, PlanStatus, PresenceRequirement
from tests.e2e.conftest import axe_violations, phone_and_laptop
from tests.factories import make_agreement, make_regulation


def test_run_edit_publish_and_see_the_month(world, page_as) -> None:
    make_regulation(world.a.body)
    make_agreement(world.a.employee_person, status=AgreementStatus.ACTIVE, weekdays=[0, 3])
    for weekday in range(5):
        PresenceRequirement.objects.create(
            body=world.a.body, unit=world.a.service, weekday=weekday, min_present=1
        )
    slug = world.a.body.slug

    page = page_as("manager")
    page.goto(f"/b/{slug}/planning/")
    phone_and_laptop(page, "the planner")
    page.locator("#unit").select_option(str(world.a.service.pk))
    page.locator("#month").fill("3")
    page.locator("#year").fill("2027")
    page.locator("main form[method=post] button[type=submit]").click()
    # The task runs in the background; the page follows it and shows the grid when ready.
    expect(page.locator("table.table-bordered")).to_be_visible()
    plan = MonthPlan.objects.get()
    assert plan.status == PlanStatus.READY
    expect(page.locator("#findings .alert-success")).to_be_visible()
    phone_and_laptop(page, "the month's plan to publish")

    monday = page.locator(f"#cell-{world.a.employee_person.pk}-20270308 button")
    expect(monday).to_have_text("R")
    monday.click()
    expect(page.locator(f"#cell-{world.a.employee_person.pk}-20270308 button")).to_have_text("S")
    assert PlanChange.objects.get().after == "office"
    page.locator("form[action$='/publish/'] button[type=submit]").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    assert MonthPlan.objects.get().status == PlanStatus.PUBLISHED
    page.context.close()

    page = page_as("employee")
    page.goto(f"/b/{slug}/my-month/?year=2027&month=3")
    expect(page.locator("main")).to_contain_text("In lavoro agile")
    expect(page.locator("main")).not_to_contain_text("piano pubblicato per questo mese")
    assert axe_violations(page) == []
