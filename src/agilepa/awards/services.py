"""Writes of the awards, each validated and atomic: opening a call, naming jurors, applying,
scoring (with its audit record), closing the jury and publishing the results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.audit import services as audit
from agilepa.awards import selectors
from agilepa.awards.models import (
    Answer,
    Application,
    ApplicationStatus,
    Attachment,
    AwardCall,
    Criterion,
    Juror,
    OpenTo,
    Score,
    ScoreEvent,
)
from agilepa.awards.snapshot import indicator_snapshot
from agilepa.awards.templates import TEMPLATES
from agilepa.core import formats
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.models import User
from agilepa.core.uploads import DOCUMENT_KINDS, IMAGE_KINDS, check_upload, store_upload
from agilepa.org.models import Body, Network

MAX_ATTACHMENTS = 10
ATTACHMENT_KINDS = DOCUMENT_KINDS | IMAGE_KINDS
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024  # AWARDS_ATTACHMENT_MAX_BYTES in the settings overrides it


@dataclass(frozen=True)
class CriterionIn:
    name: str
    weight: int
    description: str = ""


def template_criteria(name: str = "pavia") -> list[CriterionIn]:
    return [CriterionIn(str(c.name), c.weight, str(c.description)) for c in TEMPLATES[name]]


def check_criteria(criteria: list[CriterionIn]) -> None:
    """At least one criterion, each named once, weights from 1 that sum to 100."""
    if not criteria:
        raise ValidationError({"criteria": _("A call needs at least one criterion.")})
    names = [c.name.strip() for c in criteria]
    if any(not n for n in names):
        raise ValidationError({"criteria": _("Every criterion needs a name.")})
    if len({n.casefold() for n in names}) != len(names):
        raise ValidationError({"criteria": _("Two criteria have the same name.")})
    if any(c.weight < 1 for c in criteria):
        raise ValidationError({"criteria": _("Every weight is at least 1.")})
    total = sum(c.weight for c in criteria)
    if total != 100:
        raise ValidationError(
            {
                "criteria": _("The weights sum to %(total)s: they must sum to 100.")
                % {"total": total}
            }
        )


def _require_organiser(user: User, call: AwardCall) -> None:
    if not selectors.may_organise(user, call):
        raise PermissionDenied(_("Only the organiser of the call may do this."))


@transaction.atomic
def open_call(
    user: User,
    *,
    body: Body | None = None,
    network: Network | None = None,
    title: str,
    slug: str,
    applications_open: date,
    applications_close: date,
    jury_closes: date,
    rules: str = "",
    scale_max: int = 10,
    open_to: str = OpenTo.LISTED,
    eligible_bodies: list[Body] | None = None,
    criteria: list[CriterionIn] | None = None,
) -> AwardCall:
    """A call of a body (by its HR office) or of a network (by its coordinators), with the
    Pavia criteria when none are given."""
    call = AwardCall(
        body=body,
        network=network,
        title=title,
        slug=slug,
        rules=rules,
        applications_open=applications_open,
        applications_close=applications_close,
        jury_closes=jury_closes,
        scale_max=scale_max,
        open_to=open_to,
    )
    _require_organiser(user, call)
    if open_to == OpenTo.MEMBERS and network is None:
        raise ValidationError({"open_to": _("Only a network's call is open to its members.")})
    if applications_close < applications_open:
        raise ValidationError({"applications_close": _("Applications close before they open.")})
    if jury_closes < applications_close:
        raise ValidationError({"jury_closes": _("The jury closes before the applications do.")})
    criteria = template_criteria() if criteria is None else criteria
    check_criteria(criteria)
    call.full_clean()
    call.save()
    if open_to == OpenTo.LISTED:
        call.eligible_bodies.set(eligible_bodies or [])
    Criterion.objects.bulk_create(
        Criterion(
            call=call,
            position=i,
            name=c.name.strip(),
            description=c.description,
            weight=c.weight,
        )
        for i, c in enumerate(criteria, start=1)
    )
    return call


@transaction.atomic
def name_juror(user: User, call: AwardCall, email: str) -> Juror:
    _require_organiser(user, call)
    if call.jury_closed:
        raise ValidationError(_("The jury is closed."))
    found = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if found is None:
        raise ValidationError({"email": _("No active user has this e-mail address.")})
    if call.jurors.filter(user=found).exists():
        raise ValidationError({"email": _("%(email)s is already a juror.") % {"email": email}})
    return Juror.objects.create(
        call=call, user=found, bodies=sorted(selectors.user_body_ids(found)), named_by=user
    )


@transaction.atomic
def remove_juror(user: User, call: AwardCall, juror_id: int) -> None:
    """Before the jury closes; their scores go with them (the audit record stays)."""
    _require_organiser(user, call)
    if call.jury_closed:
        raise ValidationError(_("The jury is closed."))
    call.jurors.filter(pk=juror_id).delete()


@transaction.atomic
def close_jury(user: User, call: AwardCall, now: datetime, *, accept_missing: bool) -> AwardCall:
    """Close the jury: every eligible juror-application pair scored, or the organiser closes
    anyway and the missing scores are recorded on the call and shown with the results."""
    call = AwardCall.objects.select_for_update().get(pk=call.pk)
    _require_organiser(user, call)
    if call.jury_closed:
        raise ValidationError(_("The jury is already closed."))
    missing = selectors.missing_scores(call)
    if missing and not accept_missing:
        raise ValidationError(
            _(
                "%(count)s juror-application pairs are not fully scored: %(list)s. Close "
                "anyway to record them as missing."
            )
            % {
                "count": len(missing),
                "list": "; ".join(f"{m.juror} / {m.body} ({m.criteria})" for m in missing),
            }
        )
    for juror in call.jurors.select_related("user"):
        juror.bodies = sorted(selectors.excluded_body_ids(juror))
        juror.save(update_fields=["bodies"])
    call.missing_at_close = [m.as_dict() for m in missing]
    call.jury_closed_at = now
    call.jury_closed_by = user
    call.save(update_fields=["missing_at_close", "jury_closed_at", "jury_closed_by"])
    return call


def publish(user: User, call: AwardCall, *, public: bool, motivation: str | None = None):
    _require_organiser(user, call)
    if public and not call.jury_closed:
        raise ValidationError(_("The results can be made public once the jury is closed."))
    call.results_public = public
    fields = ["results_public"]
    if motivation is not None:
        call.motivation = motivation
        fields.append("motivation")
    call.save(update_fields=fields)
    return call


# Applications


def _applicant(access: Access, call: AwardCall, today: date) -> None:
    if not access.is_hr:
        raise PermissionDeniedForRole
    if not selectors.is_eligible(call, access.body):
        raise ValidationError(_("Your body is not among the bodies eligible for this call."))
    if today < call.applications_open:
        raise ValidationError(
            _("Applications open %(on_day)s.")
            % {"on_day": formats.with_article("il", call.applications_open)}
        )
    if today > call.applications_close:
        raise ValidationError(
            _("Applications closed %(on_day)s.")
            % {"on_day": formats.with_article("il", call.applications_close)}
        )


def draft_of(access: Access, call: AwardCall, today: date) -> Application:
    """The body's application, created as a draft on first use; a submitted one is final."""
    _applicant(access, call, today)
    application, _created = Application.objects.get_or_create(
        call=call, body=access.body, defaults={"created_by_id": access.user_id}
    )
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(_("The application is submitted: it can no longer change."))
    return application


