"""Measures of work by objectives for the POLA/PIAO indicators: the share of objectives
achieved, by unit, for smart workers and for the others.

The service the indicators read. It counts people's objectives (level "person") of a period,
not cancelled, by the unit the objective belongs to and by whether its owner is a smart worker:
a person with an agreement in status "active" covering the reference day (by default the
period's last day, or today while the period runs). An objective is achieved when its progress
reaches the body's `achieved_at` share. Unit and body objectives are counted apart (`units`),
since no single person's arrangement applies to them.

No name leaves this module. A cell about fewer than `min_people` people is suppressed (its
share is None) so that a small unit does not reveal one person's results; its counts stay in
the cell for callers that aggregate further (the indicators), and the pages and the API show
neither for it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from agilepa.agreements.models import Agreement, AgreementStatus
from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.objectives import progress as rules
from agilepa.objectives.models import Level, Objective, State
from agilepa.objectives.services import policy_for
from agilepa.org.models import Body

MIN_PEOPLE = 5


@dataclass(frozen=True)
class Cell:
    objectives: int
    achieved: int
    people: int
    suppressed: bool

    @property
    def share(self) -> float | None:
        if self.suppressed or not self.objectives:
            return None
        return self.achieved / self.objectives


@dataclass(frozen=True)
class UnitMeasure:
    unit_id: int | None
    unit: str
    smart_workers: Cell
    others: Cell
    units: Cell  # the unit's own objectives (level "unit")


@dataclass(frozen=True)
class Achievement:
    year: int
    period: str | None
    reference_day: date
    by_unit: list[UnitMeasure]
    smart_workers: Cell
    others: Cell
    units: Cell


def smart_worker_ids(body: Body, day: date) -> set[int]:
    """People of the body with an active agreement covering `day`."""
    return set(
        Agreement.objects.filter(body=body, status=AgreementStatus.ACTIVE, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values_list("person_id", flat=True)
    )


def _cell(objectives: int, achieved: int, people: set[int], min_people: int) -> Cell:
    return Cell(objectives, achieved, len(people), 0 < len(people) < min_people)


def achievement(
    body: Body,
    year: int,
    period: str | None = None,
    *,
    reference_day: date | None = None,
    today: date | None = None,
    min_people: int = MIN_PEOPLE,
) -> Achievement:
    """The share of objectives achieved in a period, by unit, for smart workers and others."""
    today = today or date.today()
    if reference_day is None:
        end = rules.period_bounds(year, period or "Y")[1]
        reference_day = min(end, today)
    rules_of_body = policy_for(body).status_rules
    smart = smart_worker_ids(body, reference_day)
    objectives = Objective.objects.filter(body=body, year=year).exclude(state=State.CANCELLED)
    if period:
        objectives = objectives.filter(period=period)
    tallies: dict[tuple[int | None, str], dict[str, list]] = defaultdict(
        lambda: {k: [0, 0, set()] for k in ("smart", "other", "unit")}
    )
    for unit_id, unit_name, level, owner_id, progress in objectives.values_list(
        "unit_id", "unit__name", "level", "owner_id", "progress"
    ):
        if level == Level.BODY:
            continue
        key = "unit" if level == Level.UNIT else ("smart" if owner_id in smart else "other")
        tally = tallies[(unit_id, unit_name or "")][key]
        tally[0] += 1
        tally[1] += rules.achieved(progress, rules_of_body)
        tally[2].add(owner_id)
    by_unit = []
    totals = {k: [0, 0, set()] for k in ("smart", "other", "unit")}
    for (unit_id, name), t in sorted(tallies.items(), key=lambda kv: kv[0][1]):
        for k in totals:
            totals[k][0] += t[k][0]
            totals[k][1] += t[k][1]
            totals[k][2] |= t[k][2]
        by_unit.append(
            UnitMeasure(
                unit_id,
                name,
                _cell(*t["smart"], min_people),
                _cell(*t["other"], min_people),
                Cell(t["unit"][0], t["unit"][1], len(t["unit"][2]), False),
            )
        )
    return Achievement(
        year,
        period,
        reference_day,
        by_unit,
        _cell(*totals["smart"], min_people),
        _cell(*totals["other"], min_people),
        Cell(totals["unit"][0], totals["unit"][1], len(totals["unit"][2]), False),
    )


def achievement_for(access: Access, year: int, period: str | None, today: date) -> Achievement:
    """The measures as the body's HR, managers and observers (CUG/RSU) see them."""
    if not (access.is_hr or access.is_manager or access.has_any(Role.OBSERVER)):
        raise PermissionDeniedForRole
    return achievement(access.body, year, period, today=today)
