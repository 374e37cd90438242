"""API routes about the caller: who am I, my bodies, my personal access tokens."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from agilepa.core.access import bodies_for_user, resolve_access
from agilepa.core.api_types import Password, text_of
from agilepa.core.models import TOKEN_DEFAULT_DAYS, ApiToken, TokenScope
from agilepa.core.tokens import create_token
from agilepa.core.tokens import revoke_token as revoke_token_of_owner
from agilepa.org.models import Body

router = Router(tags=["account"])


class BodyRoleOut(Schema):
    slug: str
    name: str
    roles: list[str]


class MeOut(Schema):
    email: str
    first_name: str
    last_name: str
    is_platform_admin: bool
    bodies: list[BodyRoleOut]


@router.get("/me", response=MeOut, summary="The caller and their roles in each body")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    bodies = []
    for body in bodies_for_user(user):
        access = resolve_access(user, body)
        if access is not None:
            bodies.append(BodyRoleOut(slug=body.slug, name=body.name, roles=sorted(access.roles)))
    return MeOut(
        email=user.email,
        first_name=user.first_name,
        last_name=user.last_name,
        is_platform_admin=user.is_superuser,
        bodies=bodies,
    )


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime
    scope: str
    body: str | None

    @staticmethod
    def resolve_body(token: ApiToken) -> str | None:
        return token.body.slug if token.body_id else None


class TokenIn(Schema):
    name: text_of(ApiToken, "name")
    password: Password
    days: int = TOKEN_DEFAULT_DAYS
    scope: text_of(ApiToken, "scope") = TokenScope.WRITE
    body: text_of(Body, "slug") | None = None


class TokenCreatedOut(TokenOut):
    token: str


@router.get("/tokens", response=list[TokenOut], summary="My personal access tokens")
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=request.user).select_related("body"))


@router.post(
    "/tokens",
    response={201: TokenCreatedOut},
    summary="Create a token (its value is shown once)",
    description=(
        "From a browser session only, with the password again. `days` (1 to 365, default 90), "
        "`scope` read or write, `body` the short name of one of your bodies to limit it there. "
        "Platform administrators cannot create tokens."
    ),
)
def create(request: HttpRequest, payload: TokenIn) -> tuple[int, ApiToken]:
    if hasattr(request.user, "token_body_id"):
        raise PermissionDenied("A token cannot create tokens: log in and create it there.")
    body = None
    if payload.body:
        body = bodies_for_user(request.user).filter(slug=payload.body).first()
        if body is None:
            raise ValidationError({"body": "Choose one of your bodies, or none for all."})
    token, raw = create_token(
        request,
        request.user,
        name=payload.name,
        password=payload.password,
        days=payload.days,
        scope=payload.scope,
        body=body,
    )
    token.token = raw  # type: ignore[attr-defined]
    return Status(201, token)


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke one of my tokens")
def revoke_token(request: HttpRequest, token_id: int) -> None:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    revoke_token_of_owner(token)
    return None
