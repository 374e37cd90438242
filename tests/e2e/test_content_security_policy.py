"""The main pages run under the strict Content-Security-Policy: no violation is reported, and
the charts (now drawn by static scripts, not inline ones) still draw."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.test_agreement_flow import log_in

PAGES = [
    "/",
    "/b/{body}/",
    "/b/{body}/indicators/",
    "/b/{body}/planning/",
    "/b/{body}/objectives/body/",
    "/b/{body}/commute/savings/",
    "/b/{body}/maturity/",
    "/account/tokens/",
    "/api/v1/docs",
]


def test_the_main_pages_report_no_csp_violation_and_charts_draw(world, browser, live_server):
    context, page = log_in(browser, live_server, "hr@a.it")
    violations: list[str] = []
    page.on(
        "console",
        lambda m: (
            violations.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text
            else None
        ),
    )
    for template in PAGES:
        response = page.goto(template.format(body=world.a.body.slug))
        assert response.status == 200, template
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    page.goto(f"/b/{world.a.body.slug}/indicators/")
    expect(page.locator("#trend-chart")).to_be_visible()
    drawn = page.evaluate("() => Chart.getChart(document.getElementById('trend-chart')) != null")
    assert drawn
    context.close()
    assert violations == []


def test_an_injected_inline_script_does_not_run(world, browser, live_server):
    context, page = log_in(browser, live_server, "hr@a.it")
    page.goto(f"/b/{world.a.body.slug}/")
    page.evaluate(
        """() => { const s = document.createElement('script');
        s.textContent = 'window.__injected = true'; document.body.appendChild(s); }"""
    )
    assert page.evaluate("() => window.__injected === true") is False
    context.close()