@transaction.atomic
def save_answers(
    access: Access, call: AwardCall, answers: dict[int, str], today: date
) -> Application:
    application = draft_of(access, call, today)
    criteria = {c.pk for c in call.criteria.all()}
    unknown = set(answers) - criteria
    if unknown:
        raise ValidationError(
            {"answers": _("Not a criterion of this call: %(id)s.") % {"id": min(unknown)}}
        )
    for criterion_id, text in answers.items():
        Answer.objects.update_or_create(
            application=application, criterion_id=criterion_id, defaults={"text": text.strip()}
        )
    return application


@transaction.atomic
def submit(access: Access, call: AwardCall, today: date) -> Application:
    """Submit: a text for every criterion; the body's indicators are frozen now."""
    application = draft_of(access, call, today)
    written = set(application.answers.exclude(text="").values_list("criterion_id", flat=True))
    empty = [c.name for c in call.criteria.all() if c.pk not in written]
    if empty:
        raise ValidationError(
            {
                "answers": _("Write a text for every criterion before submitting: %(names)s.")
                % {"names": ", ".join(empty)}
            }
        )
    application.indicators = indicator_snapshot(access.body, today.year, today)
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.submitted_by_id = access.user_id
    application.save()
    return application


@transaction.atomic
def add_attachment(
    access: Access, call: AwardCall, upload: UploadedFile, today: date
) -> Attachment:
    """A document of the application, checked by its content (core.uploads)."""
    application = draft_of(access, call, today)
    if application.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {"file": _("At most %(n)s attachments per application.") % {"n": MAX_ATTACHMENTS}}
        )
    try:
        checked = check_upload(
            upload,
            allowed=ATTACHMENT_KINDS,
            max_bytes=getattr(settings, "AWARDS_ATTACHMENT_MAX_BYTES", ATTACHMENT_MAX_BYTES),
        )
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    stored = store_upload(upload, checked, folder=f"awards/{call.pk}")
    attachment = Attachment(
        application=application,
        file=stored.name,
        name=stored.original_name[:200],
        content_type=stored.mime,
        size=stored.size,
        uploaded_by_id=access.user_id,
    )
    attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(access: Access, call: AwardCall, attachment_id: int, today: date) -> None:
    application = draft_of(access, call, today)
    for attachment in application.attachments.filter(pk=attachment_id):
        attachment.file.delete(save=False)
        attachment.delete()


