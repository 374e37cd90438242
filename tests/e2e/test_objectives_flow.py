"""An employee checks in on their objective in the browser; the progress bar, the history and
the chart's table show it, and the manager sees it roll up into the unit's tree."""

from __future__ import annotations

from playwright.sync_api import expect

from agilepa.objectives.models import CheckIn, Objective
from tests.e2e.conftest import axe_violations
from tests.objectives.helpers import access_of, make_objective, numeric


def test_an_employee_checks_in_and_the_manager_sees_the_tree(world, page_as) -> None:
    from django.utils import timezone

    year = timezone.localdate().year
    hr = access_of(world)
    unit_objective = make_objective(
        hr, "SERV-1", world.a.manager_person, unit=world.a.service, year=year
    )
    mine = make_objective(
        hr,
        "IND-1",
        world.a.employee_person,
        level="person",
        parent=unit_objective,
        year=year,
        krs=[numeric(title="Pratiche evase", target=40)],
    )
    slug = world.a.body.slug

    page = page_as("employee")
    page.goto(f"/b/{slug}/objectives/")
    expect(page.locator("main")).to_contain_text("IND-1")
    assert axe_violations(page) == []
    page.locator(f"main a[href$='/objectives/{mine.pk}/']").click()
    page.locator(f"main a[href$='/objectives/{mine.pk}/check-in/']").click()
    expect(page.locator("#comment")).to_be_visible()  # the check-in page has loaded
    assert axe_violations(page) == []
    kr = mine.key_results.get()
    page.locator(f"#value-{kr.pk}").fill("abc")
    page.locator("#comment").fill("Prime pratiche chiuse")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#checkin-errors")).to_be_visible()  # not a number: nothing recorded
    assert not CheckIn.objects.exists()
    page.locator(f"#value-{kr.pk}").fill("30")
    page.locator("#comment").fill("Prime pratiche chiuse")
    page.locator("label[for=confidence-high]").click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#history")).to_contain_text("Prime pratiche chiuse")
    expect(page.locator("#history")).to_contain_text("75%")
    assert axe_violations(page) == []
    assert Objective.objects.get(pk=unit_objective.pk).percent == 38  # (0 + 0.75) / 2
    page.context.close()

    page = page_as("manager")
    page.goto(f"/b/{slug}/objectives/units/{world.a.service.pk}/")
    expect(page.locator("main table")).to_contain_text("IND-1")
    expect(page.locator("main table")).to_contain_text("38%")
    assert axe_violations(page) == []
