"""API routes about the caller: who am I, my bodies, my personal access tokens."""

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from agilepa.core.access import bodies_for_user, resolve_access
from agilepa.core.models import ApiToken

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


class TokenIn(Schema):
    name: str


class TokenCreatedOut(TokenOut):
    token: str


@router.get("/tokens", response=list[TokenOut], summary="My personal access tokens")
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=request.user))


@router.post(
    "/tokens", response={201: TokenCreatedOut}, summary="Create a token (its value is shown once)"
)
def create_token(request: HttpRequest, payload: TokenIn) -> dict[str, object]:
    from django.core.exceptions import ValidationError

    name = payload.name.strip()
    if not name or len(name) > 100:
        raise ValidationError({"name": "Give the token a name of 1 to 100 characters."})
    token, raw = ApiToken.issue(request.user, name)
    return {**TokenOut.from_orm(token).dict(), "token": raw}


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke one of my tokens")
def revoke_token(request: HttpRequest, token_id: int) -> None:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    token.revoke()
    return None
