"""A person logging in for the first time meets the body's privacy notice before anything else,
confirms it, and goes on; HR edits and publishes the notice. Each page passes axe-core."""

import re

from playwright.sync_api import expect

from agilepa.core.access import resolve_access
from agilepa.privacy import services
from agilepa.privacy.models import NoticeAcknowledgement
from tests.e2e.conftest import axe_violations
from tests.e2e.test_shell import log_in

TEXT = (
    "# Informativa sul trattamento dei dati personali\n\n"
    "## 1. Titolare\n\nIl titolare è il **Comune A**.\n\n"
    "## 2. Finalità\n\n- gestione dell'accordo individuale;\n- pianificazione delle giornate."
)


def test_a_person_reads_the_notice_at_the_first_login_and_goes_on(world, page) -> None:
    access = resolve_access(world.users["platform_admin"], world.a.body)
    services.save_draft(access, text_it=TEXT, text_en="")
    services.publish(access)
    log_in(page, "employee@a.it")
    expect(page.locator("h1")).to_contain_text("Informativa privacy di Comune A")
    expect(page.locator("#notice-text h3").first).to_have_text("1. Titolare")
    assert axe_violations(page) == []
    page.locator("#acknowledge").click()
    # On to where the login was going: the body's home page.
    expect(page).to_have_url(re.compile(rf"/b/{world.a.body.slug}/home/$"))
    expect(page.locator("#acknowledge")).to_have_count(0)
    assert NoticeAcknowledgement.objects.filter(user=world.users["employee"]).count() == 1
    expect(page.locator("#footer-privacy")).to_have_attribute(
        "href", f"/b/{world.a.body.slug}/privacy/"
    )


def test_the_notice_editor_has_no_serious_accessibility_violations(world, page) -> None:
    log_in(page, "hr@a.it")
    page.goto(f"/b/{world.a.body.slug}/privacy/edit/")
    expect(page.locator("h1")).to_have_text("Modifica l'informativa privacy")
    assert axe_violations(page) == []
