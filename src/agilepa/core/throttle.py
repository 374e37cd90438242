"""Throttles: how often one address (or one account) may knock on the doors worth guessing at.

The counting is django-ratelimit's, in Django's cache, which is the database (settings.CACHES):
every gunicorn worker sees the same counters. The rules live here, in one table, rather than on
each view, so that what is throttled can be read in one place (docs/security.md lists them).
A throttled request answers 429 with Retry-After; under /api/ as a problem document.

The counters are approximate under concurrency (the cache's increment is a read and a write):
they slow guessing and flooding down; the hard limit on password guessing is the lockout
(core/auth.py), which is exact.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from agilepa.core.auth import normalise


def _posted(field: str) -> Callable[[str, HttpRequest], str]:
    """The account a form is about, as typed (case and spaces do not make a new account)."""

    def key(group: str, request: HttpRequest) -> str:
        return normalise(request.POST.get(field, ""))

    return key


@dataclass(frozen=True)
class Rule:
    """Requests matching `methods` and `path` are counted per `key` under `name`, whose rate
    ("20/10m": 20 per 10 minutes) is settings.THROTTLE_RATES[name]."""

    name: str
    methods: frozenset[str]
    path: re.Pattern[str]
    key: str | Callable[[str, HttpRequest], str]


_POST = frozenset({"POST"})
_READ = frozenset({"GET", "HEAD"})
_LOGIN = re.compile(r"^/(account|admin)/login/$")
_RESET = re.compile(r"^/account/password/reset/$")
_PUBLIC = re.compile(
    r"^/(public/|campaigns/[^/]+/|awards/results/|events/\d+/event\.ics$|tables/feed/)"
)
_OPEN_DATA = re.compile(r"^/(api/v1/)?open-data/")

RULES: tuple[Rule, ...] = (
    # Spraying: many addresses, one password each, from one machine.
    Rule("login_ip", _POST, _LOGIN, "ip"),
    Rule("login_account", _POST, _LOGIN, _posted("username")),
    # Reset bombing: the e-mails go to someone else's mailbox, and cost the body's mail quota.
    Rule("password_reset_ip", _POST, _RESET, "ip"),
    Rule("password_reset_account", _POST, _RESET, _posted("email")),
    Rule(
        "token_creation", _POST, re.compile(r"^/(account/tokens/|api/v1/tokens/?)$"), "user_or_ip"
    ),
    Rule("survey_answer", _POST, re.compile(r"^/(survey/|api/v1/survey-answers(/open)?)$"), "ip"),
    Rule("public_pages", _READ, _PUBLIC, "ip"),
    Rule("open_data", _READ, _OPEN_DATA, "ip"),
)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")


def period_seconds(rate: str) -> int:
    """The window of a rate in seconds: "20/10m" is 600."""
    match = _RATE.match(rate)
    if match is None:
        raise ValueError(f"Not a rate: {rate!r} (write e.g. 20/10m)")
    return int(match.group(2) or 1) * _UNITS[match.group(3)]


def throttled_rule(request: HttpRequest) -> tuple[Rule, str] | None:
    """The first rule this request is over (each matching rule counts it), with its rate."""
    over: tuple[Rule, str] | None = None
    for rule in RULES:
        if request.method not in rule.methods or not rule.path.match(request.path_info):
            continue
        rate = settings.THROTTLE_RATES[rule.name]
        if (
            is_ratelimited(
                request,
                group=rule.name,
                key=rule.key,
                rate=rate,
                method=list(rule.methods),
                increment=True,
            )
            and over is None
        ):
            over = (rule, rate)
    return over


def too_many_requests(request: HttpRequest, rate: str) -> HttpResponse:
    """429 with Retry-After: the whole window, the longest the caller may have to wait."""
    from agilepa.api import problem

    retry_after = period_seconds(rate)
    detail = _("Too many requests from you in a short time. Try again in %(seconds)d seconds.") % {
        "seconds": retry_after
    }
    if request.path_info.startswith("/api/"):
        response = problem(request, 429, "Too Many Requests", detail)
    else:
        from django.shortcuts import render

        response = render(request, "429.html", {"detail": detail}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class ThrottleMiddleware:
    """After authentication (a rule may count per user), before the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.THROTTLE_ENABLED:
            over = throttled_rule(request)
            if over is not None:
                return too_many_requests(request, over[1])
        return self.get_response(request)
