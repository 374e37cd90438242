"""Invitations and reminders by e-mail, sent by the background worker (django-tasks).

The link carries the invitation's token; the token is recomputed from the invitation (an HMAC,
services.token_for), never stored, and never written to a log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from agilepa.surveys.models import Invitation
from agilepa.surveys.services import token_for

REMIND_DAYS_BEFORE_CLOSING = 3


def _send(invitation_id: int, reminder: bool) -> int:
    invitation = Invitation.objects.select_related(
        "person__user", "wave__campaign__survey", "wave__campaign__body"
    ).get(pk=invitation_id)
    if invitation.used:
        return 0
    person = invitation.person
    address = person.email or (person.user.email if person.user_id else "")
    if not address:
        return 0
    link = settings.SITE_URL.rstrip("/") + reverse(
        "surveys:answer", kwargs={"token": token_for(invitation)}
    )
    wave = invitation.wave
    with translation.override(settings.LANGUAGE_CODE):
        subject = (_("Reminder: %(title)s") if reminder else "%(title)s") % {
            "title": wave.campaign.survey.title
        }
        body = render_to_string(
            "surveys/email_invitation.txt",
            {"wave": wave, "link": link, "reminder": reminder, "body": wave.campaign.body},
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    return 1


@task()
def send_invitation(invitation_id: int) -> int:
    return _send(invitation_id, reminder=False)


@task()
def send_reminder(invitation_id: int) -> int:
    return _send(invitation_id, reminder=True)


@dataclass(frozen=True)
class DailyReport:
    reminded: int


def run_daily(today: date | None = None) -> DailyReport:
    """Remind, once, those who have not answered a wave that closes within three days."""
    today = today or timezone.localdate()
    due = Invitation.objects.filter(
        used=False,
        reminded_on__isnull=True,
        wave__invited_at__isnull=False,
        wave__opens_on__lte=today,
        wave__closes_on__gte=today,
        wave__closes_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE_CLOSING),
    )
    ids = list(due.values_list("pk", flat=True))
    with transaction.atomic():
        Invitation.objects.filter(pk__in=ids).update(reminded_on=today)
        transaction.on_commit(lambda: [send_reminder.enqueue(pk) for pk in ids])
    return DailyReport(len(ids))
