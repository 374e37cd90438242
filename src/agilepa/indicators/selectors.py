"""Reads of the indicators, scoped to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.core.policies import manages_unit
from agilepa.indicators import catalogue, display, engine, phases, protection
from agilepa.indicators.engine import Period, Scope, Value
from agilepa.indicators.models import Target
from agilepa.indicators.summary import as_of

__all__ = ["as_of"]


@dataclass(frozen=True)
class PlanRow:
    """One line of the indicator table of the PIAO: the figure with its plan."""

    value: Value
    target: Target | None
    phase: phases.Phase | None

    @property
    def indicator(self) -> catalogue.Indicator:
        return self.value.indicator

    def target_for(self, year: int):
        """The target that applies to `year` (year 1, 2 or 3 of the plan), or None."""
        if self.target is None:
            return None
        step = year - self.target.plan_year + 1
        return {1: self.target.target_1, 2: self.target.target_2, 3: self.target.target_3}.get(step)


def targets_of(body_id: int, year: int) -> dict[str, Target]:
    """The targets of the plan that covers `year` (the latest plan started by then, within
    three years), one per indicator."""
    found: dict[str, Target] = {}
    for target in Target.objects.filter(
        body_id=body_id, plan_year__lte=year, plan_year__gt=year - 3
    ).order_by("plan_year"):
        found[target.code] = target
    return found


def plan_rows(body_id: int, year: int, values: dict[str, Value]) -> list[PlanRow]:
    targets = targets_of(body_id, year)
    rows = []
    for ind in catalogue.INDICATORS:
        value = values[ind.code]
        target = targets.get(ind.code)
        phase = None
        if target is not None:
            phase = phases.phase_of(
                value.value,
                (target.target_1, target.target_2, target.target_3),
                ind.higher_is_better,
            )
        rows.append(PlanRow(value, target, phase))
    return rows


@dataclass(frozen=True)
class BodyYear:
    """Everything the PIAO section 3.2 of a body and year is made of."""

    year: int
    period: Period
    rows: list[PlanRow]
    overall: phases.Overall
    by_month: dict[date, dict[str, Value]]
    as_of: object
    stale: bool


def protection_of(body_id: int, year: int) -> protection.Protection:
    """The withheld figures of a body's year: one decision for every page, file and viewer."""
    return protection.body_protection(body_id, year)


def body_year(body_id: int, year: int) -> BodyYear:
    """The body's year for the PIAO report, a document to publish: the figures about too few
    people (or their complements) withheld, in the year and in each month, as on every page."""
    period = Period(year)
    scope = Scope((body_id,))
    guard = protection_of(body_id, year)
    values = display.mask(engine.compute(scope, period), guard.hidden_codes(None, str(period)))
    rows = plan_rows(body_id, year, values)
    refreshed, stale = as_of([body_id], period.months)
    by_month = {
        month: display.mask(month_values, guard.hidden_codes(None, f"{month:%Y-%m}"))
        for month, month_values in engine.by_month(scope, year).items()
    }
    return BodyYear(
        year,
        period,
        rows,
        phases.overall([r.phase for r in rows if r.target is not None]),
        by_month,
        refreshed,
        stale,
    )


def require_report(access: Access) -> None:
    """The PIAO report and the targets are HR's (the platform admin's too)."""
    if not access.is_hr:
        raise PermissionDeniedForRole


def scope_units(access: Access):
    """The units the dashboard offers to scope the figures to: every unit of the body, only
    their own subtrees for a manager who is neither HR nor an observer."""
    from agilepa.org.models import OrgUnit
    from agilepa.org.selectors import subtree_q

    units = OrgUnit.objects.filter(body=access.body)
    if access.is_manager and not (access.is_hr or access.has_any(Role.OBSERVER)):
        units = units.filter(subtree_q(access.managed_paths))
    return units.order_by("path")


def scope_unit(access: Access, unit_id: int | None):
    """The unit whose subtree the figures are asked for, if the user may see it: HR and
    observers any unit (None: the whole body); a manager only their own subtrees, the first one
    by default. A unit of another body is unknown (404)."""
    from django.http import Http404

    from agilepa.org.models import OrgUnit

    sees_all = access.is_hr or access.has_any(Role.OBSERVER)
    units = OrgUnit.objects.filter(body=access.body)
    if unit_id is None:
        if sees_all or not access.managed_paths:
            return None
        return units.get(path=access.managed_paths[0])
    unit = units.filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    if not sees_all and not manages_unit(access, unit):
        raise PermissionDeniedForRole
    return unit


def network_bodies(network):
    """The network's coordinating body and its members that signed the protocol."""
    from agilepa.measurement.selectors import network_bodies as members

    return members(network).distinct()


@dataclass(frozen=True)
class BenchmarkLine:
    indicator: catalogue.Indicator
    spread: engine.Spread
    own: Value | None  # the viewer's figure, None when it is not shown (or no viewer)
    members: list[tuple[str, float | None]]  # (name or pseudonym, figure), shown ones only


@dataclass(frozen=True)
class BenchmarkTable:
    lines: list[BenchmarkLine]
    opted: set[int]
    sees_names: bool


def benchmark_table(network, period: Period, viewer=None, coordinator: bool = False):
    """Each indicator across the network's members: median and quartiles of the figures that
    may be shown (none about fewer than five people, nor the complement that would give one
    away by subtracting periods), only when enough bodies have one (the network's
    `benchmark_min_bodies`, at least five); and the members' figures named for the
    coordinator, for the viewer itself, and between members that opted in; "Member n" else,
    and not even that when the bodies are too few to compare."""
    from django.utils.translation import gettext as _

    from agilepa.indicators.models import BenchmarkOptIn

    bodies = list(network_bodies(network).order_by("name"))
    ids = [b.pk for b in bodies]
    guard = protection.bodies_protection(ids, period.year)
    result = engine.benchmark(
        ids,
        period,
        {b: guard[b].hidden_codes(None, str(period)) for b in ids},
        network.benchmark_min_bodies,
    )
    opted = set(BenchmarkOptIn.objects.filter(network=network).values_list("body_id", flat=True))
    sees = coordinator or (viewer is not None and viewer.pk in opted)
    named = {b.pk for b in bodies if coordinator or b == viewer or (sees and b.pk in opted)}
    names = {
        b.pk: b.name if b.pk in named else _("Member %(n)d") % {"n": n}
        for n, b in enumerate(bodies, start=1)
    }
    lines = []
    for ind in catalogue.INDICATORS:
        shown = result.shown[ind.code]
        if result.spreads[ind.code].hidden:
            # Too few bodies to compare: a member's figure under a number would be as plain as
            # its name (with two, the one that is not the viewer's own).
            shown = shown & named
        own = None
        if viewer is not None and viewer.pk in shown:
            own = result.values[viewer.pk][ind.code]
        lines.append(
            BenchmarkLine(
                ind,
                result.spreads[ind.code],
                own,
                [
                    (names[b.pk], result.values[b.pk][ind.code].value)
                    for b in bodies
                    if b.pk in shown
                ],
            )
        )
    return BenchmarkTable(lines, opted, sees)
