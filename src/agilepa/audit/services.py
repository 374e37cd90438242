"""Writing the audit trail: `record()` from the services, with who, how and from where taken
from the request being served (bound by audit.middleware) or from `system()` in jobs.

What an entry holds is listed in docs/audit.md. Special-category values (art. 9 GDPR: L. 68
status, priority categories, derogation reasons) are recorded as "changed", never their content.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connections, models
from django.http import HttpRequest
from django.utils import timezone

from .models import PLATFORM_CHAIN, AuditEntry, Via

CHANGED = "changed"
REDACTED = "redacted"
SESSION_VIA = "agilepa_auth_via"


@dataclass
class Context:
    """Who is acting. `request` is read when an entry is written, not when the request
    starts: an API token's user is known only once the API has authenticated it."""

    request: HttpRequest | None = None
    label: str = ""
    request_id: str = ""
    recorded: int = 0


_current: ContextVar[Context | None] = ContextVar("agilepa_audit", default=None)


def request_id_of(request: HttpRequest) -> str:
    """The caller's X-Request-ID when it is a plain token (a proxy's), else a new one."""
    given = request.headers.get("X-Request-ID", "")
    if 8 <= len(given) <= 64 and all(c.isalnum() or c in "-_." for c in given):
        return given
    return uuid.uuid4().hex


@contextmanager
def bind_request(request: HttpRequest) -> Iterator[Context]:
    context = Context(request=request, request_id=request_id_of(request))
    request.audit_request_id = context.request_id  # type: ignore[attr-defined]
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


@contextmanager
def system(label: str) -> Iterator[Context]:
    """Entries written inside are the platform's own (a scheduled job, a command)."""
    context = Context(label=label, request_id=uuid.uuid4().hex)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def current() -> Context | None:
    return _current.get()


def _who(context: Context | None, user: Any = None) -> tuple[int | None, str, str, str | None]:
    """(actor id, actor label, via, ip) of the context."""
    from agilepa.core.auth import client_ip

    request = context.request if context else None
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if request is None:
        via = Via.SYSTEM
    elif getattr(request, "audit_via", None):
        via = request.audit_via  # type: ignore[attr-defined]
    elif user is not None:
        session = getattr(request, "session", None)
        via = (session.get(SESSION_VIA) if session is not None else None) or Via.PASSWORD
    else:
        via = Via.ANONYMOUS
    label = ""
    if user is not None:
        label = getattr(user, "email", "") or ""
        if not label:  # an API token's user is loaded with its id only
            from agilepa.core.models import User

            label = User.objects.filter(pk=user.pk).values_list("email", flat=True).first() or ""
    elif context is not None:
        label = context.label
    return (user.pk if user is not None else None), label, via, client_ip(request)


