"""Holds a password session of a privileged user at the second-factor page until a code is
given, and ends a password session of someone whose bodies all dropped the password login."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import twofactor
from .policy import FORBIDDEN

ALLOWED_PREFIXES = ("/static/", "/healthz", "/readyz", "/i18n/", "/favicon")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            if session.get(FORBIDDEN):
                logout(request)
                messages.error(
                    request,
                    _("Your body does not keep the password login: use its sign-in below."),
                )
                return redirect("login")
            if session.get(twofactor.PENDING) and request.user.is_verified():
                # Verified by a device outside our pages (a passkey's ceremony).
                session.pop(twofactor.PENDING, None)
            if session.get(twofactor.PENDING) and not self._allowed(request):
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "second factor required"}, status=403)
                if request.method == "GET":
                    session[twofactor.NEXT] = request.get_full_path()
                name = "identity:verify" if twofactor.has_device(request.user) else "identity:setup"
                return redirect(name)
        return self.get_response(request)

    @staticmethod
    def _allowed(request: HttpRequest) -> bool:
        path = request.path
        return path.startswith(ALLOWED_PREFIXES) or path.startswith(
            ("/account/second-factor/", "/account/logout/")
        )
