"""The indicators an application carries, frozen at submission for the jurors to read.

The indicators engine (issue 9) will replace the body of `indicator_snapshot`; its shape,
`{code: {"name", "value", "unit"}}`, is what the applications store and the pages show, and
tests hold it. Names are English source strings marked for translation (shown translated).
A figure about fewer than MIN_PEOPLE people is None, as on the measurement pages."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from agilepa.agreements.models import Agreement, AgreementStatus
from agilepa.measurement.selectors import body_factors, rollup
from agilepa.objectives.measures import achievement
from agilepa.org.models import Body, Person
from agilepa.planning.models import ActualDay, PlanDay, PlanDayKind, PlanStatus

MIN_PEOPLE = 5

Snapshot = dict[str, dict[str, object]]


def _item(name: str, value: float | None, unit: str) -> dict[str, object]:
    return {"name": name, "value": value, "unit": unit}


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def agile_staff(body: Body, day: date) -> tuple[int, int]:
    """(people with an active agreement covering `day`, active people of the body)."""
    staff = Person.objects.filter(body=body, is_active=True)
    agile = (
        Agreement.objects.filter(
            body=body, status=AgreementStatus.ACTIVE, start_date__lte=day, person__in=staff
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values("person_id")
        .distinct()
        .count()
    )
    return agile, staff.count()


def remote_days(body: Body, year: int) -> tuple[int, int]:
    """(remote days, working days) of the year: each person's day as recorded in the actuals,
    else as planned in a published plan; absences are not working days."""
    span = (date(year, 1, 1), date(year, 12, 31))
    kinds = {
        (pid, d): kind
        for pid, d, kind in PlanDay.objects.filter(
            plan__body=body, plan__status=PlanStatus.PUBLISHED, date__range=span
        ).values_list("person_id", "date", "kind")
    }
    kinds.update(
        ((pid, d), kind)
        for pid, d, kind in ActualDay.objects.filter(body=body, date__range=span).values_list(
            "person_id", "date", "kind"
        )
    )
    remote = sum(1 for k in kinds.values() if k == PlanDayKind.REMOTE)
    working = sum(1 for k in kinds.values() if k != PlanDayKind.ABSENT)
    return remote, working


def indicator_snapshot(body: Body, year: int, today: date | None = None) -> Snapshot:
    today = today or timezone.localdate()
    day = min(date(year, 12, 31), today)
    agile, staff = agile_staff(body, day)
    remote, working = remote_days(body, year)
    measures = achievement(body, year, today=today)
    people = measures.smart_workers.people + measures.others.people
    objectives = measures.smart_workers.objectives + measures.others.objectives
    achieved = measures.smart_workers.achieved + measures.others.achieved
    savings = rollup(
        Person.objects.filter(body=body), date(year, 1, 1), day, body_factors(body)
    ).total()
    saved = savings.rounded()
    shown = len(savings.people) >= MIN_PEOPLE
    return {
        "agile_staff_share": _item(
            gettext_noop("Staff with an active agreement"), _share(agile, staff), "%"
        ),
        "remote_days_share": _item(
            gettext_noop("Remote days over working days"), _share(remote, working), "%"
        ),
        "objectives_achieved_share": _item(
            gettext_noop("Personal objectives achieved"),
            _share(achieved, objectives) if people >= MIN_PEOPLE else None,
            "%",
        ),
        "commute_km_saved": _item(
            gettext_noop("Commute distance saved"), float(saved["km"]) if shown else None, "km"
        ),
        "commute_co2_saved": _item(
            gettext_noop("CO2 saved on commuting"), float(saved["kg_co2"]) if shown else None, "kg"
        ),
    }
