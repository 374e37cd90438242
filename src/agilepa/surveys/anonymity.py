"""Suppression of small groups, with complementary suppression against differencing.

The rule (docs/surveys.md): a breakdown is a total and a partition of it into cells (the
respondents of a wave by unit group, or by smart worker yes/no). With k the campaign's
threshold (5 by default, never below 3):

1. if the total has fewer than k respondents, nothing of it is shown, cells included;
2. every cell with fewer than k respondents is suppressed;
3. while the suppressed cells together hold between 1 and k-1 respondents, the smallest shown
   cell is suppressed too: otherwise total minus the shown cells would give the answers of a
   group smaller than k.

A suppressed cell is shown as "fewer than k", with neither its count nor any figure.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

DEFAULT_THRESHOLD = 5
MINIMUM_THRESHOLD = 3


def threshold(value: int | None) -> int:
    """The configured threshold, never below the floor."""
    return max(MINIMUM_THRESHOLD, value or DEFAULT_THRESHOLD)


def suppressed_cells(total: int, cells: Mapping[K, int], k: int, also: Iterable[K] = ()) -> set[K]:
    """The keys of `cells` (a partition of `total`) that may not be shown; `also` are cells
    hidden for another reason, which count towards the complementary rule."""
    k = threshold(k)
    if total < k:
        return set(cells)
    hidden = {key for key, n in cells.items() if n < k} | set(also)
    while 0 < sum(cells[key] for key in hidden) < k:
        shown = sorted((n, str(key), key) for key, n in cells.items() if key not in hidden)
        hidden.add(shown[0][2])
    return hidden
