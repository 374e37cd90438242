"""A check-in reminder goes by e-mail to the owner when it is due, once per interval."""

from __future__ import annotations

from datetime import date

from django.core import mail
from django.core.management import call_command

from agilepa.objectives.models import Objective, ObjectivesPolicy
from agilepa.objectives.notifications import run_daily
from agilepa.objectives.services import record_checkin
from tests.objectives.helpers import access_of, make_objective


def test_the_owner_is_reminded_when_a_check_in_is_due_and_only_once(
    world, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    hr = access_of(world)
    world.a.employee_person.email = "anna@a.it"
    world.a.employee_person.save()
    objective = make_objective(hr, "P1", world.a.employee_person, level="person")
    ObjectivesPolicy.objects.create(body=world.a.body, checkin_every_days=14)

    assert run_daily(date(2027, 1, 10)).reminded == 0  # 9 days into the year
    with django_capture_on_commit_callbacks(execute=True):
        assert run_daily(date(2027, 1, 15)).reminded == 1
    assert mail.outbox[-1].to == ["anna@a.it"]
    assert "P1" in mail.outbox[-1].subject
    assert f"/objectives/{objective.pk}/check-in/" in mail.outbox[-1].body
    assert run_daily(date(2027, 1, 16)).reminded == 0  # already reminded

    record_checkin(
        hr,
        objective,
        values={},
        milestones_done=set(),
        comment="ok",
        confidence="high",
        today=date(2027, 1, 20),
    )
    assert run_daily(date(2027, 1, 30)).reminded == 0  # the check-in is 10 days old
    with django_capture_on_commit_callbacks(execute=True):
        call_command("objectives_daily", "--date", "2027-02-04")
    assert Objective.objects.get().reminded_on == date(2027, 2, 4)
    assert len(mail.outbox) == 2
