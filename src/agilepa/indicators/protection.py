"""Which indicator figures are withheld, for every viewer alike (core/disclosure.py).

A body's figures can be asked for every unit's subtree (or the whole body) and every period of
a year: the year, its quarters, its months. Each of these is a cell of a grid, with one count
of people per *population* (the people a figure is about: everyone, the effective agile
workers, the potential ones, the managers, the owners of the objectives due, the survey
answers). The hierarchies are the ones a viewer can subtract along:

- a subtree is covered by its child units' subtrees and by the people attached directly to
  the unit (a cell never offered on its own);
- a year by its quarters and by its months, a quarter by its months.

`disclosure.protect` decides the withheld cells once per body, year and population, over the
whole grid: the same cells for HR, managers and observers, on the pages and in the API.
The grid builders below are pure (plain tuples in, counts out): the property test feeds them
random organisations."""

from __future__ import annotations

import hashlib
import pickle
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from agilepa.core import disclosure
from agilepa.core.disclosure import Hierarchy

K = 5  # the indicators' threshold (display.K)

# The population each measured indicator is about (engine.from_sums: its `people`).
POPULATION = {
    "ORG_OBJECTIVES": "effective",
    "PRO_MANAGERS_TRAINED": "managers",
    "PRO_WORKERS_DIGITAL": "effective",
    "DIG_DEVICES": "effective",
    "IMP_AGILE_WORKERS": "potential",
    "IMP_AGREEMENTS": "potential",
    "IMP_AGILE_DAYS": "people",
    "IMP_DAYS_PER_WORKER": "effective",
    "IMP_COWORKING": "effective",
    "IMP_REMOTE_WORKERS": "people",
    "IMP_REMOTE_DAYS": "people",
    "PERF_ABSENCE": "people",
    "IMPACT_KM": "effective",
    "IMPACT_CO2": "effective",
    "IMPACT_HOURS": "effective",
    "IMPACT_EUR": "effective",
    "PERF_OBJECTIVES_ACHIEVED": "owners",
    "IMPACT_WELLBEING": "who5",
    "IMP_SATISFACTION": "respondents",
}
SURVEY_POPULATIONS = ("who5", "respondents")

Unit = int | None  # None: the whole body
Cell = tuple[Unit, str, str]  # (unit, "tree" or "own", period)


def periods_of(year: int) -> tuple[str, list[str], dict[str, list[str]]]:
    """The year, its months and each quarter's months, as `engine.Period` writes them."""
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    quarters = {f"{year}-Q{q}": months[3 * q - 3 : 3 * q] for q in range(1, 5)}
    return str(year), months, quarters


def period_hierarchies(year: int, scopes: Iterable[Unit], part: str = "tree") -> list[Hierarchy]:
    whole, months, quarters = periods_of(year)
    found = []
    for s in scopes:
        found.append(Hierarchy((s, part, whole), tuple((s, part, m) for m in months)))
        found.append(Hierarchy((s, part, whole), tuple((s, part, q) for q in quarters)))
        for q, inside in quarters.items():
            found.append(Hierarchy((s, part, q), tuple((s, part, m) for m in inside)))
    return found


def unit_hierarchies(year: int, parents: Mapping[int, int | None]) -> list[Hierarchy]:
    """Each subtree covered by its children's subtrees and its own people, in every period."""
    whole, months, quarters = periods_of(year)
    children: dict[Unit, list[int]] = defaultdict(list)
    for unit, parent in parents.items():
        children[parent].append(unit)
    found = []
    for scope, kids in children.items():
        for p in [whole, *quarters, *months]:
            found.append(
                Hierarchy(
                    (scope, "tree", p),
                    (*((c, "tree", p) for c in sorted(kids)), (scope, "own", p)),
                )
            )
    return found


def ancestors(parents: Mapping[int, int | None], unit: Unit) -> list[Unit]:
    """The unit, its ancestors, and None (the body)."""
    chain: list[Unit] = []
    seen = set()
    while unit is not None and unit not in seen:
        seen.add(unit)
        chain.append(unit)
        unit = parents.get(unit)
    chain.append(None)
    return chain


