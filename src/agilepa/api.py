"""The REST API under /api/v1/: one NinjaAPI that mounts each app's router.

Errors are RFC 9457 problem documents (`application/problem+json`), and the OpenAPI document
says so for every operation: the answers every route can give (401 unless public, 403, 404, 422;
400 where a body is read) are added here once, the rarer ones (409, 410) by each route through
`problems()`. Text with control characters is refused for every route by the parser
(`core.api_types`)."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from agilepa.agreements.services import TransitionRefused
from agilepa.core.access import PermissionDeniedForRole
from agilepa.core.api_auth import BearerToken, SessionAuth
from agilepa.core.api_types import ControlCharacterParser, RefusedBody

PROBLEM = "application/problem+json"
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An RFC 9457 problem document.",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "One per refused value: `field` (dotted path, e.g. body.year) or, "
            "for a file, `row` and `column`; and the `message`.",
            "items": {
                "type": "object",
                "required": ["message"],
                "properties": {
                    "field": {"type": "string"},
                    "row": {"type": "integer"},
                    "column": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
        "violations": {"type": "array", "items": {"type": "object"}},
    },
}
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_DESCRIPTIONS = {
    400: "The body is not JSON, or not the form expected",
    401: "No session and no valid token",
    403: "Your role does not allow this",
    404: "No such resource, or not visible to you",
    409: "The request conflicts with the resource's state",
    410: "Gone: closed, expired or already used",
    413: "The upload is too large",
    422: "The request is not valid: `errors` names each field",
    429: "Too many requests",
}


class ProblemApi(NinjaAPI):
    """NinjaAPI whose OpenAPI document states the problem answers of every operation."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schemas = schema["components"].setdefault("schemas", {})
        schemas.pop("ProblemOut", None)
        schemas["Problem"] = PROBLEM_SCHEMA
        for operations in schema["paths"].values():
            for operation in operations.values():
                document_problems(operation)
        return schema


def document_problems(operation: dict[str, Any]) -> None:
    """Every 4xx of the operation as problem+json, and the ones every route can give."""
    responses = operation.setdefault("responses", {})
    common = [403, 404, 422]
    if operation.get("security", True) != []:
        common.append(401)
    if "requestBody" in operation:
        common.append(400)
    for status in common:
        if status not in responses and str(status) not in responses:
            responses[status] = {}
    for status, response in responses.items():
        if 400 <= int(status) < 500 and _is_placeholder(response):
            response["description"] = PROBLEM_DESCRIPTIONS.get(int(status), "A problem")
            response["content"] = {PROBLEM: {"schema": PROBLEM_REF}}


def _is_placeholder(response: dict[str, Any]) -> bool:
    """Added above, or declared with `problems()`; a route's own 4xx body (the waitlist's 409)
    stays as the route documents it."""
    schemas = [c.get("schema", {}) for c in response.get("content", {}).values()]
    return not schemas or any(s.get("$ref", "").endswith("/ProblemOut") for s in schemas)


api = ProblemApi(
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
    parser=ControlCharacterParser(),
)


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
        # A refusal of the whole request ("__all__", Django's NON_FIELD_ERRORS) names no field,
        # as a bare one does.
        errors = [
            {"field": "" if field == NON_FIELD_ERRORS else field, "message": str(message)}
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
    if isinstance(exc.__cause__, RefusedBody):  # ninja wraps the parser's refusal in a 400
        return invalid_request(request, NinjaValidationError(exc.__cause__.errors))
    return problem(request, exc.status_code, str(exc.message), str(exc.message))


@api.exception_handler(MultiPartParserError)
def unreadable_form(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    """A multipart body Django cannot split (no boundary, a cut body): the client's fault."""
    return problem(request, 400, "Bad Request", "The multipart/form-data body cannot be read.")


@api.exception_handler(DataError)
def refused_by_the_database(request: HttpRequest, exc: DataError) -> HttpResponse:
    """The last line behind the schemas' bounds: a value the database cannot hold (a text
    longer than its column, a number beyond its type) is the request's fault, a 422 — logged,
    because it means a schema lacks a bound (add it to core.api_types and the field)."""
    logging.getLogger("agilepa.api").warning("Value refused by the database: %s", exc)
    return problem(
        request,
        422,
        "Unprocessable Content",
        "A value is too long or out of range for what it is stored in.",
        errors=[{"field": "", "message": "A value is too long or out of range."}],
    )


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if settings.DEBUG:
        raise exc
    logging.getLogger("agilepa.api").exception("Unhandled API error")
    return problem(request, 500, "Internal Server Error", "Something went wrong on our side.")


api.add_router("/", "agilepa.core.api.router")
api.add_router("/", "agilepa.org.api.router")
api.add_router("/", "agilepa.core.roles_api.router")
api.add_router("/", "agilepa.org.imports.api.router")
api.add_router("/", "agilepa.org.home_api.router")
api.add_router("/", "agilepa.agreements.api.router")
api.add_router("/", "agilepa.agreements.legal.api.router")
api.add_router("/", "agilepa.agreements.prerequisites.api.router")
api.add_router("/", "agilepa.agreements.documents.api.router")
api.add_router("/", "agilepa.planning.api.router")
api.add_router("/", "agilepa.spaces.api.router")
api.add_router("/", "agilepa.spaces.rooms.api.router")
api.add_router("/", "agilepa.objectives.api.router")
api.add_router("/", "agilepa.measurement.api.router")
api.add_router("/", "agilepa.surveys.api.router")
api.add_router("/", "agilepa.indicators.report.api.router")
api.add_router("/", "agilepa.indicators.api.router")
api.add_router("/", "agilepa.events.api.router")
api.add_router("/", "agilepa.maturity.api.router")
api.add_router("/", "agilepa.community.api.router")
api.add_router("/", "agilepa.awards.api.router")
api.add_router("/", "agilepa.audit.api.router")
api.add_router("/", "agilepa.rights.api.router")
