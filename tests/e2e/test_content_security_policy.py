"""The main pages run under the strict Content-Security-Policy (no inline script, no inline
style): no violation is reported, and the charts (drawn by static scripts) still draw, with
Bootstrap Italia, htmx and Chart.js loaded."""

from __future__ import annotations

from playwright.sync_api import expect

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


def test_the_main_pages_report_no_csp_violation_and_charts_draw(world, page_as):
    page = page_as("hr_admin")
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
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
        page.wait_for_load_state("networkidle")
    missing = page.goto("/no-such-page/")
    assert missing.status == 404
    page.wait_for_load_state("networkidle")
    page.goto(f"/b/{world.a.body.slug}/indicators/")
    expect(page.locator("#trend-chart")).to_be_visible()
    drawn = page.evaluate("() => Chart.getChart(document.getElementById('trend-chart')) != null")
    assert drawn
    assert violations == []


def test_an_injected_inline_script_does_not_run(world, page_as):
    page = page_as("hr_admin")
    page.goto(f"/b/{world.a.body.slug}/")
    page.evaluate(
        """() => { const s = document.createElement('script');
        s.textContent = 'window.__injected = true'; document.body.appendChild(s); }"""
    )
    assert page.evaluate("() => window.__injected === true") is False


def test_the_login_page_with_the_spid_button_reports_no_csp_violation(world, page):
    from agilepa.identity.models import IdentityProvider, ProviderKind

    IdentityProvider.objects.create(
        slug="spid",
        name="SPID",
        kind=ProviderKind.SPID,
        discovery_url="http://127.0.0.1:9/.well-known/openid-configuration",
        client_id="agilepa",
        network=world.network,
    )
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    assert page.goto(f"/account/login/?body={world.a.body.slug}").status == 200
    page.wait_for_load_state("networkidle")
    logo = page.locator(".spid-button img")
    expect(logo).to_be_visible()
    assert logo.evaluate("img => img.naturalWidth") > 0  # the vendored SPID logo loaded
    assert violations == []