def counts(
    year: int,
    parents: Mapping[int, int | None],
    rows: Iterable[tuple[int, Unit, int, Iterable[str]]],
) -> dict[str, dict[Cell, int]]:
    """People per population and cell, from (person, unit, month 1-12, populations) rows: one
    person-month each (a person counts once in a cell however many months they are in it).

    People are grouped by where and when they were (most stay in one unit all year): each
    distinct pattern's cells are worked out once and counted as many times as it occurs."""
    whole, months, quarters = periods_of(year)
    quarter_of = {m: q for q, inside in quarters.items() for m in inside}
    chains: dict[Unit, list[Unit]] = {}
    where: dict[tuple[str, int], set[tuple[Unit, int]]] = defaultdict(set)
    for person, unit, month, populations in rows:
        for population in populations:
            where[(population, person)].add((unit, month))
    patterns: Counter = Counter(
        (population, frozenset(found)) for (population, _p), found in where.items()
    )
    result: dict[str, dict[Cell, int]] = defaultdict(lambda: defaultdict(int))
    for (population, found), n in patterns.items():
        cells: set[Cell] = set()
        for unit, month in found:
            if unit not in chains:
                chains[unit] = ancestors(parents, unit)
            m = months[month - 1]
            for p in (m, quarter_of[m], whole):
                cells.add((unit, "own", p))
                for scope in chains[unit]:
                    cells.add((scope, "tree", p))
        counted = result[population]
        for cell in cells:
            counted[cell] += n
    return {pop: dict(cells) for pop, cells in result.items()}


def withheld_cells(
    year: int, parents: Mapping[int, int | None], people: Mapping[Cell, int], k: int = K
) -> frozenset[Cell]:
    """The withheld cells of one population over the body's whole grid.

    One combination crosses the two dimensions: the people attached directly to a unit are
    never offered, but in a period where the unit and all its children are released they are
    the difference of the two; the year's difference minus the months' differences would then
    give them in the other months. `own_leaks` finds such periods, and their unit's smallest
    child is withheld too, until none is left."""
    scopes: list[Unit] = [None, *parents]
    hierarchies = unit_hierarchies(year, parents) + period_hierarchies(year, scopes)
    whole, months, quarters = periods_of(year)
    own = {(s, "own", p) for s in scopes for p in [whole, *quarters, *months]}
    forced: set[Cell] = set()
    while True:
        hidden = disclosure.protect(people, hierarchies, k, unreleased=own | forced)
        extra = own_leaks(year, parents, people, hidden, k) - hidden
        if not extra:
            return hidden
        forced |= extra


def own_leaks(
    year: int,
    parents: Mapping[int, int | None],
    people: Mapping[Cell, int],
    hidden: frozenset[Cell],
    k: int,
) -> set[Cell]:
    """Cells to withhold so that the people attached directly to a unit cannot be had by
    differencing in both dimensions at once (see `withheld_cells`)."""
    whole, months, quarters = periods_of(year)
    children: dict[Unit, list[int]] = defaultdict(list)
    for unit, parent in parents.items():
        children[parent].append(unit)
    extra: set[Cell] = set()
    for scope, kids in children.items():

        def derivable(period: str, scope=scope, kids=kids) -> bool:
            cells = [(scope, "tree", period), *((c, "tree", period) for c in kids)]
            return not any(c in hidden for c in cells)

        for period, inside in [(whole, months), *quarters.items()]:
            if not derivable(period):
                continue
            known = {m for m in inside if derivable(m)}
            if period == whole:
                for q, q_months in quarters.items():
                    if derivable(q):
                        known |= set(q_months)
            rest = [m for m in inside if m not in known]
            own = [people.get((scope, "own", m), 0) for m in rest]
            if not rest or sum(own) == 0:
                continue
            lower = max(
                max(own),
                people.get((scope, "own", period), 0)
                - sum(people.get((scope, "own", m), 0) for m in known),
            )
            if lower >= k:
                continue
            candidates = sorted(
                (people.get((c, "tree", period), 0), str(c), c)
                for c in kids
                if people.get((c, "tree", period), 0) > 0
            )
            if candidates:
                extra.add((candidates[0][2], "tree", period))
            else:
                extra.add((scope, "tree", period))
    return extra


