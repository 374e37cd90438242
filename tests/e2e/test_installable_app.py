"""The installed app in chromium: the service worker registers, the person's week once opened
is there offline (and nothing the person did not open, nor any other page), and logging out
leaves nothing of it on the computer."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Error, expect

from tests.e2e.test_shell import log_in

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


def open_week(page, world) -> str:
    log_in(page, "employee@a.it")
    week = reverse("planning:my_month", kwargs={"body": world.a.body.slug})
    page.goto(week)
    page.wait_for_function("async () => (await navigator.serviceWorker.ready).active !== null")
    page.wait_for_function(KEPT, arg=page.url)
    return week


def test_the_week_once_opened_is_there_offline_and_nothing_else(world, page) -> None:
    week = open_week(page, world)
    page.context.set_offline(True)
    page.goto(week)
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("#offline-notice")).to_be_visible()
    # A month the person never opened, and a page that is not the person's own.
    for url in (
        f"{week}?year=2031&month=1",
        reverse("org:body", kwargs={"body": world.a.body.slug}),
    ):
        with pytest.raises(Error, match="net::ERR_"):
            page.goto(url)


def test_logging_out_leaves_no_page_of_the_person_on_the_computer(world, page) -> None:
    week = open_week(page, world)
    page.locator("#user-menu").click()
    page.locator("form[action='/account/logout/'] button").click()
    expect(page.locator("input[name=username]")).to_be_visible()
    page.wait_for_function(NO_PAGE_KEPT)
    page.context.set_offline(True)
    with pytest.raises(Error, match="net::ERR_"):
        page.goto(week)
