"""The header and its menu fit the screen: for every role, from a small phone to a wide desktop,
in Italian (the longer labels) and in English, no page is wider than the window, where the
menu is a bar no label wraps, and the phone's menu opened fits too."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

WIDTHS = (320, 390, 768, 1024, 1366, 1920)
# Bootstrap Italia's header shows the menu as a bar from its `lg` breakpoint (992 px), below
# it behind the burger button.
BAR_FROM = 992
# Besides the landing page, the pages with the widest content each role opens.
PAGES = {
    "employee": ("planning:my_month", "agreements:mine"),
    "manager": ("agreements:inbox", "org:people"),
    "hr_admin": ("agreements:dashboard", "org:people"),
    "observer": ("indicators:dashboard",),
    "coordinator": ("org:network",),
    "platform_admin": ("org:people",),
}

MEASURE = """() => ({
    document: document.documentElement.scrollWidth,
    header: document.querySelector('.it-header-wrapper').scrollWidth,
    window: window.innerWidth,
    // The lines each top-level menu label takes: its height over its line height.
    labels: [...document.querySelectorAll('.navbar-nav > .nav-item > .nav-link > span')].map(
        span => [span.textContent.trim(), Math.round(
            span.getBoundingClientRect().height / parseFloat(getComputedStyle(span).lineHeight)
        )]
    ),
})"""


# The menu opened behind the burger button on a phone, one group unfolded.
MENU_OPEN = """() => ({
    document: document.documentElement.scrollWidth,
    window: window.innerWidth,
    menu: document.querySelector('#main-nav .menu-wrapper').scrollWidth,
    menuBox: document.querySelector('#main-nav .menu-wrapper').clientWidth,
})"""


def address(url_name: str, world) -> str:
    if url_name == "org:network":
        return reverse(url_name, kwargs={"network": world.network.slug})
    return reverse(url_name, kwargs={"body": world.a.body.slug})


def test_no_page_is_wider_than_the_window_for_any_role_width_or_language(
    world, page_as, live_server
) -> None:
    # Names as long as real ones: they share the header with the menu.
    world.a.body.name = "Comune di San Giovanni in Persiceto"
    world.a.body.save(update_fields=["name"])
    world.network.name = "Rete dei Comuni dell'Unione Terre d'Acqua"
    world.network.save(update_fields=["name"])
    for user in world.users.values():
        user.first_name, user.last_name = "Maria Giovanna", "Bianchi Montanari"
        user.save(update_fields=["first_name", "last_name"])

    overflows = []
    for role, pages in PAGES.items():
        page = page_as(role)
        # The menu is the same on every page of a role: English, with its shorter labels, is
        # measured on the landing page only.
        for language, urls in (
            ("it", ("/", *(address(name, world) for name in pages))),
            ("en", ("/",)),
        ):
            page.context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            )
            for url in urls:
                page.set_viewport_size({"width": WIDTHS[0], "height": 800})
                page.goto(url)
                assert "/account/login/" not in page.url, (role, url)
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 800})
                    seen = page.evaluate(MEASURE)
                    where = f"{role} {language} {page.url} at {width} px"
                    if max(seen["document"], seen["header"]) > seen["window"]:
                        overflows.append(f"{where}: {seen['document']}, header {seen['header']}")
                    if width >= BAR_FROM:
                        overflows += [
                            f"{where}: {label!r} on {lines} lines"
                            for label, lines in seen["labels"]
                            if lines > 1
                        ]
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        page.locator(".custom-navbar-toggler").click()
        for group in page.locator("#main-nav .dropdown-toggle").all():
            group.click()
            seen = page.evaluate(MENU_OPEN)
            if seen["document"] > seen["window"] or seen["menu"] > seen["menuBox"]:
                overflows.append(f"{role}: the phone's menu, {group.inner_text()!r} open: {seen}")
        page.context.close()
    assert overflows == []