@dataclass
class Protection:
    """The withheld cells of a body's year, per population."""

    year: int
    withheld: dict[str, frozenset[Cell]] = field(default_factory=dict)

    def hidden(self, code: str, unit: Unit, period: str) -> bool:
        population = POPULATION.get(code)
        if population is None:  # a declared figure: the body's, about no one in particular
            return False
        return (unit, "tree", period) in self.withheld.get(population, frozenset())

    def hidden_codes(self, unit: Unit, period: str) -> set[str]:
        return {code for code in POPULATION if self.hidden(code, unit, period)}


# -- reading the grid from the database ----------------------------------------------------------


def survey_thresholds(body_ids: list[int]) -> dict[int, int]:
    """Each body's survey threshold: the largest `min_group` of its campaigns, never below the
    indicators' own; in one statement for all the bodies (one a body made the benchmark's
    statements grow with the network)."""
    from django.db.models import Max

    from agilepa.surveys.models import SurveyCampaign

    found = dict(
        SurveyCampaign.objects.filter(body_id__in=body_ids)
        .values("body_id")
        .annotate(k=Max("min_group"))
        .values_list("body_id", "k")
        .order_by()
    )
    return {b: max(K, disclosure.threshold(found.get(b), K)) for b in body_ids}


def survey_counts(body_ids: list[int], year: int) -> dict[int, dict[str, dict[Cell, int]]]:
    """Answers per body, population and period, the body's cells only (surveys carry no unit):
    answers are distinct, so a quarter's count is the sum of its months'."""
    from agilepa.indicators.models import ResponseMonth

    whole, months, quarters = periods_of(year)
    quarter_of = {m: q for q, inside in quarters.items() for m in inside}
    found: dict[int, dict[str, dict[Cell, int]]] = {
        b: {p: defaultdict(int) for p in SURVEY_POPULATIONS} for b in body_ids
    }
    for body_id, month, who5, respondents in ResponseMonth.objects.filter(
        body_id__in=body_ids, month__year=year
    ).values_list("body_id", "month", "who5_n", "respondents"):
        m = months[month.month - 1]
        for population, n in (("who5", who5), ("respondents", respondents)):
            for p in (m, quarter_of[m], whole):
                found[body_id][population][(None, "tree", p)] += n
    return found


def objective_rows(body_ids: list[int], year: int, units: bool = True):
    """(body, owner, unit, month the objective is due) of the individual objectives of a year
    (engine.objectives_value counts an objective in the periods its own period ends in)."""
    from agilepa.objectives.models import Level, Objective, State
    from agilepa.objectives.progress import period_bounds

    for body_id, owner, unit, label in (
        Objective.objects.filter(body_id__in=body_ids, level=Level.PERSON, year=year)
        .exclude(state=State.CANCELLED)
        .values_list("body_id", "owner_id", "unit_id", "period")
        .order_by("pk")
    ):
        yield body_id, owner, unit if units else None, period_bounds(year, label)[1].month


def body_grid(body_id: int, year: int) -> tuple[dict[int, int | None], dict[str, dict]]:
    """The units' parents and the people of every cell of a body's year, per population (the
    surveys' apart: `survey_counts`)."""
    inputs = body_inputs(body_id, year)
    return inputs.parents, inputs.grid()


def body_protection(body_id: int, year: int) -> Protection:
    """The withheld cells of a body's whole grid (every unit, every period of the year).

    Deciding them is the costly part of the indicators' pages (0.7 s for the demo's body of
    5,200 people and 419 units): each process keeps the last decision of a body's year with the
    digest of everything it was decided from (`BodyInputs`), read again on every call. The
    decision is a pure function of those inputs, so the same digest gives the same cells;
    any change to a unit, a person-month, an objective, an answer or the threshold changes the
    digest and the cells are decided again (tests/indicators/test_protection_kept.py)."""
    inputs = body_inputs(body_id, year)
    digest = inputs.digest()
    kept = _KEPT.get((body_id, year))
    if kept is None or kept[0] != digest:
        kept = (digest, decide(inputs))
        _KEPT.pop((body_id, year), None)
        while len(_KEPT) >= KEPT_DECISIONS:
            _KEPT.pop(next(iter(_KEPT)))
        _KEPT[(body_id, year)] = kept
    return Protection(year, dict(kept[1].withheld))


