"""Sessions that end: after a while without activity (shorter for HR administrators and
platform administrators, whose sessions open every record of a body), after an absolute
lifetime whatever the activity, and everywhere at once when the user asks.

The last activity is written at most once a minute, so that reading a page is not a write."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.sessions.models import Session
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.core.models import RoleAssignment, RoleKind, User

STARTED = "_agilepa_started"
SEEN = "_agilepa_seen"
PRIVILEGED = "_agilepa_privileged"
# Activity closer than this to the last recorded one is not written again.
SEEN_RESOLUTION_SECONDS = 60


def is_privileged(user: User) -> bool:
    """HR administrators and platform administrators get the short idle timeout."""
    return (
        bool(user.is_superuser)
        or RoleAssignment.objects.filter(user_id=user.pk, kind=RoleKind.HR_ADMIN).exists()
    )


def idle_limit_seconds(privileged: bool) -> int:
    minutes = (
        settings.SESSION_IDLE_MINUTES_PRIVILEGED if privileged else settings.SESSION_IDLE_MINUTES
    )
    return int(minutes * 60)


def end_all_sessions(user: User) -> int:
    """Log the user out everywhere: every stored session of theirs is deleted (sessions live in
    the database). Returns how many were ended."""
    ended = 0
    live = Session.objects.filter(expire_date__gt=timezone.now())
    for session in live.iterator(chunk_size=500):
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def mark_login(sender: object, request: HttpRequest, user: User, **kwargs: object) -> None:
    """On `user_logged_in`: the absolute lifetime counts from the login."""
    now = time.time()
    request.session[STARTED] = now
    request.session[SEEN] = now
    request.session[PRIVILEGED] = is_privileged(user)


class SessionTimeoutMiddleware:
    """After authentication and messages: an expired session is logged out before the view runs,
    so the view sees an anonymous visitor (and `login_required` sends them to the login page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                self._check(request, user)
        except DatabaseError:
            # The session cannot be read: no one is logged in on this request anyway, and the
            # error pages must still render (core/errors.py).
            pass
        return self.get_response(request)

    def _check(self, request: HttpRequest, user: User) -> None:
        session = request.session
        now = time.time()
        started = session.get(STARTED)
        seen = session.get(SEEN)
        if started is None or seen is None:
            session[STARTED] = started = now if started is None else started
            session[SEEN] = seen = now
            session[PRIVILEGED] = is_privileged(user)
        idle = now - seen
        if now - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
            self._end(request, _("Your session has ended: log in again."))
        elif idle > idle_limit_seconds(bool(session.get(PRIVILEGED))):
            self._end(
                request,
                _("Your session ended after a while without activity: log in again."),
            )
        elif idle >= SEEN_RESOLUTION_SECONDS:
            session[SEEN] = now
            # A role given or taken away meanwhile changes the timeout from here on.
            session[PRIVILEGED] = is_privileged(user)

    @staticmethod
    def _end(request: HttpRequest, message: str) -> None:
        logout(request)
        messages.info(request, message)