def plain(value: Any) -> Any:
    """A value as JSON can hold it (and as the chain hashes it)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of `obj` as plain values (a foreign key as its id)."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(v.pk for v in getattr(obj, name).all()) if obj.pk else []
        else:
            values[name] = plain(getattr(obj, field.attname))
    return values


def diff(
    before: Mapping[str, Any], after: Mapping[str, Any], special: Iterable[str] = ()
) -> dict[str, Any]:
    """The fields whose value changed: [before, after], or "changed" for a special category."""
    special = set(special)
    changes: dict[str, Any] = {}
    for name in sorted(set(before) | set(after)):
        old, new = plain(before.get(name)), plain(after.get(name))
        if old != new:
            changes[name] = CHANGED if name in special else [old, new]
    return changes


def digest(changes: Mapping[str, Any], actor_label: str = "", object_label: str = "") -> str:
    """The digest the chain covers in place of the entry's personal text: its changes and the
    two labels (an e-mail, a name). Retention can then blank them and the chain still holds."""
    details = {"changes": changes, "actor": actor_label, "object": object_label}
    return hashlib.sha256(canonical(details).encode()).hexdigest()


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record(
    action: str,
    *,
    body: Any = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: Any = "",
    label: str = "",
    person: Any = None,
    changes: Mapping[str, Any] | None = None,
    user: Any = None,
    via: str | None = None,
) -> AuditEntry:
    """Write one entry. `body` (a Body or its id) picks the chain; `obj` names the object;
    `person` is whom the entry is about; `changes` comes from `diff()` (or names what was done,
    e.g. {"fields": [...]}, for reads and exports). `user` names the actor where the request
    has none yet (a login)."""
    context = _current.get()
    actor_id, actor_label, context_via, ip = _who(context, user)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        label = label or str(obj)[:200]
    body_id = getattr(body, "pk", body)
    person_id = getattr(person, "pk", person)
    changes = plain(dict(changes or {}))
    entry = AuditEntry.objects.create(
        chain=body_id or PLATFORM_CHAIN,
        body_id=body_id,
        actor_id=actor_id,
        actor_label=actor_label[:254],
        via=via or context_via,
        action=action,
        object_type=object_type,
        object_id=str(object_id or "")[:64],
        object_label=label[:200],
        person_id=person_id,
        changes=changes,
        changes_digest=digest(changes, actor_label[:254], label[:200]),
        ip=ip,
        request_id=context.request_id if context else "",
    )
    if context is not None:
        context.recorded += 1
    return entry


_MANY_COLUMNS = (
    "chain",
    "body_id",
    "actor_id",
    "actor_label",
    "via",
    "ip",
    "request_id",
    "at",
    "object_type",
    "action",
    "object_id",
    "object_label",
    "person_id",
    "changes",
    "changes_digest",
    "prev_hash",
    "hash",
    "redacted_at",
)


def record_many(
    head: AuditEntry,
    object_type: str,
    entries: Iterable[tuple[str, Any, str, int | None, Mapping[str, Any]]],
    *,
    batch_size: int = 2000,
) -> int:
    """Write one entry per (action, object id, label, person id, changes), each with the who,
    how, from where and when of `head` (an entry `record` has just written), with one
    executemany per batch: for a service that changes thousands of objects at once (the HR
    import), where `record` per object would be a round trip each. `changes` must come from
    `diff()` (plain values). Returns how many entries were written."""
    # Django's bulk_create prepared each of the rows' fields one by one and doubled the HR
    # import's writing time (bench/import_people.py).
    connection = connections[AuditEntry.objects.db]
    changes_field = AuditEntry._meta.get_field("changes")
    shared = (
        head.chain,
        head.body_id,
        head.actor_id,
        head.actor_label,
        head.via,
        head.ip,
        head.request_id,
        connection.ops.adapt_datetimefield_value(head.at),
        object_type,
    )
    rows = [
        (
            *shared,
            action,
            str(object_id or "")[:64],
            label[:200],
            person_id,
            changes_field.get_db_prep_save(changes, connection),
            digest(changes, head.actor_label, label[:200]),
            "",
            "",
            None,
        )
        for action, object_id, label, person_id, changes in entries
    ]
    columns = ", ".join(_MANY_COLUMNS)
    placeholders = ", ".join(["%s"] * len(_MANY_COLUMNS))
    sql = f"INSERT INTO {AuditEntry._meta.db_table} ({columns}) VALUES ({placeholders})"  # noqa: S608 (constants)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            cursor.executemany(sql, rows[start : start + batch_size])
    return len(rows)


def redact(entry: AuditEntry) -> None:
    """Blank an entry's personal text (retention: a pseudonymised person's name, e-mail): the
    values of its changes, keeping the names of the fields, and its two labels. The chain covers
    the digest of these as they were written, not the text, so the entry still verifies; the
    ids (actor, person, object) stay. verify() checks that a redacted entry holds no value and no
    label at all. The one edit of an entry the PostgreSQL trigger lets through."""
    changes = dict.fromkeys(entry.changes or {}, REDACTED)
    now = timezone.now()
    AuditEntry.objects.filter(pk=entry.pk).update(
        changes=changes, actor_label=REDACTED, object_label=REDACTED, redacted_at=now
    )
    entry.changes, entry.redacted_at = changes, now
    entry.actor_label = entry.object_label = REDACTED
