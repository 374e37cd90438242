"""Each role logs in and lands on its home: the section of its role, no serious accessibility
violation, and never wider than the screen on a phone (390 px) or a laptop (1366 px)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from agilepa.org.models import Membership
from tests.e2e.conftest import phone_and_laptop
from tests.e2e.test_shell import log_in
from tests.home.helpers import build, freeze

ROLES = {
    "employee": ("employee@a.it", "#my-work"),
    "manager": ("manager@a.it", "#my-unit"),
    "hr_admin": ("hr@a.it", "#the-body"),
    "observer": ("observer@a.it", "#the-body"),
    "coordinator": ("coordinator@a.it", "#the-network"),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_lands_on_its_home_accessible_at_phone_and_laptop_widths(
    world, page, monkeypatch, role: str
) -> None:
    freeze(monkeypatch)
    build(world.a)
    Membership.objects.create(
        network=world.network, body=world.a.body, status="active", applied_on=date(2026, 1, 10)
    )
    email, section = ROLES[role]
    log_in(page, email)
    expect(page.locator(section)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "it")
    phone_and_laptop(page, f"the home of {role}", visible=section)
