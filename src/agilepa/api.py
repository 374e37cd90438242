"""The REST API under /api/v1/: one NinjaAPI that mounts each app's router.

Errors are RFC 9457 problem documents (`application/problem+json`)."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from agilepa.agreements.services import TransitionRefused
from agilepa.core.access import PermissionDeniedForRole
from agilepa.core.api_auth import BearerToken, SessionAuth

api = NinjaAPI(
    title="Agile PA API",
    version="1",
    description=(
        "Lavoro agile for Italian public administrations. Authenticate with the browser session "
        "or with a personal access token: `Authorization: Bearer apa_…` (create one under "
        "Account → API tokens). Body-scoped routes take the body's short name (its IPA code); "
        "a body where you hold no role answers 404."
    ),
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

PROBLEM = "application/problem+json"


def problem(
    request: HttpRequest, status: int, title: str, detail: str = "", **extra: Any
) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body["instance"] = request.path
    body.update(extra)
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, default=str), status=status, content_type=PROBLEM
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, "Not Found", "No such resource, or not visible to you.")


@api.exception_handler(PermissionDeniedForRole)
def forbidden_role(request: HttpRequest, exc: PermissionDeniedForRole) -> HttpResponse:
    return problem(request, 403, "Forbidden", "Your role in this body does not allow this.")


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(request, 403, "Forbidden", str(exc) or "You may not do this.")


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem(
        request, 401, "Unauthorized", "Log in, or send a valid token: Authorization: Bearer …"
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(NinjaValidationError)
def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", [])), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    return problem(
        request, 422, "Unprocessable Content", "The request is not valid.", errors=errors
    )


@api.exception_handler(DjangoValidationError)
def invalid_data(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field, "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": "", "message": str(m)} for m in exc.messages]
    detail = "; ".join(e["message"] for e in errors)
    return problem(request, 422, "Unprocessable Content", detail, errors=errors)


@api.exception_handler(TransitionRefused)
def refused_transition(request: HttpRequest, exc: TransitionRefused) -> HttpResponse:
    """A change the lifecycle or the law refuses: every violation, with its source."""
    return problem(
        request,
        422,
        "Unprocessable Content",
        exc.message,
        violations=[v.as_dict() for v in exc.violations],
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc.message), str(exc.message))


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if settings.DEBUG:
        raise exc
    logging.getLogger("agilepa.api").exception("Unhandled API error")
    return problem(request, 500, "Internal Server Error", "Something went wrong on our side.")


api.add_router("/", "agilepa.core.api.router")
api.add_router("/", "agilepa.org.api.router")
api.add_router("/", "agilepa.core.roles_api.router")
api.add_router("/", "agilepa.org.import_api.router")
api.add_router("/", "agilepa.org.home_api.router")
api.add_router("/", "agilepa.agreements.api.router")
api.add_router("/", "agilepa.agreements.legal_api.router")
api.add_router("/", "agilepa.agreements.prereq_api.router")
api.add_router("/", "agilepa.agreements.document_api.router")
api.add_router("/", "agilepa.planning.api.router")
api.add_router("/", "agilepa.spaces.api.router")
api.add_router("/", "agilepa.spaces.room_api.router")
api.add_router("/", "agilepa.objectives.api.router")
api.add_router("/", "agilepa.measurement.api.router")
api.add_router("/", "agilepa.surveys.api.router")
api.add_router("/", "agilepa.indicators.report_api.router")
api.add_router("/", "agilepa.indicators.api.router")
api.add_router("/", "agilepa.events.api.router")
api.add_router("/", "agilepa.maturity.api.router")
api.add_router("/", "agilepa.community.api.router")
api.add_router("/", "agilepa.awards.api.router")