# Scoring


@dataclass(frozen=True)
class ScoreIn:
    criterion_id: int
    value: int
    comment: str = ""


@transaction.atomic
def score(juror: Juror, application_id: int, given: list[ScoreIn], today: date) -> list[Score]:
    """A juror scores criteria of an application: never their own body's, only once the
    applications have closed, never after the jury closes. Every score given is recorded."""
    call = AwardCall.objects.select_for_update().get(pk=juror.call_id)
    if call.jury_closed:
        raise ValidationError(_("The jury is closed: scores can no longer change."))
    application = Application.objects.filter(
        call=call, pk=application_id, status=ApplicationStatus.SUBMITTED
    ).first()
    if application is None:
        raise ValidationError({"application": _("No submitted application with this id.")})
    juror.call = call
    if application.body_id in selectors.excluded_body_ids(juror):
        raise PermissionDenied(
            _(
                "You belong to %(body)s, which applied: you are excluded from scoring its "
                "application."
            )
            % {"body": application.body.name}
        )
    if today <= call.applications_close:
        raise ValidationError(
            _("Scoring opens after applications close %(on_day)s.")
            % {"on_day": formats.with_article("il", call.applications_close)}
        )
    criteria = {c.pk: c for c in call.criteria.all()}
    saved = []
    for item in given:
        if item.criterion_id not in criteria:
            raise ValidationError(
                {
                    "criterion_id": _("Not a criterion of this call: %(id)s.")
                    % {"id": item.criterion_id}
                }
            )
        if not 0 <= item.value <= call.scale_max:
            raise ValidationError(
                {
                    "value": _("%(name)s: a score goes from 0 to %(max)s, not %(value)s.")
                    % {
                        "name": criteria[item.criterion_id].name,
                        "max": call.scale_max,
                        "value": item.value,
                    }
                }
            )
        existing = Score.objects.filter(
            application=application, criterion_id=item.criterion_id, juror=juror
        ).first()
        previous = existing.value if existing else None
        row = existing or Score(
            application=application, criterion_id=item.criterion_id, juror=juror
        )
        row.value, row.comment = item.value, item.comment.strip()
        row.save()
        ScoreEvent.objects.create(
            call=call,
            application=application,
            criterion_id=item.criterion_id,
            user=juror.user,
            value=item.value,
            previous=previous,
            comment=row.comment,
        )
        audit.record(
            "award.score",
            body=call.body_id,
            obj=row,
            label=f"{call} / {application.body_id} / {item.criterion_id}",
            changes=audit.diff({"value": previous}, {"value": item.value}),
        )
        saved.append(row)
    return saved
