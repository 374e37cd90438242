"""Personal access tokens: creating one (the password again, an expiry, a scope) and revoking
those a removed role may have served."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.audit import services as audit
from agilepa.core.access import bodies_for_user
from agilepa.core.models import TOKEN_MAX_DAYS, ApiToken, TokenScope, User
from agilepa.org.models import Body


def create_token(
    request: HttpRequest | None,
    user: User,
    *,
    name: str,
    password: str,
    days: int,
    scope: str = TokenScope.WRITE,
    body: Body | None = None,
) -> tuple[ApiToken, str]:
    """A new token for `user`, who types their password again: a session left open on a shared
    computer must not be enough to take away a credential that outlives it. The password check
    goes through the login's lockout (core/auth.py)."""
    if user.is_superuser:
        raise ValidationError(
            _(
                "Platform administrators cannot create API tokens: a stolen token would open "
                "every body. Use a personal account with the roles the script needs."
            )
        )
    errors: dict[str, str] = {}
    name = name.strip()
    if not name or len(name) > 100:
        errors["name"] = _("Give the token a name of 1 to 100 characters.")
    if not 1 <= days <= TOKEN_MAX_DAYS:
        errors["days"] = _("A token lasts from 1 to %(max)d days.") % {"max": TOKEN_MAX_DAYS}
    if scope not in TokenScope.values:
        errors["scope"] = _("Choose read only, or read and write.")
    if body is not None and not bodies_for_user(user).filter(pk=body.pk).exists():
        errors["body"] = _("Choose one of your bodies, or none for all of them.")
    if errors:
        raise ValidationError(errors)
    checked = authenticate(request, username=user.email, password=password)
    if checked is None or checked.pk != user.pk:
        raise ValidationError({"password": _("The password is not right.")})
    with transaction.atomic():
        token, raw = ApiToken.issue(user, name, days=days, scope=scope, body=body)
        record_token("token.create", token, {}, audit.snapshot(token, TOKEN_FIELDS))
    return token, raw


# What the trail says of a token: never its value, nor its hash.
TOKEN_FIELDS = ("name", "scope", "body", "expires_at", "revoked_at")


def record_token(
    action: str, token: ApiToken, before: dict[str, object], after: dict[str, object]
) -> None:
    """In the platform's chain: a token is its user's, not a body's."""
    audit.record(
        action,
        obj=token,
        label=token.name,
        changes=audit.diff(before, after),
    )


@transaction.atomic
def revoke_token(token: ApiToken) -> None:
    """Its owner stops a token."""
    before = audit.snapshot(token, TOKEN_FIELDS)
    token.revoke()
    record_token("token.revoke", token, before, audit.snapshot(token, TOKEN_FIELDS))


def revoke_tokens_relying_on(user_id: int, body_id: int | None) -> int:
    """A role was taken away: the user's tokens that could use it (those of that body, and
    those of every body) stop working. Returns how many were revoked."""
    tokens = ApiToken.objects.filter(user_id=user_id, revoked_at__isnull=True)
    if body_id is not None:
        tokens = tokens.filter(Q(body_id=body_id) | Q(body__isnull=True))
    now = timezone.now()
    for token in tokens:
        audit.record(
            "token.revoke",
            obj=token,
            label=token.name,
            changes={"revoked_at": [None, audit.plain(now)], "reason": "role revoked"},
        )
    return tokens.update(revoked_at=now)
