"""Background jobs of planning, run by the django-tasks worker beside the server."""

from __future__ import annotations

from django_tasks import task

from agilepa.planning.models import MonthPlan, PlanStatus


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
