"""The agreement form on a phone (390 px): the broken rules sit above a disabled submit, and
the error summary takes the focus and leads to the field."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations
from tests.factories import make_regulation


def test_broken_rules_above_submit_and_the_error_summary_leads_to_the_field(world, page_as) -> None:
    make_regulation(world.a.body)
    start = date.today() + timedelta(days=30)
    page = page_as("employee")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/b/{world.a.body.slug}/agreements/new/")
    page.locator("#id_start_date").fill(start.isoformat())
    for day in range(3):
        page.locator(f"label[for=id_weekdays_{day}]").click()
    expect(page.locator("#live-check .alert-warning")).to_be_visible()
    submit = page.locator("#submit-request")
    expect(submit).to_be_disabled()
    checks = page.locator("#live-check").bounding_box()
    assert checks["y"] + checks["height"] <= submit.bounding_box()["y"]
    assert axe_violations(page) == []

    page.locator("#id_end_date").fill((start - timedelta(days=1)).isoformat())
    page.locator("button[name=save]").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("La data di fine deve essere uguale o successiva")
    summary.locator("a[href='#id_end_date']").click()
    expect(page.locator("#id_end_date")).to_be_focused()
    assert axe_violations(page) == []
