"""Reading the notices: what a visitor may read, and whether a user still has one to read."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, QuerySet

from agilepa.core.access import Access
from agilepa.org.models import Person

from .models import NoticeVersion

# One statement on each page request of a logged-in person (privacy/middleware.py): the
# platform's latest version id, and — only when it is newer than what the session last found
# read, a one-time filter the database evaluates before the rest — the slug of a body whose
# version in force the user, an active person there, has not read. Constant SQL, parameters only.
PENDING_SQL = (
    "SELECT m.latest, (SELECT b.slug FROM org_person p"
    " JOIN org_body b ON b.id = p.body_id"
    " JOIN privacy_privacynotice n ON n.body_id = p.body_id"
    " JOIN privacy_noticeversion v ON v.notice_id = n.id"
    " WHERE p.user_id = %s AND p.is_active AND m.latest > %s"
    " AND v.number = (SELECT MAX(w.number) FROM privacy_noticeversion w WHERE w.notice_id = n.id)"
    " AND NOT EXISTS (SELECT 1 FROM privacy_noticeacknowledgement a"
    " WHERE a.version_id = v.id AND a.user_id = %s)"
    " ORDER BY b.name, b.id LIMIT 1)"
    " FROM (SELECT COALESCE(MAX(id), 0) AS latest FROM privacy_noticeversion) m"
)


def pending_notice(user_id: int, seen: int) -> tuple[int, str | None]:
    """(the latest version id, the slug of a body whose notice the user must read or None).
    `seen` is the latest version id when the user last had nothing to read."""
    with connection.cursor() as cursor:
        cursor.execute(PENDING_SQL, [user_id, seen, user_id])
        latest, slug = cursor.fetchone()
    return int(latest), slug


def pending_notice_reference(user_id: int) -> set[str]:
    """The same question through the ORM, for the test that holds the SQL to it: the slugs of
    every body whose version in force the user, an active person there, has not read."""
    slugs = set()
    for person in Person.objects.filter(user_id=user_id, is_active=True).select_related("body"):
        version = NoticeVersion.objects.filter(notice__body=person.body).order_by("-number").first()
        if version and not version.acknowledgements.filter(user_id=user_id).exists():
            slugs.add(person.body.slug)
    return slugs


def versions_for(access: Access) -> QuerySet[NoticeVersion]:
    """The body's published versions with how many have read each (HR's page)."""
    return (
        NoticeVersion.objects.filter(notice__body=access.body)
        .select_related("published_by")
        .annotate(readers=Count("acknowledgements"))
        .order_by("-number")
    )


def people_count(access: Access) -> int:
    return Person.objects.filter(body=access.body, is_active=True, user__isnull=False).count()
