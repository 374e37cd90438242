"""One suppression rule for every figure derived from people (docs/indicators.md, "Small
groups"): survey and measured indicators, commute savings, objectives achieved, the benchmark
and the open data. Pure functions over plain data: no ORM, no request, no role.

The threat. Whoever may read a figure may also read its neighbours: the same scope in other
periods (the months of a quarter or a year), the unit's children and its parent's subtree, the
smart workers and the others. A figure withheld alone is found again by subtraction: a quarter
minus its shown months, a unit minus its shown children (which leaves the people attached
directly to it, often one head of unit), everyone minus the smart workers.

The model. A *cell* is a group of people (a scope in a period, a population) with a count of
the people its figures are about. A *hierarchy* says that a parent cell is covered by its
children: every person of the parent is in at least one child, and an additive figure of the
parent (days, km, objectives, answers) is the sum of the children's. Where part of a parent is
never offered on its own (the people attached directly to a unit), that part is an explicit
child that is *unreleased*. Children may overlap (someone who moved unit in the year counts in
both): nothing below assumes they do not.

The rule, with k the threshold (5 for the indicators, a survey's own `min_group`):

1. a cell about 1 to k-1 people is withheld (value, numerator, denominator and count);
2. for each hierarchy, the withheld (or unreleased) children H and the released ones S: the
   parent minus the released children gives the additive figures of the people of H, a group
   of at least ``max(max |h|, |parent| - sum |s|)`` people (everyone of the parent outside
   every released child is in H; each h is in H) and at most ``sum |h|``. If that group may
   hold 1 to k-1 people (upper bound > 0 and lower bound < k), the smallest released child
   about someone is withheld too, and when none is left, the parent;
3. rule 2 is applied until nothing changes, to every hierarchy, also when its parent is
   withheld (a withheld parent may be found from its own parent); and a withheld parent about
   someone must not be the sum of its released children, else it could be rebuilt: its
   withheld children must hold at least k people too.

Why it holds. At the fixed point, for every hierarchy whose parent is released, the group that
"parent - sum of released children" describes holds 0 or at least k people by the lower bound;
subtracting fewer children describes a larger group. Going down a level (the released
grandchildren of a withheld child) does not help: the withheld child's own withheld children
hold at least k people by rule 3, and they stay in the remainder. Every released cell holds 0
or at least k people by rule 1. The hidden set only grows and is finite, so the loop ends; the
choice of the complementary cell depends on the counts only (ties broken by the key), so every
viewer and every request that sees the same data gets the same cells withheld: nobody learns
anything by asking twice. The rule is the surveys' complementary suppression
(surveys/anonymity.py) generalised to overlapping children, unreleased remainders and several
hierarchies at once.

What it does not claim: combinations across two dimensions at once (a quarter of a unit minus
its months minus its children's quarters plus their months) are linear combinations that a
cell-by-cell rule cannot fully audit; the tests attack every one-dimension difference, and the
property test in tests/core/test_disclosure_property.py checks them on random organisations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

Key = Hashable

MINIMUM_THRESHOLD = 3  # the floor of any threshold (surveys.anonymity.MINIMUM_THRESHOLD)


@dataclass(frozen=True)
class Figure:
    """A figure as it leaves the platform: all None when withheld."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    people: int | None = None
    withheld: bool = False

    def released(self, withheld: bool) -> Figure:
        """The figure, or nothing of it (neither its parts nor how many people it is about)."""
        if not withheld:
            return self
        return Figure(None, None, None, None, True)


@dataclass(frozen=True)
class Hierarchy:
    """A parent cell covered by its children (see the module's doc)."""

    parent: Key
    children: tuple[Key, ...]


def threshold(k: int | None, default: int = 5) -> int:
    """A configured threshold, never below the floor."""
    return max(MINIMUM_THRESHOLD, k or default)


def small(people: int, k: int) -> bool:
    """About some people, but fewer than k."""
    return 0 < people < k


def difference_bounds(
    people: Mapping[Key, int], hierarchy: Hierarchy, hidden: Iterable[Key] | set[Key]
) -> tuple[int, int]:
    """How many people "parent minus its released children" is about, at least and at most."""
    hidden = hidden if isinstance(hidden, set | frozenset) else set(hidden)
    inside = [people.get(c, 0) for c in hierarchy.children if c in hidden]
    released = [people.get(c, 0) for c in hierarchy.children if c not in hidden]
    if not inside:
        return 0, 0
    upper = sum(inside)
    lower = max(max(inside), people.get(hierarchy.parent, 0) - sum(released))
    return min(lower, upper), upper


def exposed(
    people: Mapping[Key, int], hierarchy: Hierarchy, hidden: set[Key] | frozenset[Key], k: int
) -> bool:
    """Whether the difference of the hierarchy may describe 1 to k-1 people; or, for a
    withheld parent about someone, whether it can be rebuilt from its released children (the
    withheld ones about nobody), which would undo its withholding."""
    lower, upper = difference_bounds(people, hierarchy, hidden)
    if hierarchy.parent in hidden and people.get(hierarchy.parent, 0) > 0:
        return lower < k
    return upper > 0 and lower < k


def protect(
    people: Mapping[Key, int],
    hierarchies: Iterable[Hierarchy],
    k: int,
    unreleased: Iterable[Key] = (),
) -> frozenset[Key]:
    """The cells to withhold (the unreleased ones included): see the rule in the module's doc.

    `people` gives each cell's count (a missing cell is about nobody); `unreleased` are cells
    never offered on their own, such as the people attached directly to a unit."""
    k = threshold(k)
    hierarchies = list(hierarchies)
    hidden: set[Key] = {key for key, n in people.items() if small(n, k)} | set(unreleased)
    # Which hierarchies a cell is in, to look again only at those a new withheld cell touches.
    touching: dict[Key, list[int]] = defaultdict(list)
    for i, h in enumerate(hierarchies):
        touching[h.parent].append(i)
        for child in h.children:
            touching[child].append(i)
    pending = list(range(len(hierarchies)))
    queued = set(pending)
    while pending:
        i = pending.pop()
        queued.discard(i)
        h = hierarchies[i]
        added = None
        if exposed(people, h, hidden, k):
            candidates = sorted(
                (people.get(c, 0), str(c), c)
                for c in h.children
                if c not in hidden and people.get(c, 0) > 0
            )
            if candidates:
                added = candidates[0][2]
            elif h.parent not in hidden:
                added = h.parent
        if added is None:
            continue
        hidden.add(added)
        for j in touching[added] + [i]:
            if j not in queued:
                queued.add(j)
                pending.append(j)
    return frozenset(hidden)
