"""Binds each request to the audit trail, and writes an entry for any write that its service
did not record itself: no successful POST, PUT, PATCH or DELETE of a page or an API route goes
unrecorded (tests/audit/test_every_write_is_recorded.py walks the route matrix to hold this).

That entry names the route, the object in its address and the fields submitted (their names,
never their values); services that record their own entry say what changed, before and after."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import services

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NOT_FIELDS = frozenset(
    {
        "csrfmiddlewaretoken",
        "password",
        "password1",
        "password2",
        "old_password",
        "new_password1",
        "new_password2",
        "token",
        "code",
    }
)

# Routes that write nothing of the platform's data, or whose recording would break a promise.
EXEMPT_ROUTES = frozenset(
    {
        # Anonymous answers (docs/surveys.md): a time and an address next to an answer would link
        # it to whoever was seen online then.
        "surveys:answer",
        "surveys:thanks",
        "set_language",  # the visitor's language, in a cookie
        # Logins and logouts are recorded by audit/logins.py, with their outcome.
        "login",
        "logout",
        "admin:login",
        "admin:logout",
        # Passkey ceremonies: recorded by identity when a device is added or used.
        "otp_webauthn:credential-registration-begin",
        "otp_webauthn:credential-authentication-begin",
        "otp_webauthn:credential-authentication-complete",
    }
)
EXEMPT_API_PREFIXES = ("/api/v1/survey-answers",)


def is_exempt(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None:
        return True
    if request.path.startswith(EXEMPT_API_PREFIXES):
        return True
    return match.view_name in EXEMPT_ROUTES


def route_of(request: HttpRequest) -> str:
    match = request.resolver_match
    assert match is not None
    if request.path.startswith("/api/"):
        return f"{request.method} /{match.route}"
    return match.view_name


class AuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with services.bind_request(request) as context:
            response = self.get_response(request)
            if (
                request.method in UNSAFE
                and response.status_code < 400
                and context.recorded == 0
                and not is_exempt(request)
            ):
                record_route(request)
        response.setdefault("X-Request-ID", context.request_id)
        return response


def record_route(request: HttpRequest) -> None:
    from agilepa.org.models import Body

    match = request.resolver_match
    assert match is not None
    kwargs = dict(match.kwargs)
    slug = kwargs.pop("body", None)
    body_id = Body.objects.filter(slug=slug).values_list("pk", flat=True).first() if slug else None
    submitted = sorted({*request.POST.keys(), *request.FILES.keys()} - NOT_FIELDS)
    if not submitted and request.content_type == "application/json":
        import json

        try:
            payload = json.loads(request.body or b"{}")
        except ValueError:
            payload = None
        if isinstance(payload, dict):
            submitted = sorted(set(payload) - NOT_FIELDS)
    object_id = ",".join(f"{k}={v}" for k, v in sorted(kwargs.items()))
    services.record(
        "request",
        body=body_id,
        object_type=route_of(request)[:80],
        object_id=object_id[:64],
        changes={"submitted": submitted} if submitted else {},
    )
