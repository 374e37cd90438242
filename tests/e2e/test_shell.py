"""The shell a person meets first: login, header, body switcher, language, skip link."""

import re

from playwright.sync_api import expect

from agilepa.core.models import RoleKind
from tests.e2e.conftest import axe_violations
from tests.factories import PASSWORD, UserFactory, grant


def log_in(page, email: str) -> None:
    page.goto("/account/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_the_public_pages_have_no_serious_accessibility_violations(page) -> None:
    for url in ("/account/login/", "/accessibility/", "/account/password/reset/", "/privacy/"):
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", "it")
        assert axe_violations(page) == [], url


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(page) -> None:
    page.goto("/accessibility/")
    page.keyboard.press("Tab")
    skip = page.locator(".skiplinks a").first
    expect(skip).to_be_focused()
    skip.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))


def test_a_user_of_two_bodies_switches_body_in_the_header(world, page) -> None:
    user = UserFactory(email="shared.hr@example.it")
    grant(user, RoleKind.HR_ADMIN, body=world.a.body)
    grant(user, RoleKind.OBSERVER, body=world.b.body)
    log_in(page, user.email)
    expect(page.locator("h1")).to_contain_text(world.a.body.name)
    # The heading is parsed before the scripts at the end of the page have run: a click on the
    # switcher before Bootstrap's script binds the dropdown opens nothing.
    page.wait_for_load_state()
    page.locator("#body-switcher").click()
    page.get_by_role("link", name=world.b.body.name).click()
    expect(page.locator("h1")).to_contain_text(world.b.body.name)
    expect(page.locator("#body-switcher")).to_contain_text(world.b.body.name)
    assert axe_violations(page) == []


def test_the_language_switch_turns_the_interface_to_english_and_back(world, page) -> None:
    log_in(page, "hr@a.it")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    page.locator("button[name=language][value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".skiplinks a").first).to_have_text("Go to content")
    page.locator("button[name=language][value=it]").click()
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.locator(".skiplinks a").first).to_have_text("Vai al contenuto")
