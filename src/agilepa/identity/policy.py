"""Which ways in a login page offers: a body's providers, its network's, and the password form
only where the body keeps it."""

from __future__ import annotations

import re

from django.http import HttpRequest
from django.urls import reverse

from agilepa.org.models import Body, Person

from .models import BodyLoginPolicy, IdentityProvider, ProviderKind
from .services import providers_for_body

FORBIDDEN = "identity_password_forbidden"
BODY_IN_PATH = re.compile(r"^/b/(?P<slug>[-\w]+)/")


def body_of_request(request: HttpRequest) -> Body | None:
    """The body named by ?body=, or by the page the login will lead to (?next=/b/<slug>/...)."""
    slug = request.GET.get("body", "")
    if not slug:
        found = BODY_IN_PATH.match(request.GET.get("next", ""))
        slug = found["slug"] if found else ""
    return Body.objects.filter(slug=slug).first() if slug else None


def keeps_password(body: Body | None) -> bool:
    if body is None:
        return True
    policy = BodyLoginPolicy.objects.filter(body=body).first()
    return policy is None or policy.password_login


def sign_in_options(request: HttpRequest) -> dict:
    body = body_of_request(request)
    providers = (
        providers_for_body(body)
        if body is not None
        else IdentityProvider.objects.filter(is_active=True)
    )
    providers = list(providers)
    next_url = request.GET.get("next", "")
    entries = [
        {
            "provider": p,
            "url": reverse("identity:start", args=[p.slug])
            + (f"?next={next_url}" if next_url else ""),
        }
        for p in providers
    ]
    return {
        "body": body,
        "spid": [e for e in entries if e["provider"].kind == ProviderKind.SPID],
        "cie": [e for e in entries if e["provider"].kind == ProviderKind.CIE],
        "sso": [e for e in entries if e["provider"].kind == ProviderKind.BODY_SSO],
        "any": bool(entries),
        "password": keeps_password(body),
    }


def password_forbidden_for(user) -> bool:
    """True when every body the user works for dropped the password login (never for a
    platform administrator, who must always have a way in)."""
    if user.is_superuser:
        return False
    bodies = [p.body for p in Person.objects.filter(user=user).select_related("body")]
    return bool(bodies) and not any(keeps_password(b) for b in bodies)


def on_password_login(sender, request: HttpRequest, user, **kwargs) -> None:
    from .twofactor import PASSWORD_BACKENDS, password_login_paths

    if request is None or not hasattr(request, "session"):
        return
    if getattr(request, "path", "") not in password_login_paths():
        return
    if getattr(user, "backend", "") in PASSWORD_BACKENDS and password_forbidden_for(user):
        request.session[FORBIDDEN] = True
