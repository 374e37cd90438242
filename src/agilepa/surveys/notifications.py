"""Invitations and reminders by e-mail, sent by the background worker (django-tasks), and the
counting of closed waves.

The link carries the invitation's token in its fragment (`/survey/#t=…`), which browsers never
send to the server, so no access log holds it; the token is recomputed from the invitation (an
HMAC, sealing.token_of), never stored, and never written to a log. A reminder is one task per
wave, which finds those who have not answered when it runs: no task row, no invitation row
records who was reminded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from agilepa.core.mail import send_once
from agilepa.core.models import SentMessage
from agilepa.core.worker import retryable
from agilepa.surveys import services
from agilepa.surveys.models import Invitation, SpentToken, Wave
from agilepa.surveys.sealing import reminder_key
from agilepa.surveys.services import token_for

REMIND_DAYS_BEFORE_CLOSING = 3


def answer_link(token: str) -> str:
    """The link of an e-mail: the token in the fragment, never in the path or the query."""
    return f"{settings.SITE_URL.rstrip('/')}{reverse('surveys:answer')}#t={token}"


def _send(invitation: Invitation, reminder: bool) -> int:
    """E-mail the invitation or its reminder once: a retried task finds the key."""
    person = invitation.person
    address = person.email or (person.user.email if person.user_id else "")
    if not address:
        return 0
    token = token_for(invitation)
    wave = invitation.wave
    with translation.override(settings.LANGUAGE_CODE):
        subject = (_("Reminder: %(title)s") if reminder else "%(title)s") % {
            "title": wave.campaign.survey.title
        }
        body = render_to_string(
            "surveys/email_invitation.txt",
            {
                "wave": wave,
                "link": answer_link(token),
                "code": token,
                "reminder": reminder,
                "body": wave.campaign.body,
            },
        )
    key = reminder_key(wave.pk, invitation.pk) if reminder else f"survey-invitation:{invitation.pk}"
    return send_once(key, subject, body, [address])


def _invitations():
    return Invitation.objects.select_related(
        "person__user", "wave__campaign__survey", "wave__campaign__body"
    )


@retryable()
@task()
def send_invitation(invitation_id: int) -> int:
    return _send(_invitations().get(pk=invitation_id), reminder=False)


@retryable()
@task()
def send_reminders(wave_id: int) -> int:
    """Remind those of the wave who have not answered by now (the server alone can tell, with
    the secret key), in the order of the invitations, not of answering."""
    spent = set(SpentToken.objects.filter(wave_id=wave_id).values_list("mark", flat=True))
    sent = 0
    for invitation in _invitations().filter(wave_id=wave_id).order_by("pk"):
        if not services.has_answered(invitation, spent):
            sent += _send(invitation, reminder=True)
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
