"""Writes of the maturity self-assessment: start the year's draft (from last year's answers),
save answers, submit. The body's HR office only; a submitted assessment is final."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.maturity.models import Assessment, AssessmentStatus
from agilepa.maturity.questionnaire import (
    DIMENSION_LABELS,
    ITEMS,
    Dimension,
    score,
    validate_answers,
)


def _require_hr(access: Access) -> None:
    if not access.is_hr:
        raise PermissionDeniedForRole


def start(access: Access, year: int) -> Assessment:
    """The year's draft, or the one already there; a new draft starts from the answers of the
    body's latest earlier assessment, so a year's change is what HR edits."""
    _require_hr(access)
    if not 2017 <= year <= 2100:
        raise ValidationError({"year": _("A year from 2017 to 2100.")})
    existing = Assessment.objects.filter(body=access.body, year=year).first()
    if existing is not None:
        return existing
    previous = Assessment.objects.filter(body=access.body, year__lt=year).order_by("-year").first()
    try:
        with transaction.atomic():
            return Assessment.objects.create(
                body=access.body,
                year=year,
                answers=dict(previous.answers) if previous else {},
                created_by_id=access.user_id,
                updated_by_id=access.user_id,
            )
    except IntegrityError:  # started at the same time by a colleague
        return Assessment.objects.get(body=access.body, year=year)


def save_answers(
    access: Access, assessment: Assessment, answers: dict[str, object], notes: str | None = None
) -> Assessment:
    """Merge the given answers into the draft (None clears an answer)."""
    _require_hr(access)
    if assessment.body_id != access.body.pk:
        raise PermissionDeniedForRole
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(
            _("The assessment of %(y)d is submitted: it can no longer change.")
            % {"y": assessment.year}
        )
    cleared = {code for code, level in answers.items() if level is None}
    given = validate_answers({c: v for c, v in answers.items() if v is not None})
    merged = {c: v for c, v in assessment.answers.items() if c not in cleared}
    merged.update(given)
    assessment.answers = merged
    if notes is not None:
        assessment.notes = notes
    assessment.updated_by_id = access.user_id
    assessment.save(update_fields=["answers", "notes", "updated_by", "updated_at"])
    return assessment


def submit(access: Access, assessment: Assessment, now: datetime | None = None) -> Assessment:
    """Submit the draft: every item answered; who and when are recorded."""
    _require_hr(access)
    if assessment.body_id != access.body.pk:
        raise PermissionDeniedForRole
    result = score(assessment.answers)
    if not result.complete:
        missing = {item.dimension for item in ITEMS if item.code in result.unanswered}
        raise ValidationError(
            _("%(n)d questions are unanswered (%(dims)s): answer them all to submit.")
            % {
                "n": len(result.unanswered),
                "dims": ", ".join(str(DIMENSION_LABELS[d]) for d in Dimension if d in missing),
            }
        )
    submitted = Assessment.objects.filter(pk=assessment.pk, status=AssessmentStatus.DRAFT).update(
        status=AssessmentStatus.SUBMITTED,
        submitted_at=now or timezone.now(),
        submitted_by_id=access.user_id,
    )
    if not submitted:
        raise ValidationError(_("The assessment is already submitted."))
    assessment.refresh_from_db()
    return assessment
