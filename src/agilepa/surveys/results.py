"""The results of a campaign, computed from plain rows so that the anonymity rules can be
tested on any data without the database (tests/surveys/test_anonymity.py).

Every figure a page, an export or the API shows comes from a `CampaignResults`: distributions
per item, instrument scores, breakdowns by smart worker yes/no and by unit group, the change
from the baseline to the last follow-up and the difference in differences. A group below the
campaign's threshold carries no figure at all (`suppressed`), and breakdowns apply the
complementary suppression of anonymity.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from agilepa.surveys import stats
from agilepa.surveys.anonymity import suppressed_cells, threshold
from agilepa.surveys.instruments import InstrumentDef, ItemDef, Kind, Score


@dataclass(frozen=True)
class Row:
    """One anonymous response, as results see it."""

    wave_id: int
    unit_group: str
    smart_worker: bool
    answers: Mapping[str, object]


@dataclass(frozen=True)
class Scored:
    """A response with its instrument scores, each computed once: the breakdowns and the
    changes read a response's score several times (wave, cells, before/after)."""

    row: Row
    scores: Mapping[str, Score]  # by instrument code, only where the response has a score


def _score(instruments: Iterable[InstrumentDef], row: Row) -> Scored:
    scores = {}
    for instrument in instruments:
        if instrument.score is not None:
            score = instrument.score(row.answers)
            if score is not None:
                scores[instrument.code] = score
    return Scored(row, scores)


@dataclass(frozen=True)
class WaveInfo:
    id: int
    label: str
    kind: str
    invited: int
    # Whether the wave was counted (closed, its answers out of the pool): before that, no figure.
    counted: bool = True
    band: str | None = None  # the response-rate band while the wave is not counted


# Response-rate bands of an open wave, lowest percent of each: the exact count, polled, would
# show when each answer arrives (and, with a colleague's word, whose).
RATE_BANDS = (75, 50, 25, 0)


def rate_band(answered: int, invited: int) -> str | None:
    """The band of the response rate, e.g. "25-49" (percent), or None with nobody invited."""
    if invited <= 0:
        return None
    percent = 100 * answered / invited
    uppers = {75: 100, 50: 74, 25: 49, 0: 24}
    low = next(b for b in RATE_BANDS if percent >= b)
    return f"{low}-{uppers[low]}"


@dataclass(frozen=True)
class OptionCount:
    label: str
    count: int
    percent: float


@dataclass(frozen=True)
class ItemResult:
    key: str
    text: str
    kind: str
    answered: int | None
    suppressed: bool
    options: tuple[OptionCount, ...] = ()
    estimate: stats.Estimate | None = None
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class BandCount:
    code: str
    label: str
    count: int
    percent: float


@dataclass(frozen=True)
class ScoreResult:
    code: str
    label: str
    estimate: stats.Estimate | None
    suppressed: bool
    bands: tuple[BandCount, ...] = ()


@dataclass(frozen=True)
class Group:
    """A cell of a breakdown: its respondents and instrument scores, or nothing if suppressed."""

    label: str
    n: int | None
    suppressed: bool
    scores: tuple[ScoreResult, ...] = ()


@dataclass(frozen=True)
class WaveResult:
    wave: WaveInfo
    responded: int | None
    suppressed: bool
    items: tuple[ItemResult, ...] = ()
    scores: tuple[ScoreResult, ...] = ()
    by_smart_worker: tuple[Group, ...] = ()
    by_unit: tuple[Group, ...] = ()
    # Not counted yet (open, or closed and waiting for the night's count): only the band shows.
    open: bool = False
    band: str | None = None

    @property
    def rate(self) -> float | None:
        if self.responded is None or not self.wave.invited:
            return None
        return self.responded / self.wave.invited


@dataclass(frozen=True)
class Change:
    code: str
    label: str
    before: str
    after: str
    overall: stats.Estimate | None
    smart_workers: stats.Estimate | None
    others: stats.Estimate | None
    did: stats.Estimate | None


@dataclass(frozen=True)
class CampaignResults:
    threshold: int
    waves: tuple[WaveResult, ...]
    changes: tuple[Change, ...] = field(default=())

    def shown_groups(self) -> list[tuple[str, int]]:
        """(where, n) of every group whose figures are shown: for the anonymity tests."""
        found = []
        for w in self.waves:
            if w.responded is not None:
                found.append((f"wave {w.wave.id}", w.responded))
            for item in w.items:
                if item.answered is not None:
                    found.append((f"wave {w.wave.id} item {item.key}", item.answered))
            for score in w.scores:
                if score.estimate is not None:
                    found.append((f"wave {w.wave.id} score {score.code}", score.estimate.n))
            for g in (*w.by_smart_worker, *w.by_unit):
                if g.n is not None:
                    found.append((f"wave {w.wave.id} group {g.label}", g.n))
                for score in g.scores:
                    if score.estimate is not None:
                        found.append((f"wave {w.wave.id} {g.label} {score.code}", score.estimate.n))
        return found


