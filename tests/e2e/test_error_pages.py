"""The error pages in a browser: accessible with Bootstrap Italia and with their inline style
alone (the static files unreachable), with the way home working."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations


def test_the_404_page_is_accessible_and_leads_home(db, page) -> None:
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Pagina non trovata")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Vai alla home page").click()
    expect(page).to_have_url(re.compile(r"/account/login/\?next=/$"))


def test_the_404_page_is_accessible_with_the_static_files_unreachable(db, page) -> None:
    page.route("**/static/**", lambda route: route.abort())
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Pagina non trovata")
    assert axe_violations(page) == []
