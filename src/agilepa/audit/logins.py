"""Logins, logouts and failed logins, whichever form or provider they came through."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from . import services
from .models import Via

SSO_BACKENDS = ("agilepa.identity",)


def _via(user: Any) -> str:
    backend = getattr(user, "backend", "") or ""
    return Via.SSO if backend.startswith(SSO_BACKENDS) else Via.PASSWORD


def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    via = _via(user)
    if request is not None and hasattr(request, "session"):
        request.session[services.SESSION_VIA] = via
    services.record("login.success", user=user, via=via, obj=user, label=user.email)


def on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        services.record("logout", user=user, obj=user, label=user.email)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    from agilepa.core.auth import normalise

    email = normalise(str(credentials.get("username") or credentials.get("email") or ""))
    services.record("login.failure", via=Via.ANONYMOUS, object_type="core.user", label=email)
