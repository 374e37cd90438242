"""Login by e-mail with lockout after repeated failures."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.utils import timezone

from .models import LoginFailure, User


def is_locked_out(email: str) -> bool:
    since = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = LoginFailure.objects.filter(email=email.lower().strip(), at__gte=since).count()
    return recent >= settings.LOGIN_MAX_FAILURES


def record_failure(email: str, ip: str | None) -> None:
    LoginFailure.objects.create(email=email.lower().strip()[:254], ip=ip)


def clear_failures(email: str) -> None:
    LoginFailure.objects.filter(email=email.lower().strip()).delete()


class EmailBackend(ModelBackend):
    """ModelBackend keyed on the e-mail, refusing locked-out addresses even with the right
    password, so that guessing cannot continue by waiting for a lucky hit."""

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: object,
    ) -> User | None:
        email = (username or kwargs.get("email") or "").lower().strip()  # type: ignore[union-attr]
        if not email or password is None or is_locked_out(email):
            return None
        return super().authenticate(request, username=email, password=password)
