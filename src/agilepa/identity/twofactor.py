"""Second factor (TOTP and recovery codes, by django-otp) for the people who see the personal
data of many: HR administrators, network coordinators and platform administrators.

Required when they log in with a password (the login form or the admin console's); a login
through a provider that asserts a second factor (amr/acr) is recorded as such. The gate is a
session flag set at login, so a session opened any other way (a test's force_login, an API
token) is not affected.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agilepa.core.models import RoleAssignment, RoleKind

from .models import IdentityEventKind
from .services import audit_event, record

PENDING = "identity_2fa_pending"
NEXT = "identity_2fa_next"
RECOVERY_CODES = 10
PASSWORD_BACKENDS = {"agilepa.core.auth.EmailBackend", "django.contrib.auth.backends.ModelBackend"}


def needs_second_factor(user) -> bool:
    return bool(
        user.is_superuser
        or RoleAssignment.objects.filter(
            user=user, kind__in=[RoleKind.HR_ADMIN, RoleKind.NETWORK_COORDINATOR]
        ).exists()
    )


def password_login_paths() -> set[str]:
    return {reverse("login"), reverse("admin:login")}


def on_login(sender, request: HttpRequest, user, **kwargs) -> None:
    """Connected to user_logged_in: a password login of a privileged user waits for the code."""
    if request is None or not hasattr(request, "session"):
        return
    if getattr(request, "path", "") not in password_login_paths():
        return
    if getattr(user, "backend", "") not in PASSWORD_BACKENDS:
        return
    if getattr(settings, "SECOND_FACTOR_REQUIRED", True) and needs_second_factor(user):
        request.session[PENDING] = True


def has_device(user) -> bool:
    """A TOTP app or a passkey/security key (recovery codes alone are not a second factor)."""
    return any(not isinstance(d, StaticDevice) for d in devices_for_user(user, confirmed=True))


def new_totp_device(user) -> TOTPDevice:
    """A fresh unconfirmed TOTP secret (any earlier unconfirmed one is dropped)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Ten single-use codes, shown once; earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    audit_event("2fa.recovery_codes", actor=user, subject=user, changes={"count": len(codes)})
    return codes


def verify(user, code: str):
    """The device that accepts this code (a TOTP code, or a recovery code which is then spent)."""
    code = "".join(code.split())
    if not code:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(code):
            if isinstance(device, StaticDevice):
                record(IdentityEventKind.RECOVERY_CODE_USED, actor=user, subject=user)
            else:
                audit_event("2fa.accepted", actor=user, subject=user, changes={"device": "totp"})
            return device
    audit_event("2fa.refused", actor=user, subject=user)
    return None


@transaction.atomic
def reset(actor, subject) -> None:
    """A platform administrator's act: the person enrols anew at their next password login."""
    if not actor.is_superuser:
        raise PermissionError("only a platform administrator resets a second factor")
    from django_otp_webauthn.models import WebAuthnCredential

    TOTPDevice.objects.filter(user=subject).delete()
    StaticDevice.objects.filter(user=subject).delete()
    WebAuthnCredential.objects.filter(user=subject).delete()
    record(IdentityEventKind.SECOND_FACTOR_RESET, actor=actor, subject=subject)


User = get_user_model()
