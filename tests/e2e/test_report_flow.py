"""HR opens the indicators dashboard in the browser, has the figures computed, reads a figure
and the phase, goes to the PIAO report, picks the year, reads the preview and downloads the
PDF/A, whose text holds the figures."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations
from tests.indicators.report_helpers import YEAR, build_report_world, pdf_text


def test_hr_picks_the_year_and_downloads_the_report(world, page_as, tmp_path) -> None:
    build_report_world(world, copies=5)
    slug = world.a.body.slug
    page = page_as("hr_admin")
    page.goto(f"/b/{slug}/")
    page.locator("#nav-body").click()  # the menu's group "The body"
    page.locator("a[href$='/indicators/']").first.click()
    page.locator("#period").fill(str(YEAR))
    page.locator("#indicator-filter button[type=submit]").click()
    # A GET writes nothing: the figures of months never built wait for the job, or for HR.
    expect(page.locator("[data-as-of]")).to_contain_text("non sono ancora stati calcolati")
    page.locator("#refresh-now").click()
    workers = page.locator("tr[data-indicator=IMP_AGILE_WORKERS] [data-value]")
    expect(workers).to_contain_text("66,7")
    expect(page.locator("[data-overall-phase]")).to_have_text("sviluppo intermedio")
    expect(page.locator("#trend-table")).to_be_visible()
    assert axe_violations(page) == []
    page.locator("#link-report").click()
    page.locator("#report-year").select_option(str(YEAR))
    page.locator("#report-year-show").click()
    row = page.locator("tr[data-indicator=IMP_AGILE_WORKERS]")
    expect(row.locator("[data-actual]")).to_have_text("66,7")  # the Italian locale
    expect(row.locator("[data-target]")).to_have_text("50,0")
    assert axe_violations(page) == []
    with page.expect_download() as info:
        page.locator("#report-pdf").click()
    download = info.value
    assert download.suggested_filename == f"piao-3-2-lavoro-agile-{slug}-{YEAR}.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = pdf_text(path.read_bytes())
    assert "66,7" in text and "sviluppo intermedio" in text
