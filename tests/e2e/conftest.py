"""End-to-end tests: Debian's chromium driven by Playwright against the live test server.

Never a downloaded browser: chromium is launched from /usr/bin/chromium (the Makefile installs
it), with the flags this closed network needs.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make beside
# it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


# The `browser` and `page` fixtures live in tests/conftest.py, so that the browser tests of other
# folders (tests/identity/) share the one Playwright session with these.


PHONE = (390, 844)
# What sticks out of the screen, for the failure's message: the innermost elements whose right
# edge passes the viewport's, leaving out what a scrolling box (.table-responsive) clips.
WIDER = """() => {
    const out = e => e.getBoundingClientRect().right > innerWidth + 0.5;
    const clipped = e => {
        const position = getComputedStyle(e).position;
        if (position === 'fixed') return false;
        // An absolute box is clipped only by a scrolling box at or above its containing block.
        let contained = position !== 'absolute';
        for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
            const style = getComputedStyle(p);
            contained = contained || style.position !== 'static';
            if (contained && style.overflowX !== 'visible') return true;
        }
        return false;
    };
    const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
        + [...e.classList].map(c => '.' + c).join('');
    return [...document.querySelectorAll('body *')]
        .filter(e => out(e) && !clipped(e) && ![...e.children].some(out))
        .slice(0, 5)
        .map(e => name(e) + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + ' px)');
}"""
LAPTOP = (1366, 768)


def phone_and_laptop(page, where: str, *, visible: str | None = None) -> None:
    """The page as it is, on a phone (390 px) and on a laptop (1366 px): never wider than the
    screen, and no serious accessibility violation at either width. The laptop comes last, so the
    test goes on at 1366x768. `visible`: a selector that must stay visible at both widths."""
    for width, height in (PHONE, LAPTOP):
        page.set_viewport_size({"width": width, "height": height})
        if visible is not None:
            expect(page.locator(visible).first).to_be_visible()
        assert fits_the_screen(page), (
            f"{where} is wider than the screen at {width} px: {page.evaluate(WIDER)}"
        )
        assert axe_violations(page) == [], f"{where} at {width} px"


def fits_the_screen(page, seconds: float = 5) -> bool:
    """Whether the page, once what reacts to the new size has redrawn, is no wider than the
    screen. A chart (Chart.js) resizes its canvas a frame or two after the viewport changes:
    measured at once, a canvas still as wide as the previous viewport failed the phone width
    of a page that fits it (seen once under load). A page that stays wider fails after
    `seconds`."""
    try:
        page.wait_for_function(
            "document.documentElement.scrollWidth <= innerWidth", timeout=seconds * 1000
        )
    except PlaywrightTimeoutError:
        return False
    return True


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Run axe-core on the page; the violations of the given impacts, WCAG 2.1 A and AA rules.
    The caller waits for the page it means (a click's navigation may not have begun yet)."""
    page.wait_for_load_state()
    # Evaluated through the DevTools protocol, not as a <script> tag: the pages' CSP refuses
    # inline scripts, and the tests keep the CSP on. Once per document: the same page at a
    # second width (`phone_and_laptop`) still has it, and sending and compiling its 560 KB
    # again cost the browser more than the check.
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    # Only the violations are gathered in full (`resultTypes`; the passes and the inapplicable
    # rules keep one node each) and only what is reported comes back to Python: building and
    # sending axe's whole result, every passing node's selector and HTML, took about half of a
    # run's time (mostly waiting, little CPU).
    violations = page.evaluate(
        """async () => (await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations'],
        })).violations.map(v => ({
            id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map(n => n.target),
        }))"""
    )
    return [v for v in violations if v["impact"] in impacts]
