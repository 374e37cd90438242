"""The ranking of a call's applications: a plain function over plain data.

Total = sum over criteria of weight x (mean juror score for the criterion / highest score),
so weights summing to 100 give a total from 0 to 100. The mean is over the jurors who scored
that application on that criterion (an excluded juror never counts, so their absence does not
lower the total); a criterion nobody scored counts 0 (only possible when the organiser closed
the jury with missing scores, which the results list).

Ties (equal totals, compared exactly as fractions) are broken by the mean score on the
criteria from the heaviest to the lightest (equal weights in the call's order): the first
criterion where the two differ decides. Applications equal on every criterion stay ex aequo
and share the position. Each adjacent pair of a tied group is explained (`Tie`)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    name: str
    weight: int
    position: int


@dataclass(frozen=True)
class Entry:
    application_id: int
    name: str
    scores: dict[int, list[int]]  # criterion id -> the eligible jurors' scores


@dataclass(frozen=True)
class Ranked:
    position: int
    application_id: int
    name: str
    total: Fraction
    means: dict[int, Fraction | None]


@dataclass(frozen=True)
class Tie:
    first: str
    second: str
    total: Fraction
    criterion: str | None  # None: equal on every criterion, ex aequo
    first_mean: Fraction | None = None
    second_mean: Fraction | None = None


def mean(values: list[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def total(criteria: list[CriterionSpec], means: dict[int, Fraction | None], scale: int):
    return sum((Fraction(c.weight) * (means.get(c.id) or 0) / scale for c in criteria), Fraction(0))


def tie_order(criteria: list[CriterionSpec]) -> list[CriterionSpec]:
    """The criteria in the order that breaks ties: heaviest first, then the call's order."""
    return sorted(criteria, key=lambda c: (-c.weight, c.position))


def rank(
    criteria: list[CriterionSpec], entries: list[Entry], scale: int
) -> tuple[list[Ranked], list[Tie]]:
    order = tie_order(criteria)
    rows = []
    for e in entries:
        means = {c.id: mean(e.scores.get(c.id, [])) for c in criteria}
        rows.append((e, means, total(criteria, means, scale)))

    def key(row) -> tuple:
        _e, means, t = row
        return (-t, *(-(means[c.id] or 0) for c in order))

    rows.sort(key=lambda r: (key(r), r[0].name))
    ranked: list[Ranked] = []
    ties: list[Tie] = []
    for i, row in enumerate(rows):
        e, means, t = row
        position = ranked[-1].position if i and key(rows[i - 1]) == key(row) else i + 1
        ranked.append(Ranked(position, e.application_id, e.name, t, means))
        if i and rows[i - 1][2] == t:
            ties.append(_explain(rows[i - 1], row, order))
    return ranked, ties


def _explain(before, after, order: list[CriterionSpec]) -> Tie:
    for c in order:
        a, b = before[1][c.id] or 0, after[1][c.id] or 0
        if a != b:
            return Tie(before[0].name, after[0].name, after[2], c.name, a, b)
    return Tie(before[0].name, after[0].name, after[2], None)
