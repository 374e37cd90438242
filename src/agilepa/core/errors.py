"""The error pages (400, 403 and CSRF failures, 404, 500) and their API twins.

These pages are shown when something is already wrong, so they depend on as little as
possible: they render with a plain context (no context processors, so no query for the header's
body switcher and no CSRF token), their base carries an inline style of its own, and the
Bootstrap Italia stylesheet is linked only when its URL can be computed (with the manifest
storage of production a missing manifest entry makes `{% static %}` raise). The 500 page never
touches the database nor the session; the others may, to name the body's personnel office, and
fall back to the same page without it when that fails.

Under /api/ every error is a problem document (RFC 9457), as the API's own handlers answer.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import DisallowedHost
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils import timezone

from agilepa.api import problem
from agilepa.core.access import Access, get_access_or_404
from agilepa.core.selectors import personnel_office_addresses

log = logging.getLogger("agilepa.errors")

STYLESHEET = "vendor/bootstrap-italia/css/bootstrap-italia.min.css"
BODY_PATH = re.compile(r"^/b/(?P<slug>[-\w]+)/")
API_PREFIX = "/api/"

API_PROBLEMS = {
    400: ("Bad Request", "The request could not be understood."),
    403: ("Forbidden", "You may not do this."),
    404: ("Not Found", "No such resource, or not visible to you."),
    500: ("Internal Server Error", "Something went wrong on our side."),
}

# The last resort, should even the minimal template fail: no template, no translation.
BARE_PAGE = (
    '<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>Errore · Agile PA</title>'
    '</head><body style="font-family:sans-serif;margin:2rem"><h1>Si è verificato un errore · '
    'An error occurred</h1><p><a href="/">Torna alla pagina iniziale · Go to the home page</a>'
    "</p></body></html>"
)


@dataclass(frozen=True)
class Link:
    url: str
    text: str = ""


@dataclass(frozen=True)
class BodyContact:
    """The body a person of it was working in, and whom of it they may write to."""

    name: str
    addresses: tuple[str, ...]


def contact_link(value: str) -> Link | None:
    """A contact as a link: an e-mail address becomes mailto:, a web address stays itself."""
    value = value.strip()
    if not value:
        return None
    if value.startswith(("https://", "http://")):
        return Link(url=value, text=value)
    address = parseaddr(value)[1]
    if "@" in address:
        return Link(url=f"mailto:{address}", text=address)
    return Link(url="", text=value)


def support_contact() -> Link | None:
    """Whom to write to about the platform: SUPPORT_CONTACT, else the accessibility contact,
    else the sender of the platform's e-mails unless it is a no-reply address."""
    configured = getattr(settings, "SUPPORT_CONTACT", "") or getattr(
        settings, "ACCESSIBILITY_CONTACT", ""
    )
    if configured:
        return contact_link(configured)
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    local = address.partition("@")[0].lower().replace("-", "").replace("_", "")
    if not address or "noreply" in local or "donotreply" in local:
        return None
    return contact_link(address)


def stylesheet_url() -> str:
    """The Bootstrap Italia stylesheet's URL, or "" when the static files cannot name it."""
    try:
        return staticfiles_storage.url(STYLESHEET)
    except Exception:  # a broken manifest must not break the error page
        log.warning("No URL for %s: the error page goes without it", STYLESHEET)
        return ""


def previous_page(request: HttpRequest) -> str:
    """The path of the page the person came from, when it is on this site (never elsewhere)."""
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""  # the 400 of a Host outside ALLOWED_HOSTS: no host to compare with
    if not referer.netloc or referer.netloc != host:
        return ""
    path = referer.path or "/"
    if not path.startswith("/") or path.startswith("//") or path == request.path:
        return ""
    return path + (f"?{referer.query}" if referer.query else "")


def is_authenticated(request: HttpRequest) -> bool:
    """Whether the request has a logged-in user: False when it has no user at all (a 400 raised
    before the middleware set one) or when the session store cannot be read."""
    user = getattr(request, "user", None)
    if user is None:
        return False
    try:
        return bool(user.is_authenticated)
    except Exception:  # the session's database may be the very failure
        log.warning("The user of an error page could not be read", exc_info=True)
        return False


def visible_body(request: HttpRequest) -> BodyContact | None:
    """The body of a /b/<slug>/ page when the user may see it, with its personnel office.

    A body where the user holds no role answers None exactly as one that does not exist: the
    page must not tell them apart."""
    access: Access | None = getattr(request, "access", None)
    if access is None:
        match = BODY_PATH.match(request.path_info)
        if match is None or not is_authenticated(request):
            return None
        try:
            access = get_access_or_404(request.user, match["slug"])  # type: ignore[arg-type]
        except Http404:
            return None
    return BodyContact(name=access.body.name, addresses=tuple(personnel_office_addresses(access)))


def ways_back(request: HttpRequest, *, authenticated: bool | None) -> dict[str, Any]:
    """Home, the previous page, and the login page (with the way back to this one) unless the
    person is known to be logged in; `authenticated` None means not known (the 500 page does
    not look)."""
    login = ""
    if not authenticated:
        login = reverse("login")
        if request.method == "GET" and request.path != login:
            login += "?next=" + quote(request.get_full_path())
    return {"home_url": reverse("home"), "previous_url": previous_page(request), "login_url": login}


def render_error(
    request: HttpRequest,
    status: int,
    context: dict[str, Any] | None = None,
    *,
    use_database: bool = True,
) -> HttpResponse:
    """The error page of `status`; without the user and the body when they cannot be read."""
    if request.path_info.startswith(API_PREFIX):
        title, detail = API_PROBLEMS[status]
        return problem(request, status, title, (context or {}).get("api_detail", detail))
    template = f"{status}.html"
    base: dict[str, Any] = {
        "status": status,
        "stylesheet": stylesheet_url(),
        "support": support_contact(),
        **(context or {}),
    }
    if not use_database:
        return HttpResponse(_minimal(request, template, base), status=status)
    try:
        authenticated = is_authenticated(request)
        full = {
            **base,
            **ways_back(request, authenticated=authenticated),
            "authenticated": authenticated,
            "body": visible_body(request) if status in (403, 404) else None,
        }
        html: str = loader.render_to_string(template, full)
    except Exception:  # an error page must answer, whatever failed
        log.exception("The %s page could not name the user or the body", status)
        html = _minimal(request, template, base)
    return HttpResponse(html, status=status)


def _minimal(request: HttpRequest, template: str, context: dict[str, Any]) -> str:
    """The page with no user and no body: what it shows needs neither database nor session."""
    try:
        return loader.render_to_string(
            template, {**context, **ways_back(request, authenticated=None)}
        )
    except Exception:  # the last resort below needs no template at all
        log.exception("The minimal error page %s failed", template)
        return BARE_PAGE


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400, also for a Host header outside ALLOWED_HOSTS: the request may have no user then."""
    return render_error(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: the 403 page, saying to reload the form. The reason stays in
    the log (django.security.csrf), as it would help an attacker more than the person."""
    return render_error(request, 403, {"csrf": True, "api_detail": "CSRF verification failed."})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: no database, no session, no static manifest; the time lets support find the log."""
    return render_error(
        request, 500, {"when": timezone.now().strftime("%Y-%m-%d %H:%M:%S UTC")}, use_database=False
    )
