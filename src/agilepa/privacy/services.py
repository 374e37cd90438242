"""Writing the notice: HR's draft, its publication as a new version, and a person's reading."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.audit import services as audit
from agilepa.core.access import Access
from agilepa.core.models import User
from agilepa.org.models import Body, Person

from .models import NoticeAcknowledgement, NoticeVersion, PrivacyNotice
from .text import model_for, unfinished


def notice_of(body: Body) -> PrivacyNotice:
    """The body's notice, made on first use with the model text as its draft."""
    notice, _created = PrivacyNotice.objects.get_or_create(
        body=body, defaults={"draft_it": model_for(body)}
    )
    return notice


@transaction.atomic
def save_draft(access: Access, *, text_it: str, text_en: str) -> PrivacyNotice:
    notice = PrivacyNotice.objects.select_for_update().get(pk=notice_of(access.body).pk)
    before = audit.snapshot(notice, ["draft_it", "draft_en"])
    notice.draft_it, notice.draft_en = text_it.strip(), text_en.strip()
    notice.updated_by_id = access.user_id
    notice.save()
    audit.record(
        "privacy.notice_draft_saved",
        body=access.body,
        obj=notice,
        # The texts are long, and public once published: the entry names the one that changed.
        changes=audit.diff(
            before,
            audit.snapshot(notice, ["draft_it", "draft_en"]),
            special={"draft_it", "draft_en"},
        ),
    )
    return notice


@transaction.atomic
def reset_draft(access: Access) -> PrivacyNotice:
    """Start again from the model text (the published versions stay as they are)."""
    model = model_for(access.body)
    return save_draft(access, text_it=model, text_en="")


@transaction.atomic
def publish(access: Access) -> NoticeVersion:
    """Publish the draft as the next version: every person of the body is asked to read it
    before going on. Refused while the model's [DA COMPLETARE …] markers are left in it, and
    when nothing changed since the version in force."""
    notice = PrivacyNotice.objects.select_for_update().get(pk=notice_of(access.body).pk)
    if not notice.draft_it.strip():
        raise ValidationError({"text_it": _("The notice needs its Italian text.")})
    # Keyed by the edit form's fields, so each refusal shows beside the text it is about.
    left = {
        field: unfinished(text)
        for field, text in (("text_it", notice.draft_it), ("text_en", notice.draft_en))
    }
    if any(left.values()):
        raise ValidationError(
            {
                field: _("Complete what the model leaves to the body before publishing: %(left)s")
                % {"left": "; ".join(found)}
                for field, found in left.items()
                if found
            }
        )
    current = notice.versions.order_by("-number").first()
    if current and (current.text_it, current.text_en) == (notice.draft_it, notice.draft_en):
        raise ValidationError(
            _("The text is the same as version %(number)s, already published.")
            % {"number": current.number}
        )
    number = (notice.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = NoticeVersion.objects.create(
        notice=notice,
        number=number,
        text_it=notice.draft_it,
        text_en=notice.draft_en,
        published_at=timezone.now(),
        published_by_id=access.user_id,
    )
    audit.record(
        "privacy.notice_published",
        body=access.body,
        obj=version,
        changes={"version": [current.number if current else None, number]},
    )
    return version


def acknowledge(user: User, body: Body) -> NoticeAcknowledgement | None:
    """The user, a person of the body, has read the version in force (None when the body has
    published none). Reading it twice keeps the first time."""
    person = Person.objects.filter(body=body, user=user, is_active=True).first()
    if person is None:
        raise ValidationError(_("Only the body's people confirm they have read its notice."))
    version = current_version(body)
    if version is None:
        return None
    found = NoticeAcknowledgement.objects.filter(user=user, version=version).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            reading = NoticeAcknowledgement.objects.create(user=user, version=version)
            audit.record(
                "privacy.notice_acknowledged",
                body=body,
                obj=version,
                person=person,
                user=user,
            )
    except IntegrityError:  # the same person, in another tab, at the same moment
        return NoticeAcknowledgement.objects.get(user=user, version=version)
    return reading


def current_version(body: Body) -> NoticeVersion | None:
    return NoticeVersion.objects.filter(notice__body=body).order_by("-number").first()
