"""The arithmetic of OKR progress and status: plain functions over plain values, with no
database, so that the rules in docs/objectives.md can be tested (and read) on their own.

Progress is a number from 0 to 1. A key result's progress is how far its current value has
moved from the baseline towards the target; an objective's progress is the weighted mean of its
key results and of the objectives that contribute to it (each child counts like a key result
of the weight it was given). An objective with nothing to measure has no progress (None), and
is left out of its parent's mean rather than counted as zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ZERO = Decimal(0)
ONE = Decimal(1)


class Kind:
    NUMERIC = "numeric"
    PERCENTAGE = "percentage"
    BOOLEAN = "boolean"
    MILESTONES = "milestones"


class Direction:
    INCREASE = "increase"
    DECREASE = "decrease"


class Status:
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


def _clamp(value: Decimal) -> Decimal:
    return max(ZERO, min(ONE, value))


def metric_progress(
    baseline: Decimal, target: Decimal, current: Decimal | None, direction: str
) -> Decimal:
    """(current - baseline) / (target - baseline), clamped to [0, 1].

    The same formula serves decreasing metrics (target below baseline: both differences are
    negative). A target equal to the baseline is a level to hold: reached (1) when the current
    value is on the right side of it for the direction, else 0. No value yet counts as the
    baseline."""
    if current is None:
        current = baseline
    if target == baseline:
        if direction == Direction.DECREASE:
            return ONE if current <= target else ZERO
        return ONE if current >= target else ZERO
    return _clamp((current - baseline) / (target - baseline))


@dataclass(frozen=True)
class KeyResultFacts:
    kind: str
    weight: int
    baseline: Decimal = ZERO
    target: Decimal = ONE
    current: Decimal | None = None
    direction: str = Direction.INCREASE
    milestones_done: int = 0
    milestones_total: int = 0


def key_result_progress(kr: KeyResultFacts) -> Decimal:
    if kr.kind == Kind.BOOLEAN:
        return ONE if kr.current is not None and kr.current >= ONE else ZERO
    if kr.kind == Kind.MILESTONES:
        if kr.milestones_total == 0:
            return ZERO
        return Decimal(kr.milestones_done) / Decimal(kr.milestones_total)
    return metric_progress(kr.baseline, kr.target, kr.current, kr.direction)


def weighted_mean(parts: list[tuple[Decimal | None, int]]) -> Decimal | None:
    """Σ wᵢ·pᵢ / Σ wᵢ over the parts that have a progress; None when none has."""
    measured = [(p, w) for p, w in parts if p is not None and w > 0]
    total = sum(w for _p, w in measured)
    if not total:
        return None
    return sum((p * w for p, w in measured), ZERO) / Decimal(total)


def objective_progress(
    key_results: list[KeyResultFacts], children: list[tuple[Decimal | None, int]]
) -> Decimal | None:
    """The weighted mean of the key results' progress and of the children's (progress, weight)."""
    parts: list[tuple[Decimal | None, int]] = [
        (key_result_progress(kr), kr.weight) for kr in key_results
    ]
    return weighted_mean(parts + list(children))


def rolled_up(
    own: dict[int, list[KeyResultFacts]],
    children: dict[int | None, list[tuple[int, int]]],
) -> dict[int, Decimal | None]:
    """Progress of every objective of a forest: `own` maps an objective to its key results,
    `children` a parent (None for the roots) to its (child, weight) pairs. Children first, so
    each objective is computed once, whatever the depth."""
    result: dict[int, Decimal | None] = {}

    def visit(pk: int, trail: frozenset[int]) -> Decimal | None:
        if pk in result:
            return result[pk]
        if pk in trail:  # a cycle cannot be saved (services refuse it); never loop on one
            return None
        kids = [(visit(c, trail | {pk}), w) for c, w in children.get(pk, [])]
        result[pk] = objective_progress(own.get(pk, []), kids)
        return result[pk]

    for pk in own:
        visit(pk, frozenset())
    return result


@dataclass(frozen=True)
class StatusRules:
    """The body's rules (ObjectivesPolicy): gaps in percentage points behind the expected
    progress, the share that counts as achieved, and whether low confidence is a risk."""

    at_risk_gap: int = 10
    off_track_gap: int = 25
    achieved_at: int = 100
    low_confidence_is_risk: bool = True


def expected_progress(start: date, end: date, today: date) -> Decimal:
    """The share of the period elapsed on `today`: the straight line from 0 at the start to 1
    on the last day."""
    if today <= start:
        return ZERO
    if today >= end:
        return ONE
    return Decimal((today - start).days) / Decimal((end - start).days)


def status(
    progress: Decimal | None,
    expected: Decimal,
    confidence: str | None,
    rules: StatusRules,
) -> str | None:
    """On track, at risk or off track: how far progress lags behind the expected line.

    gap = (expected - progress) x 100; gap ≤ at_risk_gap: on track; ≤ off_track_gap: at risk;
    beyond: off track. An achieved objective is on track; a last check-in with low confidence
    makes an on-track objective at risk when the body says so. No progress: no status."""
    if progress is None:
        return None
    if progress * 100 >= rules.achieved_at:
        return Status.ON_TRACK
    gap = (expected - progress) * 100
    if gap <= rules.at_risk_gap:
        found = Status.ON_TRACK
    elif gap <= rules.off_track_gap:
        found = Status.AT_RISK
    else:
        found = Status.OFF_TRACK
    if found == Status.ON_TRACK and confidence == "low" and rules.low_confidence_is_risk:
        return Status.AT_RISK
    return found


def achieved(progress: Decimal | None, rules: StatusRules) -> bool:
    return progress is not None and progress * 100 >= rules.achieved_at


# --- periods ----------------------------------------------------------------------------------

PERIODS = ("Y", "S1", "S2", "Q1", "Q2", "Q3", "Q4")


def period_bounds(year: int, period: str) -> tuple[date, date]:
    """First and last day of a period: the year, a semester (S1, S2) or a quarter (Q1-Q4)."""
    if period == "Y":
        return date(year, 1, 1), date(year, 12, 31)
    if period in ("S1", "S2"):
        first_month = 1 if period == "S1" else 7
        months = 6
    elif period in ("Q1", "Q2", "Q3", "Q4"):
        first_month = 3 * (int(period[1]) - 1) + 1
        months = 3
    else:
        raise ValueError(period)
    last_month = first_month + months - 1
    last_day = (
        date(year + 1, 1, 1) if last_month == 12 else date(year, last_month + 1, 1)
    ).toordinal()
    return date(year, first_month, 1), date.fromordinal(last_day - 1)


def period_within(inner: str, outer: str) -> bool:
    """Whether a period lies inside another of the same year (Q3 inside S2 and inside Y)."""
    a_start, a_end = period_bounds(2000, inner)
    b_start, b_end = period_bounds(2000, outer)
    return b_start <= a_start and a_end <= b_end