# The last decision of each (body, year), with the digest of its inputs, in this process; the
# oldest dropped past KEPT_DECISIONS (the demo's largest body's decision holds 4.8 MB).
_KEPT: dict[tuple[int, int], tuple[bytes, Protection]] = {}
KEPT_DECISIONS = 16


@dataclass(frozen=True)
class BodyInputs:
    """Everything a body's withheld cells are decided from: the units' parents, the summary's
    person-months as (person, unit, month 1-12, populations), the individual objectives'
    (owner, unit, month due), the survey answers' cells and the survey threshold."""

    year: int
    parents: dict[int, int | None]
    people: list[tuple[int, Unit, int, tuple[str, ...]]]
    owners: list[tuple[int, Unit, int]]
    answers: dict[str, dict[Cell, int]]
    survey_k: int

    def digest(self) -> bytes:
        answers = [
            (p, sorted(cells.items(), key=repr)) for p, cells in sorted(self.answers.items())
        ]
        data = (K, self.year, sorted(self.parents.items()), self.people, self.owners, answers)
        return hashlib.blake2b(pickle.dumps((data, self.survey_k), protocol=5)).digest()

    def grid(self) -> dict[str, dict[Cell, int]]:
        """The people of every cell of the year, per population (the surveys' apart)."""
        grid = counts(self.year, self.parents, self.people)
        grid.update(
            counts(self.year, self.parents, ((o, u, m, ("owners",)) for o, u, m in self.owners))
        )
        return grid


# The populations of a person-month by its (effective, potential, manager) flags: one tuple
# each, shared by the rows (the digest's pickle writes it once).
_POPULATIONS = {
    (effective, potential, manager): (
        "people",
        *(["effective"] if effective else []),
        *(["potential"] if potential else []),
        *(["managers"] if manager else []),
    )
    for effective in (False, True)
    for potential in (False, True)
    for manager in (False, True)
}


def body_inputs(body_id: int, year: int) -> BodyInputs:
    """A body's `BodyInputs` for a year, read in a stable order (the digest compares them)."""
    from agilepa.org.models import OrgUnit

    parents = dict(OrgUnit.objects.filter(body_id=body_id).values_list("pk", "parent_id"))
    people = [
        (person, unit, month.month, _POPULATIONS[effective, potential, manager])
        for person, unit, month, effective, potential, manager in _person_months(body_id, year)
    ]
    owners = [(o, u, m) for _b, o, u, m in objective_rows([body_id], year)]
    answers = survey_counts([body_id], year)[body_id]
    return BodyInputs(
        year,
        parents,
        people,
        owners,
        {p: dict(cells) for p, cells in answers.items()},
        survey_thresholds([body_id])[body_id],
    )


def decide(inputs: BodyInputs) -> Protection:
    """The withheld cells of a body's year from its inputs (no database read)."""
    year = inputs.year
    grid = inputs.grid()
    protection = Protection(year)
    for population in POPULATION.values():
        if population in SURVEY_POPULATIONS or population in protection.withheld:
            continue
        protection.withheld[population] = withheld_cells(
            year, inputs.parents, grid.get(population, {}), K
        )
    protection.withheld.update(survey_withheld(year, inputs.answers, inputs.survey_k))
    return protection


