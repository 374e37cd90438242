"""Background jobs of planning, run by the task worker beside the server."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from agilepa.core.worker import retryable
from agilepa.planning.models import MonthPlan, PlanStatus


def plan_abandoned(args: list[Any], will_retry: bool) -> None:
    """The worker running a plan died: the page following the plan says so, never "running" for
    ever. Like the planner's own progress, the text is written in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        if will_retry:
            status = PlanStatus.QUEUED
            progress = _("the planner stopped unexpectedly during the run and was started again")
        else:
            status = PlanStatus.FAILED
            progress = _(
                "the planner stopped unexpectedly several times. Start the run again; if it "
                "happens again, tell your IT office."
            )
    MonthPlan.objects.filter(pk=args[0]).update(status=status, progress=progress)


# A run writes all of a plan's days or none, so running it again is safe; a planner error is
# deterministic and not retried, only the loss of the worker is.
@retryable(max_attempts=3, retry_on_error=False, on_abandoned=plan_abandoned)
@task()
def run_plan(plan_id: int) -> str:
    from agilepa.planning.services import execute_plan

    plan = MonthPlan.objects.select_related("body", "unit").get(pk=plan_id)
    try:
        execute_plan(plan)
    except Exception as exc:
        MonthPlan.objects.filter(pk=plan_id).update(
            status=PlanStatus.FAILED, progress=str(exc)[:200]
        )
        raise
    return PlanStatus.READY
