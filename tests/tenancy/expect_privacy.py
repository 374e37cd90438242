"""Tenancy expectations of the privacy notice and the record of processing (see extensions.py).

The notices (a body's and the platform's) are public: a notice is due before the data are
collected, so it is readable without a login. Each body has a published version here, read by
the own body's people, so that the notice gate stays out of the rest of the matrix."""

from __future__ import annotations

from django.utils import timezone

from agilepa.privacy.models import NoticeAcknowledgement, NoticeVersion, PrivacyNotice

HR = {"hr_admin", "platform_admin"}
PEOPLE = {"employee", "manager"}

UNSCOPED = {"privacy:notice", "privacy:platform"}
SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    # Only the body's people confirm they have read its notice.
    "privacy:acknowledge": ("post", PEOPLE),
    "privacy:edit": ("get", HR),
    "privacy:register": ("get", HR),
}
API_EXPECT: dict[str, set[str]] = {}
API_PAYLOADS: dict[str, object] = {}


def ids(world, side) -> dict[str, object]:
    notice = PrivacyNotice.objects.create(body=side.body, draft_it="Informativa.")
    version = NoticeVersion.objects.create(
        notice=notice, number=1, text_it="Informativa.", published_at=timezone.now()
    )
    for person in (side.employee_person, side.manager_person):
        if person.user_id:
            NoticeAcknowledgement.objects.create(user_id=person.user_id, version=version)
    return {}


def foreign_rows(body) -> list[list]:
    return [
        list(PrivacyNotice.objects.filter(body=body).order_by("pk").values_list()),
        list(NoticeVersion.objects.filter(notice__body=body).order_by("pk").values_list()),
        list(
            NoticeAcknowledgement.objects.filter(version__notice__body=body)
            .order_by("pk")
            .values_list()
        ),
    ]
