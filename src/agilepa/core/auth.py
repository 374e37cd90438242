"""Login by e-mail with one lockout for every way in (the site's form, the admin's, any future
one): repeated failures lock the address, whatever page the guesses come through.

The attempt is written *before* the password is checked, and the count is read after: of any
number of concurrent attempts, only those that found fewer than the limit already written go on
to the password check, so a burst of parallel guesses cannot slip past a check made before any
of them was counted. (django-axes was considered: it counts a failure after the check, through
a signal, which leaves exactly that race open.)"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from .models import LoginFailure, User


def normalise(email: str) -> str:
    return email.lower().strip()[:254]


def client_ip(request: HttpRequest | None) -> str | None:
    """The peer address. X-Forwarded-For is not trusted: anyone can write it, and it would let
    a guesser spread attempts over invented addresses."""
    import ipaddress

    raw = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def _recent(email: str) -> QuerySet[LoginFailure]:
    since = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    return LoginFailure.objects.filter(email=normalise(email), at__gte=since)


def is_locked_out(email: str) -> bool:
    return _recent(email).count() >= settings.LOGIN_MAX_FAILURES


def record_failure(email: str, ip: str | None) -> LoginFailure:
    return LoginFailure.objects.create(email=normalise(email), ip=ip)


def clear_failures(email: str) -> None:
    LoginFailure.objects.filter(email=normalise(email)).delete()


def begin_attempt(email: str, ip: str | None) -> LoginFailure | None:
    """Count an attempt before its password is checked: the attempt's row, or None when the
    address is locked (the row is then taken back, so attempts made while locked do not extend
    the lock)."""
    attempt = record_failure(email, ip)
    if _recent(email).count() > settings.LOGIN_MAX_FAILURES:
        attempt.delete()
        return None
    return attempt


class EmailBackend(ModelBackend):
    """ModelBackend keyed on the e-mail, refusing locked-out addresses even with the right
    password, so that guessing cannot continue by waiting for a lucky hit. Every login form
    (the site's, the admin's) calls `authenticate`, so every way in shares the one lockout."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: object,
    ) -> User | None:
        email = normalise(username or kwargs.get("email") or "")  # type: ignore[arg-type]
        if not email or password is None:
            return None
        attempt = begin_attempt(email, client_ip(request))
        if attempt is None:
            return None
        user = super().authenticate(request, username=email, password=password)
        if user is not None and self.user_can_authenticate(user):
            clear_failures(email)
        return user