def _scores(
    instruments: Iterable[InstrumentDef], rows: list[Scored], k: int
) -> tuple[ScoreResult, ...]:
    found = []
    for instrument in instruments:
        if instrument.score is None:
            continue
        scored = _scored(instrument, rows)
        if len(scored) < k:
            found.append(ScoreResult(instrument.code, str(instrument.score_label), None, True))
            continue
        bands = ()
        if instrument.bands:
            counts = Counter(s.band for s in scored)
            bands = tuple(
                BandCount(code, str(label), counts[code], 100 * counts[code] / len(scored))
                for code, label in instrument.bands
            )
        found.append(
            ScoreResult(
                instrument.code,
                str(instrument.score_label),
                stats.mean_ci([s.value for s in scored]),
                False,
                bands,
            )
        )
    return tuple(found)


def _item(item: ItemDef, rows: list[Scored], k: int) -> ItemResult:
    values = [r.row.answers[item.key] for r in rows if item.key in r.row.answers]
    if len(values) < k:
        return ItemResult(item.key, str(item.text), item.kind, None, True)
    n = len(values)
    options: tuple[OptionCount, ...] = ()
    estimate = None
    comments: tuple[str, ...] = ()
    if item.options:
        counts: Counter = Counter()
        for value in values:
            for v in value if isinstance(value, list) else [value]:
                counts[v] += 1
        options = tuple(
            OptionCount(str(o.label), counts[o.value], 100 * counts[o.value] / n)
            for o in item.options
        )
    if item.kind in (Kind.LIKERT, Kind.NUMBER):
        estimate = stats.mean_ci([float(v) for v in values])  # type: ignore[arg-type]
    if item.kind == Kind.TEXT:
        # Sorted, never in the order given: the order would follow the time of answering.
        comments = tuple(sorted(str(v) for v in values if str(v).strip()))
    return ItemResult(item.key, str(item.text), item.kind, n, False, options, estimate, comments)


def _breakdown(
    instruments: list[InstrumentDef], groups: dict[str, list[Scored]], total: int, k: int
) -> tuple[Group, ...]:
    """The cells of a breakdown. Each instrument's scores apply the rule again on the scored
    respondents: a cell where fewer scored would otherwise be derivable from the wave's score
    minus the other cells'."""
    hidden = suppressed_cells(total, {label: len(rows) for label, rows in groups.items()}, k)
    hidden_scores: dict[str, set[str]] = {}
    for instrument in instruments:
        if instrument.score is None:
            continue
        scored = {label: len(_score_values(instrument, rows)) for label, rows in groups.items()}
        hidden_scores[instrument.code] = suppressed_cells(
            sum(scored.values()), scored, k, also=hidden
        )
    found = []
    for label, rows in sorted(groups.items()):
        if label in hidden:
            found.append(Group(label, None, True))
            continue
        scores = tuple(
            ScoreResult(s.code, s.label, None, True)
            if label in hidden_scores.get(s.code, set())
            else s
            for s in _scores(instruments, rows, k)
        )
        found.append(Group(label, len(rows), False, scores))
    return tuple(found)


def _scored(instrument: InstrumentDef, rows: list[Scored]) -> list[Score]:
    return [r.scores[instrument.code] for r in rows if instrument.code in r.scores]


def _score_values(instrument: InstrumentDef, rows: list[Scored]) -> list[float]:
    return [s.value for s in _scored(instrument, rows)]


def compute(
    instruments: list[InstrumentDef],
    waves: list[WaveInfo],
    rows: list[Row],
    *,
    min_group: int,
    unit_groups: Iterable[str] = (),
) -> CampaignResults:
    """The results of a campaign. `unit_groups` lists every unit group of the population, so
    that a group with no respondent appears (suppressed) rather than vanishing."""
    k = threshold(min_group)
    items = [item for instrument in instruments for item in instrument.items]
    yes, no = _("Smart workers"), _("Others")
    by_wave: dict[int, list[Scored]] = {w.id: [] for w in waves}
    for r in rows:
        if r.wave_id in by_wave:
            by_wave[r.wave_id].append(_score(instruments, r))
    results = []
    for wave in waves:
        if not wave.counted:
            results.append(WaveResult(wave, None, True, open=True, band=wave.band))
            continue
        wave_rows = by_wave[wave.id]
        n = len(wave_rows)
        if n < k:
            results.append(WaveResult(wave, None, True))
            continue
        smart = {yes: [r for r in wave_rows if r.row.smart_worker], no: []}
        smart[no] = [r for r in wave_rows if not r.row.smart_worker]
        units: dict[str, list[Scored]] = {u or _("No unit"): [] for u in unit_groups}
        for r in wave_rows:
            units.setdefault(r.row.unit_group or _("No unit"), []).append(r)
        results.append(
            WaveResult(
                wave,
                n,
                False,
                tuple(_item(item, wave_rows, k) for item in items),
                _scores(instruments, wave_rows, k),
                _breakdown(instruments, smart, n, k),
                _breakdown(instruments, units, n, k),
            )
        )
    return CampaignResults(k, tuple(results), _changes(instruments, results, by_wave, k))


