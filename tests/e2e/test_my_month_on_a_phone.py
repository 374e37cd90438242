"""The person's month on a phone (390 px): the calendar and the change-request form fit the
screen, no label sits over its field, and axe finds nothing serious."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from agilepa.planning.models import MonthPlan, PlanDay, PlanStatus
from tests.e2e.conftest import axe_violations
from tests.factories import weekdays

FIELDS = ("to_date", "from_date", "reason")


def test_the_month_and_its_change_form_fit_a_phone(world, page_as) -> None:
    following = (timezone.localdate().replace(day=28) + timedelta(days=4)).replace(day=1)
    plan = MonthPlan.objects.create(
        body=world.a.body,
        unit=world.a.area,
        year=following.year,
        month=following.month,
        status=PlanStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    for n, day in enumerate(weekdays(following, following + timedelta(days=27))):
        PlanDay.objects.create(
            plan=plan,
            person=world.a.employee_person,
            date=day,
            kind="remote" if n % 2 else "office",
        )

    page = page_as("employee", viewport={"width": 390, "height": 844})
    page.goto(f"/b/{world.a.body.slug}/my-month/?year={following.year}&month={following.month}")
    expect(page.locator("table.person-calendar")).to_be_visible()
    expect(page.locator("#ask-title")).to_have_text("Chiedi una modifica")

    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    for field in FIELDS:
        label = page.locator(f"label[for={field}]").bounding_box()
        box = page.locator(f"#{field}").bounding_box()
        assert label is not None and box is not None
        assert label["y"] + label["height"] <= box["y"] + 1, field  # above, not over, its field
    assert axe_violations(page) == []
