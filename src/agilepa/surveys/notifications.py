"""Reminders by e-mail, sent by the background worker (django-tasks), and the counting of
closed waves (the invitation e-mail itself is in mailing.py, which the services queue). A
reminder is one task per
wave, which finds those who have not answered when it runs: no task row, no invitation row
records who was reminded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from agilepa.core.models import SentMessage
from agilepa.core.worker import retryable
from agilepa.surveys import services
from agilepa.surveys.mailing import invitations_for_mail, send_invitation_mail
from agilepa.surveys.models import SpentToken, Wave

REMIND_DAYS_BEFORE_CLOSING = 3


@retryable()
@task()
def send_reminders(wave_id: int) -> int:
    """Remind those of the wave who have not answered by now (the server alone can tell, with
    the secret key), in the order of the invitations, not of answering."""
    spent = set(SpentToken.objects.filter(wave_id=wave_id).values_list("mark", flat=True))
    sent = 0
    for invitation in invitations_for_mail().filter(wave_id=wave_id).order_by("pk"):
        if not services.has_answered(invitation, spent):
            sent += send_invitation_mail(invitation, reminder=True)
    return sent


@retryable()
@task()
def count_wave(wave_id: int, day: str) -> int:
    """Count a closed wave (services.count_wave) as of `day` (ISO), the daily run's day; its
    reminders' keys go with it. Counting twice writes nothing the second time."""
    counted = services.count_wave(wave_id, date.fromisoformat(day))
    SentMessage.objects.filter(key__startswith=f"survey-reminder:{wave_id}:").delete()
    return counted


@dataclass(frozen=True)
class DailyReport:
    reminded: int
    counted: int


def run_daily(today: date | None = None) -> DailyReport:
    """Remind, once per wave, those who have not answered a wave that closes within three
    days; count the waves that have closed. `reminded`: the waves reminded; `counted`: the
    waves whose counting was queued."""
    today = today or timezone.localdate()
    due = list(
        Wave.objects.filter(
            reminded_on__isnull=True,
            invited_at__isnull=False,
            opens_on__lte=today,
            closes_on__gte=today,
            closes_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE_CLOSING),
        ).values_list("pk", flat=True)
    )
    closed = services.closed_waves_to_count(today)
    with transaction.atomic():
        Wave.objects.filter(pk__in=due).update(reminded_on=today)
        transaction.on_commit(lambda: [send_reminders.enqueue(pk) for pk in due])
        transaction.on_commit(lambda: [count_wave.enqueue(pk, today.isoformat()) for pk in closed])
    return DailyReport(len(due), len(closed))
