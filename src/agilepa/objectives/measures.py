"""Measures of work by objectives for the POLA/PIAO indicators: the share of objectives
achieved, by unit, for smart workers and for the others.

The service the indicators read. It counts people's objectives (level "person") of a period,
not cancelled, by the unit the objective belongs to and by whether its owner is a smart worker:
a person with an agreement in status "active" covering the reference day (by default the
period's last day, or today while the period runs). An objective is achieved when its progress
reaches the body's `achieved_at` share. Unit and body objectives are counted apart (`units`),
since no single person's arrangement applies to them.

No name leaves this module. A cell about fewer than `min_people` people is suppressed (its
share is None) so that a small unit does not reveal one person's results, and so are the cells
that would give it away by subtraction (the body minus the other units, the year minus the
other periods, everyone minus the smart workers: core/disclosure.py), for every viewer. Its
counts stay in the cell for callers that aggregate further, and the pages and the API show
neither for it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from agilepa.agreements.models import Agreement, AgreementStatus
from agilepa.core import disclosure
from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.objectives import progress as rules
from agilepa.objectives.models import Level, Objective, Period, State
from agilepa.objectives.services import policy_for
from agilepa.org.models import Body

MIN_PEOPLE = 5
PERIODS = {None, *(c.value for c in Period)}


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


def _cell(objectives: int, achieved: int, people: set[int], suppressed: bool) -> Cell:
    return Cell(objectives, achieved, len(people), suppressed)


Tallies = dict[tuple[int | None, str], dict[str, list]]


def _tally(rows, label: str | None, smart: set[int], rules_of_body) -> Tallies:
    """Objectives, achieved and owners by (unit, name) and kind, for one period label."""
    tallies: Tallies = defaultdict(lambda: {k: [0, 0, set()] for k in ("smart", "other", "unit")})
    for unit_id, unit_name, level, owner_id, progress, period in rows:
        if level == Level.BODY or (label is not None and period != label):
            continue
        key = "unit" if level == Level.UNIT else ("smart" if owner_id in smart else "other")
        tally = tallies[(unit_id, unit_name or "")][key]
        tally[0] += 1
        tally[1] += rules.achieved(progress, rules_of_body)
        tally[2].add(owner_id)
    return tallies


def withheld(views: dict[str | None, Tallies], k: int) -> frozenset:
    """The cells (period, unit or "body", smart/other/all) to withhold over every period a
    viewer may choose, for every viewer (core.disclosure): the body is covered by its units,
    the whole year (no period) by the period labels, everyone ("all": the indicators' share of
    objectives achieved) by the smart workers and the others. "all" is offered elsewhere, so
    it counts as released, and when it has to be withheld both its parts are."""
    people: dict[tuple, int] = {}
    hierarchies = []
    units = sorted({u for tallies in views.values() for u, _n in tallies}, key=str)
    for p, tallies in views.items():
        owners: dict[tuple, set[int]] = defaultdict(set)
        for (unit_id, _name), t in tallies.items():
            for kind in ("smart", "other"):
                for group in (unit_id, "body"):
                    owners[(p, group, kind)] |= t[kind][2]
                    owners[(p, group, "all")] |= t[kind][2]
        people.update({cell: len(found) for cell, found in owners.items()})
        for kind in ("smart", "other", "all"):
            hierarchies.append(
                disclosure.Hierarchy((p, "body", kind), tuple((p, u, kind) for u in units))
            )
        for group in (*units, "body"):
            hierarchies.append(
                disclosure.Hierarchy((p, group, "all"), ((p, group, "smart"), (p, group, "other")))
            )
    labels = [p for p in views if p is not None]
    for group in (*units, "body"):
        for kind in ("smart", "other", "all"):
            hierarchies.append(
                disclosure.Hierarchy((None, group, kind), tuple((p, group, kind) for p in labels))
            )
    forced: set[tuple] = set()
    while True:
        hidden = disclosure.protect(people, hierarchies, k, unreleased=forced)
        parts = {
            (p, group, kind)
            for p, group, all_ in hidden
            if all_ == "all"
            for kind in ("smart", "other")
        } - hidden
        if not parts:
            return hidden
        forced |= parts


def achievement(
    body: Body,
    year: int,
    period: str | None = None,
    *,
    reference_day: date | None = None,
    today: date | None = None,
    min_people: int = MIN_PEOPLE,
) -> Achievement:
    """The share of objectives achieved in a period, by unit, for smart workers and others.
    Which cells are withheld is decided over every period of the year at once, so that asking
    for another period never gives away what this one withholds."""
    today = today or date.today()
    rules_of_body = policy_for(body).status_rules
    rows = list(
        Objective.objects.filter(body=body, year=year)
        .exclude(state=State.CANCELLED)
        .values_list("unit_id", "unit__name", "level", "owner_id", "progress", "period")
    )
    views: dict[str | None, Tallies] = {}
    days: dict[str | None, date] = {}
    for p in dict.fromkeys([None, *(c.value for c in Period), period]):
        day = min(rules.period_bounds(year, p or "Y")[1], today) if p in PERIODS else today
        if p == period and reference_day is not None:
            day = reference_day
        days[p] = day
        views[p] = _tally(rows, p, smart_worker_ids(body, day), rules_of_body)
    hidden = withheld(views, min_people)
    tallies = views[period]
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
                _cell(*t["smart"], (period, unit_id, "smart") in hidden),
                _cell(*t["other"], (period, unit_id, "other") in hidden),
                Cell(t["unit"][0], t["unit"][1], len(t["unit"][2]), False),
            )
        )
    return Achievement(
        year,
        period,
        days[period],
        by_unit,
        _cell(*totals["smart"], (period, "body", "smart") in hidden),
        _cell(*totals["other"], (period, "body", "other") in hidden),
        Cell(totals["unit"][0], totals["unit"][1], len(totals["unit"][2]), False),
    )


def achievement_for(access: Access, year: int, period: str | None, today: date) -> Achievement:
    """The measures as the body's HR, managers and observers (CUG/RSU) see them."""
    if not (access.is_hr or access.is_manager or access.has_any(Role.OBSERVER)):
        raise PermissionDeniedForRole
    return achievement(access.body, year, period, today=today)
