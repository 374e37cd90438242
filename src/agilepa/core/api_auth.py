"""API authentication: the browser session (with CSRF) or a personal access token.

A token opens the API only while it is neither revoked nor expired, never for a platform admin
(core/models.py ApiToken), only for reading when it is read-only, and only in its body when it
is limited to one (the user it yields carries that limit, which core/access.py honours)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from agilepa.core.models import TokenScope, User, hash_token

# The token's user (the fields access needs; the others load on first use), the token, its
# scope and body, and whether it was last used over a minute ago: writing on every call would
# make each read a write.
API_CALLER_SQL = (
    "SELECT u.id, u.is_active, u.is_superuser, t.id, CASE WHEN t.last_used_at IS NULL"
    " OR t.last_used_at < %s THEN 1 ELSE 0 END, t.scope, t.body_id"
    " FROM core_user u JOIN core_apitoken t ON t.user_id = u.id"
    " WHERE t.token_hash = %s AND t.revoked_at IS NULL AND t.expires_at > %s"
    " AND u.is_active AND NOT u.is_superuser"
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TOUCH_SQL = "UPDATE core_apitoken SET last_used_at = %s WHERE id = %s"
# On PostgreSQL, outside a transaction, the touch commits without waiting for the disk
# (synchronous_commit off for this statement's own transaction only): a crash may lose the
# last minute's "last used" times, which only inform the token's owner, and a call whose token
# was idle no longer waits for a flush of the write-ahead log (about 4 ms on this project's
# machine, as long as the rest of a booking request) before it can start.
TOUCH_ASYNC_SQL = TOUCH_SQL + " AND set_config('synchronous_commit', 'off', true) = 'off'"


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        """One query on every API call (two on a token's first call of the minute)."""
        now = timezone.now()
        stale_before = connection.ops.adapt_datetimefield_value(now - timedelta(seconds=60))
        with connection.cursor() as cursor:
            cursor.execute(
                API_CALLER_SQL,
                [stale_before, hash_token(token), connection.ops.adapt_datetimefield_value(now)],
            )
            row = cursor.fetchone()
            if row is None:
                return None
            user_id, is_active, is_superuser, token_id, stale, scope, body_id = row
            if stale:
                asynchronous = (
                    connection.vendor == "postgresql"
                    and connection.get_autocommit()
                    and not connection.in_atomic_block
                )
                cursor.execute(
                    TOUCH_ASYNC_SQL if asynchronous else TOUCH_SQL,
                    [connection.ops.adapt_datetimefield_value(now), token_id],
                )
        if scope == TokenScope.READ and request.method not in SAFE_METHODS:
            raise PermissionDenied("This token is read-only: it cannot change anything.")
        # from_db takes the values in the model's field order (the others stay deferred).
        known = {"id": user_id, "is_active": bool(is_active), "is_superuser": bool(is_superuser)}
        names = [f.attname for f in User._meta.concrete_fields if f.attname in known]
        user = User.from_db(connection.alias, names, [known[name] for name in names])
        user.token_body_id = body_id  # type: ignore[attr-defined]
        request.user = user
        request.audit_via = "token"  # type: ignore[attr-defined]
        return user


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
