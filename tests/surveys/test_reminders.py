"""Those who have not answered are reminded once, three days before the wave closes, with
the same link."""

from __future__ import annotations

from datetime import date

from django.core import mail

from agilepa.surveys import services
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
        reminded = run_daily(date(2027, 2, 17)).reminded
    assert reminded == len(sent.tokens) - 1
    assert all(m.subject.startswith("Reminder") for m in mail.outbox)
    links = "".join(m.body for m in mail.outbox)
    assert answered not in links
    assert any(t in links for t in others)  # the same link as the invitation
    assert run_daily(date(2027, 2, 18)).reminded == 0