def _person_months(body_id: int, year: int):
    """(person, unit, month, effective, potential, manager) of each summary row of the year."""
    from django.db.models import BooleanField, Case, Value, When

    from agilepa.indicators.engine import AGILE
    from agilepa.indicators.models import PersonMonth

    return (
        PersonMonth.objects.filter(body_id=body_id, month__year=year)
        .annotate(
            is_agile=Case(
                When(AGILE, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .values_list("person_id", "unit_id", "month", "is_agile", "potential", "manager")
        .order_by("person_id", "month", "unit_id", "pk")
    )


def _protect_surveys(body_ids: list[int], year: int, into: dict[int, Protection]) -> None:
    """The survey figures of each body, by period, with the body's own threshold: the same
    cells as on its own pages, whoever asks."""
    answers = survey_counts(body_ids, year)
    thresholds = survey_thresholds(body_ids)
    for body_id in body_ids:
        into[body_id].withheld.update(survey_withheld(year, answers[body_id], thresholds[body_id]))


def survey_withheld(
    year: int, answers: Mapping[str, Mapping[Cell, int]], k: int
) -> dict[str, frozenset[Cell]]:
    """A body's withheld survey cells (the body as a whole, by period) with its threshold."""
    hierarchies = period_hierarchies(year, [None])
    return {p: disclosure.protect(answers[p], hierarchies, k) for p in SURVEY_POPULATIONS}


# The populations of the bodies' own cells and the people counts of the summary they are
# (engine.PEOPLE: the same conditions, and their bits in `PersonMonth.firsts`).
BODY_POPULATIONS = {
    "people": "n_people",
    "effective": "n_effective",
    "potential": "n_potential",
    "managers": "n_managers",
}


def bodies_grid(body_ids: Iterable[int], year: int) -> dict[int, dict[str, dict[Cell, int]]]:
    """The people of each body's own cells (the body as a whole: the year, its quarters, its
    months), per population, in one statement grouped by body and month without
    COUNT(DISTINCT …): a month has one summary row per person, and a person's first month of
    the body's year and of each quarter meeting a condition is marked in `firsts`
    (summary.mark_firsts), so the year's and a quarter's people are the sums of their months'
    marked rows. The marks are the body's own rows', so a person who also has rows of another
    body is still counted once in each."""
    from datetime import date

    from django.db.models import Count

    from agilepa.indicators.engine import PEOPLE, QUARTER_FIRSTS, YEAR_FIRSTS, _has
    from agilepa.indicators.models import PersonMonth

    ids = list(body_ids)
    whole, _months, quarters = periods_of(year)
    quarter_of = {m: q for q, inside in quarters.items() for m in inside}
    bit = {code: i for i, code in enumerate(PEOPLE)}
    measures = {}
    for population, code in BODY_POPULATIONS.items():
        measures[f"m_{population}"] = Count("pk", filter=PEOPLE[code])
        measures[f"y_{population}"] = Count("pk", filter=_has(1 << (YEAR_FIRSTS + bit[code])))
        measures[f"q_{population}"] = Count("pk", filter=_has(1 << (QUARTER_FIRSTS + bit[code])))
    grid: dict[int, dict[str, dict[Cell, int]]] = {
        b: {p: {} for p in BODY_POPULATIONS} for b in ids
    }
    for row in (
        PersonMonth.objects.filter(
            body_id__in=ids, month__range=(date(year, 1, 1), date(year, 12, 1))
        )
        .values("body_id", "month")
        .annotate(**measures)
        .order_by()
    ):
        m = f"{row['month']:%Y-%m}"
        for population in BODY_POPULATIONS:
            cells = grid[row["body_id"]][population]
            cells[(None, "tree", m)] = row[f"m_{population}"]
            for period, key in ((whole, "y"), (quarter_of[m], "q")):
                cell = (None, "tree", period)
                cells[cell] = cells.get(cell, 0) + row[f"{key}_{population}"]
    return grid


def bodies_protection(body_ids: Iterable[int], year: int) -> dict[int, Protection]:
    """The withheld cells of the bodies' own figures (the body as a whole, every period of the
    year), as the benchmark and the open data offer them. A body's cells are withheld here
    exactly as in its own grid: the units below never make the whole body withheld."""
    ids = list(body_ids)
    grid: dict[int, dict[str, dict[Cell, int]]] = {
        b: cells | {"owners": {}} for b, cells in bodies_grid(ids, year).items()
    }
    owners: dict[int, list] = defaultdict(list)
    for body_id, owner, _unit, month in objective_rows(ids, year, units=False):
        owners[body_id].append((owner, None, month, ("owners",)))
    for body_id, rows in owners.items():
        grid[body_id]["owners"] = counts(year, {}, rows).get("owners", {})
    hierarchies = period_hierarchies(year, [None])
    result = {b: Protection(year) for b in ids}
    for body_id in ids:
        for population, people in grid[body_id].items():
            result[body_id].withheld[population] = disclosure.protect(people, hierarchies, K)
    _protect_surveys(ids, year, result)
    return result