def _changes(
    instruments: list[InstrumentDef],
    results: list[WaveResult],
    by_wave: dict[int, list[Scored]],
    k: int,
) -> tuple[Change, ...]:
    """From the first baseline to the last follow-up, where both are shown."""
    baselines = [w for w in results if w.wave.kind == "baseline" and not w.suppressed]
    follow_ups = [w for w in results if w.wave.kind == "follow_up" and not w.suppressed]
    if not baselines or not follow_ups:
        return ()
    before, after = baselines[0], follow_ups[-1]
    changes = []
    for instrument in instruments:
        if instrument.score is None:
            continue
        pre = by_wave[before.wave.id]
        post = by_wave[after.wave.id]
        overall = stats.difference(_score_values(instrument, pre), _score_values(instrument, post))
        parts = {}
        for flag in (True, False):
            a = _score_values(instrument, [r for r in pre if r.row.smart_worker == flag])
            b = _score_values(instrument, [r for r in post if r.row.smart_worker == flag])
            parts[flag] = (a, b)
        # A subgroup is compared only where both waves show its score.
        shown = {
            flag: all(
                _group_score_shown(w, _("Smart workers") if flag else _("Others"), instrument.code)
                for w in (before, after)
            )
            for flag in (True, False)
        }
        sw = stats.difference(*parts[True]) if shown[True] else None
        others = stats.difference(*parts[False]) if shown[False] else None
        did = None
        if shown[True] and shown[False]:
            did = stats.difference_in_differences(
                parts[True][0], parts[True][1], parts[False][0], parts[False][1]
            )
        changes.append(
            Change(
                instrument.code,
                str(instrument.score_label),
                before.wave.label,
                after.wave.label,
                overall
                if min(len(_score_values(instrument, pre)), len(_score_values(instrument, post)))
                >= k
                else None,
                sw,
                others,
                did,
            )
        )
    return tuple(changes)


def _group_score_shown(wave: WaveResult, label: str, code: str) -> bool:
    for group in wave.by_smart_worker:
        if group.label == label:
            return any(s.code == code and s.estimate is not None for s in group.scores)
    return False


def labels(instruments: Iterable[InstrumentDef]) -> list[str]:
    """Every label the results of these instruments carry, in the active language."""
    found = [_("Smart workers"), _("Others"), _("No unit")]
    for instrument in instruments:
        found += [str(instrument.score_label), *(str(label) for _code, label in instrument.bands)]
        for item in instrument.items:
            found += [str(item.text), *(str(o.label) for o in item.options)]
    return found


def to_json(results: CampaignResults) -> dict[str, object]:
    """The results as JSON, to keep (`ResultsSnapshot`): the figures as computed, suppression
    applied, nothing more."""
    return asdict(results)


def _estimate(data: Mapping[str, object] | None) -> stats.Estimate | None:
    return None if data is None else stats.Estimate(**data)  # type: ignore[arg-type]


def _score_result(data: Mapping) -> ScoreResult:
    return ScoreResult(
        data["code"],
        data["label"],
        _estimate(data["estimate"]),
        data["suppressed"],
        tuple(BandCount(**b) for b in data["bands"]),
    )


def _group(data: Mapping) -> Group:
    return Group(
        data["label"], data["n"], data["suppressed"], tuple(map(_score_result, data["scores"]))
    )


def _wave_result(data: Mapping) -> WaveResult:
    return WaveResult(
        WaveInfo(**data["wave"]),
        data["responded"],
        data["suppressed"],
        tuple(
            ItemResult(
                i["key"],
                i["text"],
                Kind(i["kind"]),
                i["answered"],
                i["suppressed"],
                tuple(OptionCount(**o) for o in i["options"]),
                _estimate(i["estimate"]),
                tuple(i["comments"]),
            )
            for i in data["items"]
        ),
        tuple(map(_score_result, data["scores"])),
        tuple(map(_group, data["by_smart_worker"])),
        tuple(map(_group, data["by_unit"])),
        data["open"],
        data["band"],
    )


def from_json(data: Mapping) -> CampaignResults:
    """The results `to_json` kept, as they were computed."""
    return CampaignResults(
        data["threshold"],
        tuple(map(_wave_result, data["waves"])),
        tuple(
            Change(
                c["code"],
                c["label"],
                c["before"],
                c["after"],
                *(_estimate(c[name]) for name in ("overall", "smart_workers", "others", "did")),
            )
            for c in data["changes"]
        ),
    )
