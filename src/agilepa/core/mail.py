"""E-mail sent once per idempotency key.

Background tasks are retried (a worker died, the SMTP relay was down) and daily jobs may be run
again by hand; a reminder must still reach its reader at least once and never twice. The key
names the message (what, about which record, for which occasion); the row is written after the
relay accepted the message, so a failure before it leaves the key free for the retry. The only
window left is a process killed between the relay's answer and the row's commit: then the retry
sends again, which is the right side to err on for a reminder."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from agilepa.core.models import SentMessage


def already_sent(key: str) -> bool:
    return SentMessage.objects.filter(key=key).exists()


def send_once(key: str, subject: str, body: str, to: Sequence[str]) -> int:
    """Send the message unless one with this key was sent; returns the addresses it went to."""
    if not to or already_sent(key):
        return 0
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, list(to))
    try:
        with transaction.atomic():
            SentMessage.objects.create(key=key[:200], sent_at=timezone.now())
    except IntegrityError:
        # Another run sent it at the same moment; nothing more to record.
        pass
    return len(to)
