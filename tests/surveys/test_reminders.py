"""Those who have not answered are reminded once, three days before the wave closes, with
the same link; nothing records on an invitation that it was reminded (see
test_attack_reminder_split.py)."""

from __future__ import annotations

from datetime import date

from django.core import mail

from agilepa.surveys import services
from agilepa.surveys.models import Wave
from agilepa.surveys.notifications import run_daily
from tests.surveys.helpers import DURING, access_of, campaign_with_wave, staff, who5_answers


def test_reminders_go_once_to_those_who_have_not_answered(
    world, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    staff(world, smart=2, others=2)
    _campaign, wave = campaign_with_wave(world)
    sent = services.send_wave(access_of(world), wave)
    answered, *others = list(sent.tokens.values())
    services.submit(answered, who5_answers(3), today=DURING)

    assert run_daily(date(2027, 2, 10)).reminded == 0  # ten days before closing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert run_daily(date(2027, 2, 17)).reminded == 1  # the wave
    with_address = [t for t in others if t in "".join(m.body for m in mail.outbox)]
    assert len(mail.outbox) == len(with_address) > 0
    assert all(m.subject.startswith("Reminder") for m in mail.outbox)
    links = "".join(m.body for m in mail.outbox)
    assert answered not in links
    assert Wave.objects.get(pk=wave.pk).reminded_on == date(2027, 2, 17)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert run_daily(date(2027, 2, 18)).reminded == 0
    assert mail.outbox == []
