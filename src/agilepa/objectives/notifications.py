"""Check-in reminders by e-mail, sent by the background worker (django-tasks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from agilepa.core.mail import send_once
from agilepa.core.worker import retryable
from agilepa.objectives.models import Objective, ObjectivesPolicy, State
from agilepa.objectives.policies import checkin_due


@retryable()
@task()
def remind_checkin(objective_id: int) -> int:
    """E-mail the owner that a check-in of their objective is due; returns the addresses."""
    objective = Objective.objects.select_related("owner__user", "body").get(pk=objective_id)
    owner = objective.owner
    address = owner.email or (owner.user.email if owner.user_id else "")
    if not address:
        return 0
    path = reverse(
        "objectives:checkin", kwargs={"body": objective.body.slug, "objective_id": objective.pk}
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Objectives: a check-in on %(code)s is due") % {"code": objective.code}
        body = render_to_string(
            "objectives/email_reminder.txt",
            {"objective": objective, "link": settings.SITE_URL.rstrip("/") + path},
        )
    # One reminder per objective and reminding day (run_daily stamps reminded_on before queueing).
    key = f"objective-checkin:{objective.pk}:{objective.reminded_on}"
    return send_once(key, subject, body, [address])


@dataclass(frozen=True)
class DailyReport:
    reminded: int


def run_daily(today: date | None = None) -> DailyReport:
    """Remind the owners of running objectives whose check-in is due, once per interval: an
    objective reminded less than `checkin_every_days` ago is not reminded again."""
    today = today or timezone.localdate()
    policies: dict[int, ObjectivesPolicy] = {}
    reminded = 0
    objectives = Objective.objects.filter(
        state=State.ACTIVE, year__in=(today.year - 1, today.year)
    ).select_related("body")
    for objective in objectives:
        policy = policies.get(objective.body_id)
        if policy is None:
            policy = ObjectivesPolicy.objects.filter(body_id=objective.body_id).first()
            policy = policy or ObjectivesPolicy(body_id=objective.body_id)
            policies[objective.body_id] = policy
        if not checkin_due(objective, policy, today):
            continue
        if (
            objective.reminded_on
            and (today - objective.reminded_on).days < policy.checkin_every_days
        ):
            continue
        with transaction.atomic():
            Objective.objects.filter(pk=objective.pk).update(reminded_on=today)
            pk = objective.pk
            transaction.on_commit(lambda pk=pk: remind_checkin.enqueue(pk))
        reminded += 1
    return DailyReport(reminded)
