"""No result reveals a group under the threshold, directly or as the difference of two shown
groups (the suppression rule of anonymity.py, on any data: hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agilepa.surveys.anonymity import suppressed_cells, threshold
from agilepa.surveys.instruments import LIBRARY
from agilepa.surveys.results import Row, WaveInfo, compute

UNITS = ["Area A", "Area B", "Area C", ""]


def test_the_threshold_is_five_by_default_and_never_below_three() -> None:
    assert threshold(None) == 5
    assert threshold(2) == 3
    assert threshold(8) == 8


@given(
    cells=st.dictionaries(st.text(max_size=3), st.integers(0, 12), max_size=6),
    k=st.integers(0, 9),
)
def test_suppressed_cells_never_sum_to_a_small_group(cells: dict[str, int], k: int) -> None:
    total = sum(cells.values())
    hidden = suppressed_cells(total, cells, k)
    k = threshold(k)
    if total < k:
        assert hidden == set(cells)
        return
    assert all(n >= k for key, n in cells.items() if key not in hidden)
    derived = total - sum(n for key, n in cells.items() if key not in hidden)
    assert derived == 0 or derived >= k


answer = st.fixed_dictionaries(
    {f"who5_{i}": st.integers(0, 5) for i in range(1, 6)},
    optional={
        "wlb_1": st.integers(1, 5),
        "wlb_2": st.integers(1, 5),
        "wlb_3": st.integers(1, 5),
        "wlb_4": st.integers(1, 5),
        "commute_km": st.integers(0, 40),
    },
)
row = st.builds(
    Row,
    wave_id=st.sampled_from([1, 2]),
    unit_group=st.sampled_from(UNITS),
    smart_worker=st.booleans(),
    answers=answer,
)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(row, max_size=40), k=st.integers(3, 7))
def test_no_result_shows_a_group_under_the_threshold_nor_lets_one_be_derived(
    rows: list[Row], k: int
) -> None:
    instruments = [LIBRARY["who5"], LIBRARY["wlb"], LIBRARY["commute"]]
    waves = [WaveInfo(1, "Before", "baseline", 50), WaveInfo(2, "After", "follow_up", 50)]
    results = compute(instruments, waves, rows, min_group=k, unit_groups=UNITS)
    for where, n in results.shown_groups():
        assert n >= k, where
    for wave in results.waves:
        wave_rows = [r for r in rows if r.wave_id == wave.wave.id]
        if wave.suppressed:
            assert wave.responded is None and not wave.items and not wave.by_unit
            continue
        for breakdown in (wave.by_smart_worker, wave.by_unit):
            shown = sum(g.n for g in breakdown if g.n is not None)
            assert wave.responded - shown == 0 or wave.responded - shown >= k
            for instrument in instruments:
                total = next(s for s in wave.scores if s.code == instrument.code)
                if total.estimate is None:
                    assert all(
                        s.estimate is None
                        for g in breakdown
                        for s in g.scores
                        if s.code == instrument.code
                    )
                    continue
                shown_scored = sum(
                    s.estimate.n
                    for g in breakdown
                    for s in g.scores
                    if s.code == instrument.code and s.estimate is not None
                )
                left = total.estimate.n - shown_scored
                assert left == 0 or left >= k, (instrument.code, wave_rows)
    for change in results.changes:
        for estimate in (change.smart_workers, change.others, change.did):
            if estimate is not None:
                assert estimate.n >= 2 * k
