"""The installed app in chromium: the service worker registers, the person's week once opened
is there offline (and nothing the person did not open, nor any other page), and logging out
leaves nothing of it on the computer."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations
from tests.e2e.test_shell import log_in

pytestmark = pytest.mark.service_worker

# Whether the worker keeps `url` in a person's cache (agilepa/core/templates/core/sw.js).
KEPT = """async (url) => {
    for (const name of await caches.keys()) {
        if (name.startsWith('agilepa-pages-')
                && await (await caches.open(name)).match(url, {ignoreVary: true})) {
            return true;
        }
    }
    return false;
}"""
NO_PAGE_KEPT = """async () =>
    !(await caches.keys()).some(name => name.startsWith('agilepa-pages-'))"""
# Tells the worker, as a page opened `age` ms before this one, that nobody is logged in; waits
# for the worker's answer (whether it heeded the message).
NOBODY_FROM_A_PAGE_OPENED = """async (age) => {
    const channel = new MessageChannel();
    const answer = new Promise(resolve => { channel.port1.onmessage = e => resolve(e.data); });
    (await navigator.serviceWorker.ready).active.postMessage(
        {owner: '', page: location.href, at: performance.timeOrigin + age}, [channel.port2]);
    return (await answer).heeded;
}"""


def wait_until(page, script: str, arg: object = None, timeout: float = 15) -> None:
    """Wait until an async script is true in the page. Not `page.wait_for_function`: it does not
    await a promise, which is always truthy, so it never waits for the caches."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {script}"
        page.wait_for_timeout(50)


def open_week(page, world) -> str:
    log_in(page, "employee@a.it")
    week = reverse("planning:my_month", kwargs={"body": world.a.body.slug})
    page.goto(week)
    wait_until(page, KEPT, page.url)
    return week


def test_the_week_once_opened_is_there_offline_and_nothing_else(world, page) -> None:
    week = open_week(page, world)
    page.context.set_offline(True)
    page.goto(week)
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("#offline-notice")).to_be_visible()
    month_title = page.title()
    # A month the person never opened, and a page that is not the person's own: the page
    # saying the device is offline, with a link to what was kept, never the page itself.
    for url in (
        f"{week}?year=2031&month=1",
        reverse("org:body", kwargs={"body": world.a.body.slug}),
    ):
        page.goto(url)
        expect(page.locator("#offline-title")).to_have_text("Sei offline")
        kept = page.locator("#kept-pages a")
        expect(kept).to_have_count(1)
        expect(kept).to_have_text(month_title.split(" · ")[0])
        assert kept.get_attribute("href").endswith(week)
        assert axe_violations(page) == [], url
    page.locator("#kept-pages a").click()
    expect(page).to_have_title(month_title)


def test_an_older_page_saying_nobody_is_logged_in_does_not_drop_the_week(world, page) -> None:
    """Messages of different pages reach the worker in any order: the login page's "nobody",
    arriving after the week was kept, must not drop it; a newer page's word does."""
    week = open_week(page, world)
    assert page.evaluate(NOBODY_FROM_A_PAGE_OPENED, -5_000) is False
    assert page.evaluate(KEPT, arg=page.url)
    assert page.evaluate(NOBODY_FROM_A_PAGE_OPENED, 5_000) is True
    wait_until(page, NO_PAGE_KEPT)
    page.context.set_offline(True)
    page.goto(week)
    expect(page.locator("#offline-title")).to_be_visible()
    expect(page.locator("#no-kept-pages")).to_be_visible()
    expect(page.locator("#kept-pages a")).to_have_count(0)


def test_logging_out_leaves_no_page_of_the_person_on_the_computer(world, page) -> None:
    week = open_week(page, world)
    page.locator("#user-menu").click()
    page.locator("form[action='/account/logout/'] button").click()
    expect(page.locator("input[name=username]")).to_be_visible()
    wait_until(page, NO_PAGE_KEPT)
    # The logout dropped the worker with the site's storage; the login page installs it again,
    # for nobody. Offline, it answers the week's address with the page saying the device is
    # offline, with no page kept: nothing of the person. (Going offline at once and expecting
    # the browser's own error held only while the worker was not back yet: it failed once.)
    page.evaluate("async () => { await navigator.serviceWorker.ready; return true; }")
    page.context.set_offline(True)
    page.goto(week)
    expect(page.locator("#offline-title")).to_be_visible()
    expect(page.locator("#no-kept-pages")).to_be_visible()
    expect(page.locator("#kept-pages a")).to_have_count(0)
