"""A reminder reaches its reader at least once and never twice: retried tasks and repeated
daily jobs find its idempotency key."""

from __future__ import annotations

import socket
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from agilepa.agreements.models import AgreementStatus
from agilepa.agreements.notifications import remind_expiry
from agilepa.agreements.services import run_daily
from agilepa.core.models import SentMessage
from tests.factories import make_agreement, make_regulation

TODAY = date(2026, 12, 2)


@pytest.fixture
def ending(world):
    make_regulation(world.a.body)
    return make_agreement(
        world.a.employee_person,
        status=AgreementStatus.ACTIVE,
        end_date=TODAY + timedelta(days=30),
    )


def test_a_daily_job_run_twice_sends_the_reminder_once(ending) -> None:
    run_daily(TODAY)
    sent = len(mail.outbox)
    assert sent == 1
    # The operator runs the morning job again by hand; the key holds even if reminded_on is reset.
    type(ending).objects.filter(pk=ending.pk).update(reminded_on=None)
    run_daily(TODAY)
    assert len(mail.outbox) == sent
    assert SentMessage.objects.filter(key__startswith=f"agreement-expiry:{ending.pk}:").count() == 1


def test_the_same_reminder_task_run_twice_sends_once(ending) -> None:
    remind_expiry.enqueue(ending.pk, 30)
    remind_expiry.enqueue(ending.pk, 30)
    assert len(mail.outbox) == 1
    remind_expiry.enqueue(ending.pk, 7)
    assert len(mail.outbox) == 2


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_a_reminder_whose_relay_was_down_is_sent_on_the_retry_and_only_then(ending) -> None:
    db_tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    relay_down = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": closed_port(),
        "EMAIL_TIMEOUT": 2,
    }
    with override_settings(TASKS=db_tasks):
        result = remind_expiry.enqueue(ending.pk, 30)
        with override_settings(**relay_down):
            call_command("worker", batch=True, startup_delay=False, verbosity=0)
        stored = DBTaskResult.objects.get(pk=result.id)
        assert stored.status == "READY"  # retried later, with backoff
        assert not SentMessage.objects.exists()

        DBTaskResult.objects.filter(pk=result.id).update(run_after=timezone.now())
        call_command("worker", batch=True, startup_delay=False, verbosity=0)
        assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
        assert len(mail.outbox) == 1
        remind_expiry.enqueue(ending.pk, 30)
        call_command("worker", batch=True, startup_delay=False, verbosity=0)
    assert len(mail.outbox) == 1
