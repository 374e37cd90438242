"""Computing the indicators of the catalogue for a scope (a body, a unit's subtree, several
bodies) and a period (a month, a quarter, a year).

Every measured figure of the day records comes from one aggregate statement over the monthly
summary (`PersonMonth`); the objectives and the surveys are read with one statement each; the
declared figures with one. `reference.py` computes the same figures from the raw records in plain
Python, and the tests hold the two equal on generated networks."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, F, IntegerField, Q, Sum, When
from django.db.models import Value as Constant
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, TruncMonth
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from agilepa.indicators import catalogue
from agilepa.indicators.catalogue import Indicator, Unit
from agilepa.indicators.models import DeclaredValue, PersonMonth, ResponseMonth
from agilepa.indicators.months import month_end, months_between
from agilepa.objectives.models import Level, Objective, State
from agilepa.objectives.progress import achieved, period_bounds
from agilepa.objectives.services import policy_for
from agilepa.org.models import Body, OrgUnit
from agilepa.surveys.models import Response

SATISFACTION_ITEMS = ("sw_autonomy", "sw_disconnect")
MIN_RESPONSES = 5  # the surveys' default threshold (surveys.anonymity)


# -- periods and scopes --------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A month ("2026-07"), a quarter ("2026-Q3") or a year ("2026")."""

    year: int
    quarter: int | None = None
    month: int | None = None

    @classmethod
    def parse(cls, text: str) -> Period:
        text = (text or "").strip().upper()
        try:
            if "-Q" in text:
                year, quarter = text.split("-Q")
                if not 1 <= int(quarter) <= 4:
                    raise ValueError
                return cls(int(year), quarter=int(quarter))
            if "-" in text:
                year, month = text.split("-")
                if not 1 <= int(month) <= 12:
                    raise ValueError
                return cls(int(year), month=int(month))
            year = int(text)
        except ValueError:
            raise ValueError(
                _(
                    "“%(text)s” is not a period: write a year (2026), a quarter (2026-Q3) or a "
                    "month (2026-07)."
                )
                % {"text": text}
            ) from None
        if not 2000 <= year <= 2100:
            raise ValueError(_("The year must be between 2000 and 2100."))
        return cls(year)

    @property
    def kind(self) -> str:
        return "month" if self.month else ("quarter" if self.quarter else "year")

    @property
    def start(self) -> date:
        if self.month:
            return date(self.year, self.month, 1)
        if self.quarter:
            return date(self.year, 3 * self.quarter - 2, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        if self.month:
            return month_end(self.start)
        if self.quarter:
            return month_end(date(self.year, 3 * self.quarter, 1))
        return date(self.year, 12, 31)

    @property
    def months(self) -> list[date]:
        return months_between(self.start, self.end)

    def __str__(self) -> str:
        if self.month:
            return f"{self.year}-{self.month:02d}"
        if self.quarter:
            return f"{self.year}-Q{self.quarter}"
        return str(self.year)


@dataclass(frozen=True)
class Scope:
    """Whose figures: some bodies, or the subtree of one unit of one body."""

    body_ids: tuple[int, ...]
    unit_path: str | None = None

    @classmethod
    def body(cls, body: Body | int) -> Scope:
        return cls((body if isinstance(body, int) else body.pk,))

    @classmethod
    def unit(cls, unit) -> Scope:
        return cls((unit.body_id,), unit.path)


# -- values -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    indicator: Indicator
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    people: int = 0  # how many people the figure is about (for the anonymity threshold)
    note: str = ""
    declared_by: str = ""
    declared_at: object = None
    bodies: int = 0  # for a declared figure of several bodies: how many declared it
    withheld: bool = False  # emptied by display.mask: about too few people, or a complement

    @property
    def code(self) -> str:
        return self.indicator.code


def _ratio(num: float, den: float, scale: float = 100.0) -> float | None:
    return None if not den else num * scale / den


AGILE = Q(remote_days__gt=0) | Q(coworking_days__gt=0)
FIXED_REMOTE = Q(fixed_remote_days__gt=0)  # lavoro da remoto, counted apart


LIGHT = (
    "n_people",
    "n_potential",
    "n_effective",
    "n_worker_months",
    "d_office",
    "d_remote",
    "d_coworking",
    "d_fixed_remote",
    "n_fixed_remote",
    "d_absent",
    "s_km",
    "s_minutes",
    "s_kg_co2",
    "s_eur",
)


def aggregates(only: tuple[str, ...] | None = None, *, distinct: bool = True):
    """The aggregate expressions of one pass over the summary (`only` some of them: the
    indicators needing the others then read as having no data). Within one month a person has
    one summary row (the unique person-month), so a statement of one month, or grouped by
    month, counts people without `distinct`."""
    found = _aggregates(distinct)
    return {k: v for k, v in found.items() if only is None or k in only}


def _aggregates(distinct: bool = True):
    counted = {"distinct": distinct}
    return {
        "n_people": Count("person", **counted),
        "n_potential": Count("person", filter=Q(potential=True), **counted),
        "n_effective": Count("person", filter=AGILE, **counted),
        "n_agreement": Count("person", filter=Q(agreement=True, potential=True), **counted),
        "n_managers": Count("person", filter=Q(manager=True), **counted),
        "n_managers_trained": Count(
            "person", filter=Q(manager=True, trained_agile=True), **counted
        ),
        "n_eff_digital": Count("person", filter=AGILE & Q(trained_digital=True), **counted),
        "n_eff_device": Count("person", filter=AGILE & Q(device=True), **counted),
        "n_eff_objectives": Count("person", filter=AGILE & Q(objectives=True), **counted),
        "n_worker_months": Count("pk", filter=AGILE),
        "d_office": Sum("office_days"),
        "d_remote": Sum("remote_days"),
        "d_coworking": Sum("coworking_days"),
        "d_fixed_remote": Sum("fixed_remote_days"),
        "n_fixed_remote": Count("person", filter=FIXED_REMOTE, **counted),
        "d_absent": Sum("absent_days"),
        "s_km": Sum("km"),
        "s_minutes": Sum("minutes"),
        "s_kg_co2": Sum("kg_co2"),
        "s_eur": Sum("eur"),
    }


# The people counts of `_aggregates` and the condition a person's month meets to count them,
# in the order of the bits of `PersonMonth.firsts` (summary.mark_firsts).
PEOPLE = {
    "n_people": Q(pk__isnull=False),
    "n_potential": Q(potential=True),
    "n_effective": AGILE,
    "n_agreement": Q(agreement=True, potential=True),
    "n_managers": Q(manager=True),
    "n_managers_trained": Q(manager=True, trained_agile=True),
    "n_eff_digital": AGILE & Q(trained_digital=True),
    "n_eff_device": AGILE & Q(device=True),
    "n_eff_objectives": AGILE & Q(objectives=True),
    "n_fixed_remote": FIXED_REMOTE,
}
YEAR_FIRSTS, QUARTER_FIRSTS = 0, 10  # the first bit of each period's counts in `firsts`
SHARED = 1 << 20  # the person has summary rows of another body in the year


def _has(bit: int):
    return GreaterThan(F("firsts").bitand(bit), 0)


def _by_firsts(offset: int) -> dict:
    """`_aggregates` for a year (offset YEAR_FIRSTS) or a quarter (QUARTER_FIRSTS) of whole
    bodies: each person counted on the first month of the period that meets the condition
    (marked in `firsts` when the summary was built), without the COUNT(DISTINCT …) that costs
    SQLite a temporary b-tree for each count; `n_shared` says whether it holds (no person of
    the rows counted in two bodies)."""
    found = _aggregates(distinct=False)
    for i, key in enumerate(PEOPLE):
        found[key] = Count("pk", filter=_has(1 << (offset + i)))
    found["n_shared"] = Count("pk", filter=_has(SHARED))
    return found


def _firsts_offset(scope: Scope, period: Period) -> int | None:
    if scope.unit_path or period.kind == "month":
        return None  # a subtree's person may have begun the period in another unit
    return YEAR_FIRSTS if period.kind == "year" else QUARTER_FIRSTS


def period_sums(scope: Scope, period: Period) -> dict:
    """The sums `from_sums` reads for a scope and a period, in one statement (two when a
    person of the scope has rows of two bodies in the year)."""
    rows = summary_rows(scope, period.months)
    if period.kind == "month":
        return rows.aggregate(**aggregates(distinct=False))
    offset = _firsts_offset(scope, period)
    if offset is not None:
        found = rows.aggregate(**_by_firsts(offset))
        if not found.pop("n_shared"):
            return found
    return rows.aggregate(**aggregates())


def summary_rows(scope: Scope, months: Iterable[date]):
    rows = PersonMonth.objects.filter(body_id__in=scope.body_ids, month__in=list(months))
    if scope.unit_path:
        rows = rows.filter(unit__path__startswith=scope.unit_path)
    return rows


def from_sums(s: dict) -> dict[str, Value]:
    """The measured indicators of the day records from the sums of one pass."""
    g = defaultdict(int, {k: (v or 0) for k, v in s.items()})
    agile = g["d_remote"] + g["d_coworking"]
    worked = g["d_office"] + agile + g["d_fixed_remote"]
    get = catalogue.get
    return {
        "ORG_OBJECTIVES": Value(
            get("ORG_OBJECTIVES"),
            _ratio(g["n_eff_objectives"], g["n_effective"]),
            g["n_eff_objectives"],
            g["n_effective"],
            g["n_effective"],
        ),
        "PRO_MANAGERS_TRAINED": Value(
            get("PRO_MANAGERS_TRAINED"),
            _ratio(g["n_managers_trained"], g["n_managers"]),
            g["n_managers_trained"],
            g["n_managers"],
            g["n_managers"],
        ),
        "PRO_WORKERS_DIGITAL": Value(
            get("PRO_WORKERS_DIGITAL"),
            _ratio(g["n_eff_digital"], g["n_effective"]),
            g["n_eff_digital"],
            g["n_effective"],
            g["n_effective"],
        ),
        "DIG_DEVICES": Value(
            get("DIG_DEVICES"),
            _ratio(g["n_eff_device"], g["n_effective"]),
            g["n_eff_device"],
            g["n_effective"],
            g["n_effective"],
        ),
        "IMP_AGILE_WORKERS": Value(
            get("IMP_AGILE_WORKERS"),
            _ratio(g["n_effective"], g["n_potential"]),
            g["n_effective"],
            g["n_potential"],
            g["n_potential"],
        ),
        "IMP_AGREEMENTS": Value(
            get("IMP_AGREEMENTS"),
            _ratio(g["n_agreement"], g["n_potential"]),
            g["n_agreement"],
            g["n_potential"],
            g["n_potential"],
        ),
        "IMP_AGILE_DAYS": Value(
            get("IMP_AGILE_DAYS"), _ratio(agile, worked), agile, worked, g["n_people"]
        ),
        "IMP_DAYS_PER_WORKER": Value(
            get("IMP_DAYS_PER_WORKER"),
            _ratio(agile, g["n_worker_months"], 1),
            agile,
            g["n_worker_months"],
            g["n_effective"],
        ),
        "IMP_COWORKING": Value(
            get("IMP_COWORKING"),
            _ratio(g["d_coworking"], agile),
            g["d_coworking"],
            agile,
            g["n_effective"],
        ),
        "IMP_REMOTE_WORKERS": Value(
            get("IMP_REMOTE_WORKERS"),
            float(g["n_fixed_remote"]) if g["n_people"] else None,
            people=g["n_people"],
        ),
        "IMP_REMOTE_DAYS": Value(
            get("IMP_REMOTE_DAYS"),
            _ratio(g["d_fixed_remote"], worked),
            g["d_fixed_remote"],
            worked,
            g["n_people"],
        ),
        "PERF_ABSENCE": Value(
            get("PERF_ABSENCE"),
            _ratio(g["d_absent"], worked + g["d_absent"]),
            g["d_absent"],
            worked + g["d_absent"],
            g["n_people"],
        ),
        "IMPACT_KM": Value(get("IMPACT_KM"), float(g["s_km"]), people=g["n_effective"]),
        "IMPACT_CO2": Value(
            get("IMPACT_CO2"), float(g["s_kg_co2"]) / 1000, people=g["n_effective"]
        ),
        "IMPACT_HOURS": Value(
            get("IMPACT_HOURS"), float(g["s_minutes"]) / 60, people=g["n_effective"]
        ),
        "IMPACT_EUR": Value(get("IMPACT_EUR"), float(g["s_eur"]), people=g["n_effective"]),
    }


def objectives_value(scope: Scope, period: Period) -> Value:
    """Individual objectives due in the period (their own period ends in it), achieved by the
    rules of each one's body."""
    return _objectives_from(_due_objectives(scope, period))


def _due_objectives(scope: Scope, period: Period) -> list[tuple]:
    """(body, progress, owner) of the individual objectives due in the period."""
    objectives = Objective.objects.filter(
        body_id__in=scope.body_ids, level=Level.PERSON, year=period.year
    ).exclude(state=State.CANCELLED)
    if scope.unit_path:
        objectives = objectives.filter(unit__path__startswith=scope.unit_path)
    due = [
        p
        for p in ("Y", "S1", "S2", "Q1", "Q2", "Q3", "Q4")
        if period.start <= period_bounds(period.year, p)[1] <= period.end
    ]
    objectives = objectives.filter(period__in=due)
    return list(objectives.values_list("body_id", "progress", "owner_id"))


def _objectives_from(rows: Iterable[tuple]) -> Value:
    policies: dict[int, object] = {}
    total = hit = 0
    owners = set()
    for body_id, progress, owner in rows:
        if body_id not in policies:
            policies[body_id] = policy_for(Body(pk=body_id)).status_rules
        total += 1
        hit += achieved(progress, policies[body_id])
        owners.add(owner)
    ind = catalogue.get("PERF_OBJECTIVES_ACHIEVED")
    return Value(ind, _ratio(hit, total), hit, total, len(owners))


def response_sums(body_ids: Iterable[int], start: date, end: date):
    """The survey answers of the bodies' campaigns given between two dates, summed by month in
    one aggregate read in the database (JSON keys cast to integers): responses with all five
    WHO-5 items in 0-5 and their raw scores; satisfaction items given and agreeing (4-5)."""
    items = {f"w{i}": Cast(KT(f"answers__who5_{i}"), IntegerField()) for i in range(1, 6)}
    sat_items = {
        f"s{i}": Cast(KT(f"answers__{key}"), IntegerField())
        for i, key in enumerate(SATISFACTION_ITEMS)
    }
    complete = Q()
    for name in items:
        complete &= Q(**{f"{name}__gte": 0, f"{name}__lte": 5})
    given = Q()
    for name in sat_items:
        given |= Q(**{f"{name}__isnull": False})
    rows = (
        Response.objects.filter(
            wave__campaign__body_id__in=list(body_ids), submitted_on__range=(start, end)
        )
        .annotate(**items, **sat_items, body_id=F("wave__campaign__body_id"))
        .annotate(month=TruncMonth("submitted_on"))
        .values("body_id", "month")
        .annotate(
            who5_n=Count("pk", filter=complete),
            who5_sum=Sum(sum((F(name) for name in items), Constant(0)), filter=complete),
            respondents=Count("pk", filter=given),
            **{
                f"answered_{n}": Count("pk", filter=Q(**{f"{n}__isnull": False})) for n in sat_items
            },
            **{f"agree_{n}": Count("pk", filter=Q(**{f"{n}__gte": 4})) for n in sat_items},
        )
        .order_by()
    )
    return [
        {
            "body_id": row["body_id"],
            "month": row["month"],
            "who5_n": row["who5_n"] or 0,
            "who5_sum": row["who5_sum"] or 0,
            "respondents": row["respondents"] or 0,
            "answered": sum(row[f"answered_{n}"] or 0 for n in sat_items),
            "agree": sum(row[f"agree_{n}"] or 0 for n in sat_items),
        }
        for row in rows
    ]


def survey_values(scope: Scope, period: Period) -> dict[str, Value]:
    """WHO-5 and the satisfaction items of the survey answers given in the period, of the
    bodies' surveys, from their monthly sums (`ResponseMonth`). Surveys carry no unit to filter
    by beyond their coarse group, so a unit's subtree has none; a figure of fewer than
    MIN_RESPONSES answers is withheld."""
    who5, sat = catalogue.get("IMPACT_WELLBEING"), catalogue.get("IMP_SATISFACTION")
    if scope.unit_path:
        note = str(_("Surveys are reported for the whole body."))
        return {who5.code: Value(who5, None, note=note), sat.code: Value(sat, None, note=note)}
    sums = ResponseMonth.objects.filter(
        body_id__in=scope.body_ids, month__in=period.months
    ).aggregate(**RESPONSE_SUMS)
    return _surveys_from(sums)


RESPONSE_SUMS = {
    "who5_n": Sum("who5_n"),
    "who5_sum": Sum("who5_sum"),
    "respondents": Sum("respondents"),
    "answered": Sum("answered"),
    "agree": Sum("agree"),
}


def _surveys_from(sums: Mapping) -> dict[str, Value]:
    who5, sat = catalogue.get("IMPACT_WELLBEING"), catalogue.get("IMP_SATISFACTION")
    count = sums.get("who5_n") or 0
    total = 4 * (sums.get("who5_sum") or 0)
    respondents = sums.get("respondents") or 0
    answered = sums.get("answered") or 0
    agree = sums.get("agree") or 0
    few = str(_("Fewer than %(k)d answers: not shown.") % {"k": MIN_RESPONSES})
    return {
        who5.code: Value(
            who5,
            total / count if count >= MIN_RESPONSES else None,
            total,
            count,
            count,
            note=few if 0 < count < MIN_RESPONSES else "",
        ),
        sat.code: Value(
            sat,
            _ratio(agree, answered) if respondents >= MIN_RESPONSES else None,
            agree,
            answered,
            respondents,
            note=few if 0 < respondents < MIN_RESPONSES else "",
        ),
    }


def latest_declared(body_ids: Iterable[int], year: int) -> dict[tuple[int, str], DeclaredValue]:
    """The value in force of each (body, indicator) for a year: the latest entered."""
    latest: dict[tuple[int, str], DeclaredValue] = {}
    for row in (
        DeclaredValue.objects.filter(body_id__in=list(body_ids), year=year)
        .select_related("entered_by")
        .order_by("entered_at", "pk")
    ):
        latest[(row.body_id, row.code)] = row
    return latest


def declared_values(
    scope: Scope, period: Period, latest: Mapping[tuple[int, str], DeclaredValue] | None = None
) -> dict[str, Value]:
    """Declared figures are a body's, for a year. For several bodies: amounts and counts are
    summed, shares and yes/no averaged over the bodies that declared them. `latest`: the
    values in force already read (`latest_declared`) for these bodies and more."""
    if latest is None:
        latest = latest_declared(scope.body_ids, period.year)
    values = {}
    for ind in catalogue.DECLARED:
        rows = [latest[(b, ind.code)] for b in scope.body_ids if (b, ind.code) in latest]
        if not rows:
            values[ind.code] = Value(ind, None, note=str(_("Not declared for the year.")))
            continue
        numbers = [float(r.value) for r in rows]
        summed = ind.unit in (Unit.EUR, Unit.COUNT)
        value = sum(numbers) if summed else statistics.fmean(numbers)
        one = rows[0] if len(rows) == 1 else None
        values[ind.code] = Value(
            ind,
            value,
            bodies=len(rows),
            note=str(_("Declared for the whole body.")) if scope.unit_path else "",
            declared_by=(one.entered_by.get_full_name() or one.entered_by.email)
            if one and one.entered_by
            else "",
            declared_at=one.entered_at if one else None,
        )
    return values


def compute(scope: Scope, period: Period) -> dict[str, Value]:
    """Every indicator of the catalogue, in catalogue order."""
    values = from_sums(period_sums(scope, period))
    values["PERF_OBJECTIVES_ACHIEVED"] = objectives_value(scope, period)
    values.update(survey_values(scope, period))
    values.update(declared_values(scope, period))
    return {ind.code: values[ind.code] for ind in catalogue.INDICATORS}


def by_month(scope: Scope, year: int) -> dict[date, dict[str, Value]]:
    """The day-record indicators of each month of a year that has summary rows (for trends):
    the statement `compute` runs for a month, month by month. Twelve statements over the
    (body, month) index cost SQLite less than one grouped by month, which sorts every row of
    the year (issue 22), and give each month's figures to the last digit as `compute` does."""
    found = {}
    for first in months_between(date(year, 1, 1), date(year, 12, 31)):
        sums = period_sums(scope, Period(year, month=first.month))
        if sums["n_people"]:  # a summary row is a person's month: none, no month
            found[first] = from_sums(sums)
    return found


def by_subtree(scope: Scope, period: Period, units) -> dict[int, dict[str, Value]]:
    """The day-record indicators of each of `units` (siblings) with its whole subtree, in one
    statement: each summary row is labelled with the unit whose subtree holds its unit. Only
    the indicators of days, workers and savings (`LIGHT`): the flags of training, equipment and
    objectives are left out, for speed."""
    units = list(units)
    if not units:
        return {}
    members: dict[int, list[int]] = {u.pk: [] for u in units}
    for pk, path in OrgUnit.objects.filter(body_id__in=scope.body_ids).values_list("pk", "path"):
        for unit in units:
            if path.startswith(unit.path):
                members[unit.pk].append(pk)
                break
    label = Case(
        *[When(unit_id__in=ids, then=Constant(u)) for u, ids in members.items() if ids],
        default=None,
        output_field=IntegerField(),
    )
    rows = (
        summary_rows(scope, period.months)
        .annotate(subtree=label)
        .exclude(subtree=None)
        .values("subtree")
        .annotate(**aggregates(LIGHT))
        .order_by()
    )
    return {row.pop("subtree"): from_sums(row) for row in rows}


def by_body(body_ids: Iterable[int], period: Period) -> dict[int, dict[str, Value]]:
    """Every indicator of each body: the day records in one statement, the objectives, the
    surveys and the declared values in one each."""
    ids = tuple(body_ids)
    grouped = PersonMonth.objects.filter(body_id__in=ids, month__in=period.months).values("body")
    offset = _firsts_offset(Scope(ids), period)
    if period.kind == "month":
        rows = list(grouped.annotate(**aggregates(distinct=False)).order_by())
    elif offset is not None:
        # Grouped by body, the marks count each body's people exactly: they are the body's own
        # rows' (summary.mark_firsts), so a person with rows of two bodies is counted once in
        # each, as COUNT(DISTINCT …) does, and `n_shared` need not be asked.
        by_firsts = _by_firsts(offset)
        del by_firsts["n_shared"]
        rows = list(grouped.annotate(**by_firsts).order_by())
    else:
        rows = list(grouped.annotate(**aggregates()).order_by())
    result = {row.pop("body"): from_sums(row) for row in rows}
    # The objectives, the survey sums and the declared values of all the bodies in a statement
    # each, not three a body.
    objectives: dict[int, list[tuple]] = defaultdict(list)
    for row in _due_objectives(Scope(ids), period):
        objectives[row[0]].append(row)
    surveys = {
        row.pop("body"): row
        for row in ResponseMonth.objects.filter(body_id__in=ids, month__in=period.months)
        .values("body")
        .annotate(**RESPONSE_SUMS)
        .order_by()
    }
    latest = latest_declared(ids, period.year)
    for body_id in ids:
        values = result.setdefault(body_id, from_sums({}))
        scope = Scope((body_id,))
        values["PERF_OBJECTIVES_ACHIEVED"] = _objectives_from(objectives.get(body_id, ()))
        values.update(_surveys_from(surveys.get(body_id, {})))
        values.update(declared_values(scope, period, latest))
        result[body_id] = {ind.code: values[ind.code] for ind in catalogue.INDICATORS}
    return result


# -- benchmark ----------------------------------------------------------------------------------


# The fewest bodies whose figures make a median and quartiles: with two, each member would read
# the other's figure off the statistics; a network may ask for more (Network.benchmark_min_bodies).
MIN_BODIES = 5


@dataclass(frozen=True)
class Spread:
    """An indicator across bodies: `n` bodies have a figure; the quartiles are None when they
    are fewer than the minimum (`hidden`), so that none can be worked out from them."""

    n: int
    q1: float | None
    median: float | None
    q3: float | None
    hidden: bool = False


def spread(numbers: list[float], minimum: int = MIN_BODIES) -> Spread:
    """Median and quartiles of `numbers`, each a body's figure, only from `minimum` of them up
    (never fewer than MIN_BODIES)."""
    numbers = sorted(numbers)
    if len(numbers) < max(minimum, MIN_BODIES):
        return Spread(len(numbers), None, None, None, hidden=True)
    q1, q2, q3 = statistics.quantiles(numbers, n=4, method="inclusive")
    return Spread(len(numbers), q1, q2, q3)


@dataclass
class Benchmark:
    period: Period
    bodies: list[int]
    values: dict[int, dict[str, Value]]
    spreads: dict[str, Spread] = field(default_factory=dict)
    shown: dict[str, set[int]] = field(default_factory=dict)  # bodies whose figure may be shown


def benchmark(
    body_ids: Iterable[int],
    period: Period,
    withheld: Mapping[int, Collection[str]],
    minimum: int = MIN_BODIES,
) -> Benchmark:
    """Each indicator's median and quartiles across bodies. A body's figure that is `withheld`
    (protection.bodies_protection: about fewer than k people, or its complement) is left out of
    the statistics and never shown. Only the bodies with a figure count towards `minimum`: a
    statistic of the others when one has none would give that one away by differencing."""
    ids = list(body_ids)
    values = by_body(ids, period)
    result = Benchmark(period, ids, values)
    for ind in catalogue.INDICATORS:
        shown = {
            b
            for b in ids
            if values[b][ind.code].value is not None and ind.code not in withheld.get(b, ())
        }
        result.shown[ind.code] = shown
        result.spreads[ind.code] = spread([values[b][ind.code].value for b in shown], minimum)
    return result
