"""Sends a logged-in person of a body to the body's privacy notice, before any other page,
until they have read the version in force (art. 13 GDPR: the notice is given when the data are
collected, and again when it changes).

Never held: the API (its clients are programs), the notice itself, logging in and out, the
language switch, the second factor, the public pages and static files; platform
administrators and users who are no body's person. One query per page request
(privacy/selectors.PENDING_SQL); the session remembers the latest version found read, so the
query's costly half runs only after a new version is published somewhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .selectors import pending_notice

SEEN = "privacy_notice_seen"
OPEN_ROUTES = frozenset(
    {
        "login",
        "logout",
        "logout_everywhere",
        "set_language",
        "accessibility",
        "healthz",
        "readyz",
        "favicon",
        "password_change",
        "password_change_done",
    }
)
OPEN_NAMESPACES = frozenset({"privacy", "identity", "otp_webauthn", "admin"})


class NoticeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_superuser:
            return None
        if request.path.startswith("/api/") or self._open(request):
            return None
        session = request.session
        latest, slug = pending_notice(user.pk, session.get(SEEN, -1))
        if slug is None:
            if session.get(SEEN) != latest:
                session[SEEN] = latest
            return None
        url = reverse("privacy:notice", kwargs={"body": slug})
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        match = request.resolver_match
        if match is None:
            return True
        return match.view_name in OPEN_ROUTES or bool(set(match.namespaces) & OPEN_NAMESPACES)
