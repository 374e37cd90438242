"""The site installs as an app: a manifest with its icons, a service worker for the whole site
under the strict Content-Security-Policy, keeping only the person's own pages, forgotten at
logout."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from agilepa.core.pwa import OWN_PAGES
from tests.core.test_security_headers import directives


def static_file(url: str) -> Path:
    found = finders.find(url.removeprefix("/static/"))
    assert found, url
    return Path(found)


def test_the_manifest_names_the_app_in_italian_with_its_icons(client, db) -> None:
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="it")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Agile PA"
    assert manifest["lang"] == "it"
    assert manifest["description"] == "Lavoro agile nella pubblica amministrazione"
    assert manifest["start_url"] == reverse("home")
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0066cc"
    for icon in manifest["icons"]:
        with Image.open(static_file(icon["src"])) as image:
            assert icon["sizes"] == "{}x{}".format(*image.size)
            assert image.format == "PNG"
    assert {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]} == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    }


def test_the_service_worker_is_served_for_the_whole_site_under_the_strict_policy(
    client, db
) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    script = response.content.decode()
    shell = json.loads(re.search(r"const CONFIG = (\{.*\});", script)[1])["shell"]
    assert all(static_file(url).is_file() for url in shell)


def test_the_pages_kept_offline_are_the_persons_week_bookings_and_check_in_only() -> None:
    patterns = [re.compile(page.pattern()) for page in OWN_PAGES]

    def kept(url: str) -> bool:
        return any(pattern.match(url) for pattern in patterns)

    body = {"body": "comune-di-roma"}
    assert kept(reverse("planning:my_month", kwargs=body))
    assert kept(reverse("spaces:mine", kwargs=body))
    assert kept(reverse("spaces:check_in", kwargs={**body, "hub_id": 3, "seat_id": 41}))
    # Other people's data, and the person's own pages that are not meant for offline use.
    for name in ("org:people", "planning:plans", "agreements:inbox", "spaces:hubs", "org:body"):
        assert not kept(reverse(name, kwargs=body)), name
    assert not kept(reverse("planning:my_month", kwargs=body) + "preferences/")


def test_each_page_installs_the_worker_and_names_its_owner(client_as, client, world) -> None:
    owners = []
    for role in ("employee", "manager"):
        page = client_as(role).get(reverse("org:body", kwargs={"body": world.a.body.slug}))
        html = page.content.decode()
        assert '<link rel="manifest" href="/manifest.webmanifest">' in html
        owner = re.search(r'src="[^"]*core/pwa\.js" data-worker="/sw\.js" data-owner="(\w+)"', html)
        owners.append(owner[1])
    assert owners[0] != owners[1]
    # Nobody logged in: no owner, so the worker drops every kept page.
    assert 'data-owner=""' in client.get("/account/login/").content.decode()


def test_logging_out_tells_the_browser_to_clear_what_it_kept(client_as) -> None:
    for name in ("logout", "logout_everywhere"):
        response = client_as("employee").post(reverse(name))
        assert response.status_code == 302
        assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_the_offline_page_names_nobody_and_tells_the_worker_nothing(client_as, world) -> None:
    """The worker keeps it when it installs, fetched with the person's session: the copy must
    not name them, nor load pwa.js, whose "nobody is logged in" would drop their pages."""
    response = client_as("employee").get(reverse("offline"), HTTP_ACCEPT_LANGUAGE="it")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    html = response.content.decode()
    assert "Sei offline" in html
    user = world.users["employee"]
    for personal in (user.email, user.get_full_name(), str(user), world.a.body.name):
        assert personal not in html, personal
    assert "core/pwa.js" not in html and "data-owner" not in html
    assert re.search(r'src="[^"]*core/offline\.js"', html)


def test_the_worker_keeps_the_offline_page_when_it_installs(client, db) -> None:
    script = client.get("/sw.js").content.decode()
    config = json.loads(re.search(r"const CONFIG = (\{.*\});", script)[1])
    assert config["offline"] == reverse("offline")
    assert "[...CONFIG.shell, CONFIG.offline]" in script
