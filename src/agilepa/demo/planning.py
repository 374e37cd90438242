"""Demo planning data: every unit's minimum presence, and the published plans of the demo
manager's area for this month and the next, so that "My month" and the calendar feed of the
demo employee have days to show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from agilepa.org.models import Body, OrgUnit
from agilepa.planning.models import AnchorDay, MonthPlan, PlanStatus, PresenceRequirement
from agilepa.planning.services import execute_plan


def seed_planning(
    bodies: list[Body], manager_unit: OrgUnit | None, progress: Callable[[str], None]
) -> int:
    """Presence requirements for every unit with people (half of those at work, every
    weekday; counters need two more on Mondays), then plans for `manager_unit`."""
    rows = []
    for body in bodies:
        units = OrgUnit.objects.filter(body=body, people__isnull=False).distinct()
        for unit in units:
            for weekday in range(5):
                rows.append(
                    PresenceRequirement(body=body, unit=unit, weekday=weekday, min_share_percent=50)
                )
    PresenceRequirement.objects.bulk_create(rows, batch_size=2000)
    if manager_unit is None:
        return 0
    today = timezone.localdate()
    months = [today.replace(day=1), (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)]
    plans = 0
    for first in months:
        anchor = first + dt.timedelta(days=(2 - first.weekday()) % 7 + 14)  # third Wednesday
        AnchorDay.objects.get_or_create(
            body=manager_unit.body,
            unit=manager_unit,
            date=anchor,
            defaults={"reason": "Riunione di area"},
        )
        plan = MonthPlan.objects.create(
            body=manager_unit.body, unit=manager_unit, year=first.year, month=first.month
        )
        execute_plan(plan)
        plan.status = PlanStatus.PUBLISHED
        plan.published_at = timezone.now()
        plan.save(update_fields=["status", "published_at"])
        plans += 1
        progress(
            f"{manager_unit.name}: plan of {first:%m/%Y}, {plan.soft_report.get('granted', 0)} "
            f"remote days in {plan.seconds:.1f} s"
        )
    return plans
