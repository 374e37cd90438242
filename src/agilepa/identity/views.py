"""Login through an identity provider, RP-initiated logout, and the second-factor pages."""

from __future__ import annotations

import logging

import requests
import segno
from authlib.common.errors import AuthlibBaseError
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp_webauthn.views import (
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)
from joserfc.errors import JoseError

from . import oidc, twofactor
from .models import IdentityEventKind, IdentityProvider
from .services import NoMatch, asserted_second_factor, audit_event, match_login, record

log = logging.getLogger(__name__)

BACKEND = "agilepa.identity.backends.ProviderBackend"
SESSION_PROVIDER = "identity_provider"
SESSION_ID_TOKEN = "identity_id_token"  # noqa: S105 (a session key, not a secret)
SESSION_SECOND_FACTOR = "identity_second_factor"
SESSION_NEXT = "identity_next"


def _safe_next(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _provider_error(request: HttpRequest, provider: IdentityProvider, status: int) -> HttpResponse:
    return render(
        request,
        "identity/provider_error.html",
        {"provider": provider, "unreachable": status == 503},
        status=status,
    )


def start(request: HttpRequest, slug: str) -> HttpResponse:
    provider = get_object_or_404(IdentityProvider, slug=slug, is_active=True)
    request.session[SESSION_NEXT] = request.GET.get("next", "")
    callback = request.build_absolute_uri(reverse("identity:callback", args=[slug]))
    try:
        return oidc.client_for(provider).authorize_redirect(request, callback)
    except (requests.RequestException, ValueError, KeyError, AuthlibBaseError) as exc:
        log.warning("identity provider %s unreachable: %s", slug, exc)
        oidc.forget(slug)
        return _provider_error(request, provider, 503)


def callback(request: HttpRequest, slug: str) -> HttpResponse:
    provider = get_object_or_404(IdentityProvider, slug=slug, is_active=True)
    client = oidc.client_for(provider)
    try:
        token = client.authorize_access_token(request, claims_options=oidc.claims_options(provider))
        claims = dict(token.get("userinfo") or {})
        if not claims.get("sub"):
            raise ValueError("the provider returned no verified ID token")
        if not (claims.get("fiscalNumber") or claims.get("email")) and "userinfo_endpoint" in (
            client.load_server_metadata()
        ):
            extra = dict(client.userinfo(token=token))
            if extra.get("sub") == claims["sub"]:
                claims = {**extra, **claims}
    except requests.RequestException as exc:
        log.warning("identity provider %s unreachable: %s", slug, exc)
        return _provider_error(request, provider, 503)
    except (AuthlibBaseError, JoseError, ValueError, KeyError) as exc:
        log.warning("identity provider %s: answer refused: %s", slug, exc)
        record(IdentityEventKind.REFUSED, provider=provider, detail=f"invalid answer: {exc}")
        return _provider_error(request, provider, 400)
    try:
        matched = match_login(provider, claims)
    except NoMatch as refusal:
        record(IdentityEventKind.REFUSED, provider=provider, detail=refusal.reason)
        return render(
            request,
            "identity/unknown.html",
            {"provider": provider, "reason": refusal.reason, "bodies": refusal.bodies},
            status=403,
        )
    next_url = _safe_next(request, request.session.pop(SESSION_NEXT, ""))
    login(request, matched.user, backend=BACKEND)
    second = asserted_second_factor(provider, claims)
    request.session[SESSION_PROVIDER] = provider.slug
    request.session[SESSION_ID_TOKEN] = token.get("id_token", "")
    request.session[SESSION_SECOND_FACTOR] = second
    record(
        IdentityEventKind.LOGIN,
        actor=matched.user,
        subject=matched.user,
        provider=provider,
        detail=f"second factor: {second}" if second else "",
    )
    return redirect(next_url)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Logs out here, then at the provider too (RP-initiated logout) when the session came
    from one that offers it."""
    slug = request.session.get(SESSION_PROVIDER)
    id_token = request.session.get(SESSION_ID_TOKEN, "")
    logout(request)
    back = request.build_absolute_uri(reverse(settings.LOGOUT_REDIRECT_URL))
    provider = IdentityProvider.objects.filter(slug=slug).first() if slug else None
    if provider is not None:
        client = oidc.client_for(provider)
        try:
            if client.load_server_metadata().get("end_session_endpoint"):
                leave = client.logout_redirect(
                    request, post_logout_redirect_uri=back, id_token_hint=id_token
                )
                # A page that moves on by itself, not a redirect: the site's policy lets forms
                # post only to the site (CSP form-action 'self'), and a browser holds a form's
                # redirect to another origin to that policy.
                return render(
                    request,
                    "identity/leaving.html",
                    {"url": leave["Location"], "provider": provider},
                )
        except (requests.RequestException, ValueError, AuthlibBaseError) as exc:
            log.warning("identity provider %s: logout not forwarded: %s", slug, exc)
    return redirect(settings.LOGOUT_REDIRECT_URL)


def _finish_second_factor(request: HttpRequest, device) -> HttpResponse:
    otp_login(request, device)
    request.session.pop(twofactor.PENDING, None)
    return redirect(_safe_next(request, request.session.pop(twofactor.NEXT, "")))


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():
        # A passkey's ceremony verified the session: its script comes back here.
        request.session.pop(twofactor.PENDING, None)
        return redirect(_safe_next(request, request.session.pop(twofactor.NEXT, "")))
    if not twofactor.has_device(request.user):
        return redirect("identity:setup")
    error = ""
    if request.method == "POST":
        device = twofactor.verify(request.user, request.POST.get("code", ""))
        if device is not None:
            return _finish_second_factor(request, device)
        error = _("This code is not valid. Try the next one, or a recovery code.")
    return render(
        request,
        "identity/verify.html",
        {"error": error, "next": request.session.get(twofactor.NEXT, "")},
        status=400 if error else 200,
    )


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP app: scan, type the first code, receive the recovery codes once."""
    if twofactor.has_device(request.user) and request.session.get(twofactor.PENDING):
        return redirect("identity:verify")
    error = ""
    device = (
        twofactor.TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if request.method == "POST"
        else None
    )
    if request.method == "POST" and device is not None:
        if device.verify_token("".join(request.POST.get("code", "").split())):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = twofactor.new_recovery_codes(request.user)
            record(
                IdentityEventKind.SECOND_FACTOR_ENROLLED, actor=request.user, subject=request.user
            )
            otp_login(request, device)
            request.session.pop(twofactor.PENDING, None)
            next_url = _safe_next(request, request.session.pop(twofactor.NEXT, ""))
            return render(
                request, "identity/recovery_codes.html", {"codes": codes, "next": next_url}
            )
        error = _("This code is not valid: check the phone's clock and type the current code.")
    if device is None:
        device = twofactor.new_totp_device(request.user)
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "identity/setup.html",
        {
            "error": error,
            "secret": _base32(device),
            "qr": qr.svg_data_uri(scale=4),
        },
        status=400 if error else 200,
    )


