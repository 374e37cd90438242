"""A person requests lavoro agile, the manager approves, HR countersigns, the PDF downloads."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from agilepa.agreements.models import Agreement, AgreementStatus
from tests.e2e.conftest import axe_violations, phone_and_laptop
from tests.factories import make_regulation


def test_request_approve_countersign_and_download(world, page_as, tmp_path) -> None:
    make_regulation(world.a.body)
    slug = world.a.body.slug
    start = date.today() + timedelta(days=30)

    page = page_as("employee")
    page.goto(f"/b/{slug}/agreements/new/")
    page.locator("#id_start_date").fill(start.isoformat())
    # Bootstrap Italia draws the checkbox on its label, which takes the click.
    page.locator("label[for=id_weekdays_0]").click()
    page.locator("label[for=id_weekdays_1]").click()
    page.locator("label[for=id_weekdays_2]").click()
    # The live check names the rule broken, with its source, before anything is saved.
    expect(page.locator("#live-check")).to_contain_text("Regolamento")
    page.locator("label[for=id_weekdays_2]").click()
    expect(page.locator("#live-check .alert-success")).to_be_visible()
    assert axe_violations(page) == []
    page.locator("button[name=submit]").click()
    expect(page.locator("h1")).to_contain_text(world.a.employee_person.last_name)
    agreement = Agreement.objects.get(person=world.a.employee_person)
    assert agreement.status == AgreementStatus.SUBMITTED
    page.context.close()

    page = page_as("manager")
    page.goto(f"/b/{slug}/agreements/inbox/")
    expect(page.locator("main table")).to_contain_text(world.a.employee_person.last_name)
    phone_and_laptop(page, "the manager's requests to decide")
    page.locator("form[action$='/do/approve/'] button[type=submit]").first.click()
    expect(page.locator("main")).not_to_contain_text(world.a.employee_person.last_name)
    page.context.close()

    page = page_as("hr_admin")
    page.goto(f"/b/{slug}/agreements/{agreement.pk}/")
    page.locator("form[action$='/do/countersign/'] button[type=submit]").click()
    expect(page.locator(".badge").first).to_be_visible()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.COUNTERSIGNED  # it starts in 30 days
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.locator("a[href$='document.pdf']").click()
    saved = tmp_path / "accordo.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
