"""The invitation e-mail of a survey wave and the pieces its reminder shares, sent by the
background worker (django-tasks). The services queue it when a wave is sent; the reminders and
the counting (notifications) use the services, so this module may not import them: it is the
lower layer both share.

The link carries the invitation's token in its fragment (`/survey/#t=…`), which browsers never
send to the server, so no access log holds it; the token is recomputed from the invitation (an
HMAC, sealing.token_of), never stored, and never written to a log."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from agilepa.core.mail import send_once
from agilepa.core.worker import retryable
from agilepa.surveys.models import Invitation
from agilepa.surveys.sealing import reminder_key, token_for


def answer_link(token: str) -> str:
    """The link of an e-mail: the token in the fragment, never in the path or the query."""
    return f"{settings.SITE_URL.rstrip('/')}{reverse('surveys:answer')}#t={token}"


def send_invitation_mail(invitation: Invitation, reminder: bool) -> int:
    """E-mail the invitation or its reminder once: a retried task finds the key."""
    person = invitation.person
    address = person.email or (person.user.email if person.user is not None else "")
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


def invitations_for_mail() -> QuerySet[Invitation]:
    return Invitation.objects.select_related(
        "person__user", "wave__campaign__survey", "wave__campaign__body"
    )


@retryable()
@task()
def send_invitation(invitation_id: int) -> int:
    return send_invitation_mail(invitations_for_mail().get(pk=invitation_id), reminder=False)
