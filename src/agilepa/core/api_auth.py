"""API authentication: the browser session (with CSRF) or a personal access token."""

from datetime import timedelta

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from agilepa.core.models import ApiToken, User, hash_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        # One query on every API call: the user, with their token's id and whether it was last
        # used over a minute ago (writing on every call would turn each read into a write).
        now = timezone.now()
        found = next(
            iter(
                User.objects.raw(
                    "SELECT u.*, t.id AS token_id, CASE WHEN t.last_used_at IS NULL"
                    " OR t.last_used_at < %s THEN 1 ELSE 0 END AS token_stale"
                    " FROM core_user u JOIN core_apitoken t ON t.user_id = u.id"
                    " WHERE t.token_hash = %s AND t.revoked_at IS NULL AND u.is_active",
                    [
                        connection.ops.adapt_datetimefield_value(now - timedelta(seconds=60)),
                        hash_token(token),
                    ],
                )
            ),
            None,
        )
        if found is None:
            return None
        if found.token_stale:
            ApiToken.objects.filter(pk=found.token_id).update(last_used_at=now)
        request.user = found
        return found


class SessionAuth(APIKeyCookie):
    """The Django session; unsafe methods must carry the CSRF token like any form."""

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None