def _base32(device) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode()


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (POST), or the first ones after a passkey's registration (GET, only
    while the user has none: a GET never replaces codes)."""
    if request.session.get(twofactor.PENDING) or not twofactor.has_device(request.user):
        raise PermissionDenied
    if (
        request.method != "POST"
        and twofactor.StaticDevice.objects.filter(user=request.user).exists()
    ):
        return redirect("home")
    codes = twofactor.new_recovery_codes(request.user)
    return render(
        request, "identity/recovery_codes.html", {"codes": codes, "next": reverse("home")}
    )


@login_required
def reset(request: HttpRequest) -> HttpResponse:
    """A platform administrator resets someone's second factor (audited)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    if request.method == "POST":
        subject = (
            get_user_model()
            .objects.filter(email=request.POST.get("email", "").strip().lower())
            .first()
        )
        if subject is None:
            messages.error(request, _("No login has this e-mail address."))
        else:
            twofactor.reset(request.user, subject)
            messages.success(
                request,
                _("The second factor of %(email)s was reset: they enrol again at their next login.")
                % {"email": subject.email},
            )
        return redirect("identity:reset")
    return render(request, "identity/reset.html")


class PasskeyRegistration(CompleteCredentialRegistrationView):
    """django-otp-webauthn's registration, with the device added in the audit trail."""

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        user = self.request.user
        audit_event("2fa.device_added", actor=user, subject=user, changes={"device": "passkey"})
        return response


class PasskeyAuthentication(CompleteCredentialAuthenticationView):
    """django-otp-webauthn's second-factor check, with its outcome in the audit trail (the
    library answers a refusal itself: an exception turned into a JSON error)."""

    def post(self, *args, **kwargs):
        user = self.request.user if self.request.user.is_authenticated else None
        try:
            response = super().post(*args, **kwargs)
        except Exception:
            audit_event("2fa.refused", actor=user, subject=user, changes={"device": "passkey"})
            raise
        audit_event("2fa.accepted", actor=user, subject=user, changes={"device": "passkey"})
        return response
