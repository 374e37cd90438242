"""The installable app: the web app manifest, the service worker, and what it keeps offline.

A person in a hub or on a train with no signal still needs their week, today's booking and the
seat's check-in. The service worker (core/templates/core/sw.js) keeps the last copy of exactly
those pages, the person's own (OWN_PAGES), network first: online it always shows the server's
page. Nothing else of a person is kept: no other page, no API answer, no form sent.

The copies belong to the person who opened them, on a computer that may be shared (a PA office,
a hub): each page names its owner to the worker (`owner_key`, empty when nobody is logged in),
which drops the copies of anyone else, and logging out tells the browser to clear the site's
caches and storage (`clears_site_data`). docs/pwa.md says the same for the people who run it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Bootstrap Italia's primary blue: the browser's bar and the splash screen of the installed app.
THEME_COLOUR = "#0066cc"

# The caches holding a person's pages are named this and their owner's key (the worker drops
# the others'; the offline page lists what they hold).
PAGES_CACHE = "agilepa-pages-"

# Stand-ins for a URL's arguments, replaced by patterns once reversed.
_SLUG, _ID = "slug-placeholder", 987654321


@dataclass(frozen=True)
class OwnPage:
    """A page showing only its viewer's own data, kept for offline use."""

    url_name: str
    ids: tuple[str, ...] = ()

    def pattern(self) -> str:
        """A regular expression for the page's path, whatever body and ids it is for."""
        address = reverse(self.url_name, kwargs={"body": _SLUG, **dict.fromkeys(self.ids, _ID)})
        return "^{}$".format(
            re.escape(address)
            .replace(re.escape(_SLUG), "[-a-zA-Z0-9_]+")
            .replace(str(_ID), "[0-9]+")
        )


OWN_PAGES = (
    OwnPage("planning:my_week"),
    OwnPage("planning:my_month"),
    OwnPage("spaces:mine"),
    OwnPage("spaces:check_in", ids=("hub_id", "seat_id")),
)

# The static files every page loads (and the offline page's script): kept when the worker
# installs, so that a kept page has its look and its menu offline. Other static files are kept
# as the pages load them.
SHELL = (
    "vendor/bootstrap-italia/css/bootstrap-italia.min.css",
    "vendor/bootstrap-italia/js/bootstrap-italia.bundle.min.js",
    "vendor/bootstrap-italia/svg/sprites.svg",
    "vendor/htmx/htmx.min.js",
    "core/agilepa.css",
    "core/public-path.js",
    "core/pwa.js",
    "core/offline.js",
    "core/favicon.svg",
)

ICONS = (
    ("core/icons/icon-192.png", "192x192", "any"),
    ("core/icons/icon-512.png", "512x512", "any"),
    ("core/icons/icon-maskable-512.png", "512x512", "maskable"),
)


def owner_key(request: HttpRequest) -> str:
    """Who the page's copies belong to, without saying who: a keyed hash of the user, empty
    for nobody logged in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return salted_hmac("agilepa.core.pwa.owner", str(user.pk)).hexdigest()[:32]


def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: what a phone or a desktop needs to install the site as an app.
    Browsers fetch it without the session, so it says nothing about anyone."""
    data = {
        "name": "Agile PA",
        "short_name": "Agile PA",
        "description": _("Lavoro agile in the public administration"),
        "lang": get_language() or settings.LANGUAGE_CODE,
        "dir": "ltr",
        # The site's home sends each person on to their own home page.
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": [
            {
                "src": staticfiles_storage.url(path),
                "sizes": sizes,
                "type": "image/png",
                "purpose": purpose,
            }
            for path, sizes, purpose in ICONS
        ],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the site's root so that its scope is the whole site
    (a script under /static/ could control only /static/)."""
    config = json.dumps(
        {
            "shell": [staticfiles_storage.url(path) for path in SHELL],
            "static": settings.STATIC_URL,
            "pages": [page.pattern() for page in OWN_PAGES],
            "offline": reverse("offline"),
            "pages_cache": PAGES_CACHE,
        }
    )
    script = render_to_string("core/sw.js", {"config": config})
    # A new version of the worker, or of the static files it keeps, installs the new worker.
    version = hashlib.sha256(script.encode()).hexdigest()[:12]
    response = HttpResponse(
        script.replace("__VERSION__", version), content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    # The browser checks for a new worker on each visit, never from its HTTP cache.
    response["Cache-Control"] = "no-cache"
    return response


def offline(request: HttpRequest) -> HttpResponse:
    """What the worker shows, offline, for a page it did not keep: that the device is offline,
    and links to the person's pages it did keep (core/static/core/offline.js reads them from
    the worker's cache). The worker fetches it when it installs, with the session's cookie:
    it is rendered for nobody, so the copy names no one and does not tell the worker that
    nobody is logged in (it loads no pwa.js)."""
    request.user = AnonymousUser()
    response = render(request, "core/offline.html", {"pages_cache": PAGES_CACHE})
    response["Cache-Control"] = "no-cache"
    return response


def clears_site_data(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the logout views: the answer tells the browser to drop the site's HTTP cache and
    storage (the service worker's copies of the person's pages among them), so the next person
    at a shared computer finds nothing of the last one."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.method == "POST":
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response

    return wrapped
