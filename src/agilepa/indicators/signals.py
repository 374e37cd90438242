"""Which months of the summary a write makes stale. Row-by-row saves are caught here; bulk
writes (the attendance import) call `summary.mark_dirty` themselves; deletions of people and
their records (people are ended, not deleted) and anything else are caught by the nightly
`indicators-refresh`, which rebuilds the last thirteen months."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from agilepa.indicators.summary import mark_dirty, months_between

# A record that is not about one day (an agreement, a commute profile, training, a move):
# the months it can change, up to this far back.
LOOKBACK_DAYS = 400


def _recent(since: date | None = None) -> list[date]:
    today = timezone.localdate()
    first = today - timedelta(days=LOOKBACK_DAYS)
    if since is not None and since > first:
        first = since
    return months_between(first, today) if first <= today else []


def _day(sender, instance, **kwargs) -> None:
    body_id = getattr(instance, "body_id", None)
    if body_id is None:  # PlanDay and Booking hang off their plan and hub
        person = getattr(instance, "person", None)
        body_id = person.body_id if person is not None else None
    if body_id is not None:
        mark_dirty(body_id, [instance.date])


def _plan(sender, instance, **kwargs) -> None:
    mark_dirty(instance.body_id, [date(instance.year, instance.month, 1)])


def _person_record(sender, instance, **kwargs) -> None:
    person = getattr(instance, "owner", None) or getattr(instance, "person", None)
    if sender.__name__ == "Person":
        person = instance
    if person is None:
        return
    since = getattr(instance, "start_date", None) or getattr(instance, "completed_on", None)
    mark_dirty(person.body_id, _recent(since))


def _response(sender, instance, **kwargs) -> None:
    from agilepa.surveys.models import SurveyCampaign

    body_id = (
        SurveyCampaign.objects.filter(waves=instance.wave_id)
        .values_list("body_id", flat=True)
        .first()
    )
    if body_id is not None:
        mark_dirty(body_id, [instance.submitted_on])


def connect() -> None:
    from agilepa.agreements.models import Agreement, EquipmentItem, TrainingCompletion
    from agilepa.measurement.models import CommuteProfile
    from agilepa.objectives.models import Objective
    from agilepa.org.models import Person
    from agilepa.planning.models import ActualDay, MonthPlan, PlanDay
    from agilepa.spaces.models import Booking
    from agilepa.surveys.models import Response

    # No post_delete on the day records: a receiver would stop Django from deleting a plan's
    # days in one statement. A deleted plan is caught by its MonthPlan; the import marks itself.
    for model in (ActualDay, PlanDay, Booking):
        post_save.connect(_day, sender=model, dispatch_uid=f"indicators-{model.__name__}")
    post_save.connect(_plan, sender=MonthPlan, dispatch_uid="indicators-MonthPlan")
    post_save.connect(_response, sender=Response, dispatch_uid="indicators-Response")
    post_delete.connect(_plan, sender=MonthPlan, dispatch_uid="indicators-d-MonthPlan")
    for model in (Agreement, EquipmentItem, TrainingCompletion, CommuteProfile, Objective, Person):
        post_save.connect(_person_record, sender=model, dispatch_uid=f"indicators-{model.__name__}")
