"""API routes of the indicators, with the pages' permissions: the figures for HR (any unit),
managers (their subtree) and observers, a figure about fewer than 5 people (or its complement)
withheld for all of them, parts and count included; declared values and
targets for HR; the benchmark for HR and observers; the network for its coordinator; the
catalogue and the open data for anyone."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status

from agilepa.core.access import (
    PermissionDeniedForRole,
    Role,
    get_access_or_404,
)
from agilepa.core.api_types import Year, text_of
from agilepa.core.policies import api_access, coordinated_network, observes_aggregates
from agilepa.indicators import catalogue, display, engine, opendata, selectors, services
from agilepa.indicators.engine import Period, Scope
from agilepa.indicators.models import DeclaredValue, Target
from agilepa.org.models import Body, Network

router = Router(tags=["indicators"])
BASE = "/bodies/{body}/indicators"


class IndicatorOut(Schema):
    code: str
    name: str
    dimension: str
    area: str
    definition: str
    formula: str
    unit: str
    higher_is_better: bool
    source: str
    reference: str


def _indicator(ind: catalogue.Indicator) -> dict:
    return {
        "code": ind.code,
        "name": str(ind.name),
        "dimension": ind.dimension.value,
        "area": str(ind.area),
        "definition": str(ind.definition),
        "formula": str(ind.formula),
        "unit": ind.unit.value,
        "higher_is_better": ind.higher_is_better,
        "source": ind.source.value,
        "reference": str(ind.reference),
    }


@router.get(
    "/indicators/catalogue",
    response=list[IndicatorOut],
    auth=None,
    summary="The catalogue of the POLA/PIAO 3.2 indicators",
)
def catalogue_list(request: HttpRequest):
    return [_indicator(i) for i in catalogue.INDICATORS]


class ValueOut(Schema):
    code: str
    value: float | None
    withheld: bool
    numerator: float | None
    denominator: float | None
    people: int | None  # None when withheld: not even how many
    source: str
    note: str
    target: float | None = None
    phase: str | None = None


class FiguresOut(Schema):
    period: str
    unit_id: int | None
    as_of: datetime | None
    stale: bool
    values: list[ValueOut]


def _period(text: str | None) -> Period:
    try:
        return Period.parse(text or str(timezone.localdate().year))
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from exc


@router.get(BASE, response=FiguresOut, summary="Every indicator of the body or a unit's subtree")
def figures(request: HttpRequest, body: str, period: str | None = None, unit_id: int | None = None):
    access = api_access(request, body, observes_aggregates)
    found = _period(period)
    unit = selectors.scope_unit(access, unit_id)
    scope = Scope.unit(unit) if unit else Scope.body(access.body)
    values = engine.compute(scope, found)
    protection = selectors.protection_of(access.body.pk, found.year)
    hidden = protection.hidden_codes(unit.pk if unit else None, str(found))
    shown = display.show(values, hidden)
    plans = {}
    if unit is None:
        # The phase of a withheld figure would tell its range: phases read the masked values.
        masked = display.mask(values, hidden)
        plans = {
            r.indicator.code: r for r in selectors.plan_rows(access.body.pk, found.year, masked)
        }
    refreshed, stale = selectors.as_of([access.body.pk], found.months)
    out = []
    for code, s in shown.items():
        plan = plans.get(code)
        target = plan.target_for(found.year) if plan else None
        out.append(
            {
                "code": code,
                "value": s.number,
                "withheld": s.hidden,
                "numerator": s.value.numerator,
                "denominator": s.value.denominator,
                "people": None if s.hidden else s.value.people,
                "source": s.indicator.source.value,
                "note": s.value.note,
                "target": None if target is None else float(target),
                "phase": plan.phase.name.lower() if plan and plan.phase is not None else None,
            }
        )
    return {
        "period": str(found),
        "unit_id": unit.pk if unit else None,
        "as_of": refreshed,
        "stale": stale,
        "values": out,
    }


class DeclaredIn(Schema):
    code: text_of(DeclaredValue, "code")
    year: Year
    value: Decimal
    note: text_of(DeclaredValue, "note") = ""


class DeclaredOut(Schema):
    code: str
    year: int
    value: float
    note: str
    entered_by: str
    entered_at: datetime


@router.post(f"{BASE}/declared", response={201: DeclaredOut}, summary="Declare a value (HR)")
def declare(request: HttpRequest, body: str, payload: DeclaredIn):
    from agilepa.indicators.forms import DeclaredForm

    access = get_access_or_404(request.user, body)
    if not access.is_hr:
        raise PermissionDeniedForRole
    form = DeclaredForm(payload.dict())
    if not form.is_valid():
        raise ValidationError(
            {k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()}
        )
    d = form.cleaned_data
    row = services.declare(access, d["code"], d["year"], d["value"], d["note"])
    return Status(
        201,
        {
            "code": row.code,
            "year": row.year,
            "value": float(row.value),
            "note": row.note,
            "entered_by": request.user.email,
            "entered_at": row.entered_at,
        },
    )


class TargetIn(Schema):
    code: text_of(Target, "code")
    plan_year: Year
    baseline: Decimal | None = None
    baseline_year: Year | None = None
    target_1: Decimal
    target_2: Decimal
    target_3: Decimal


class TargetOut(Schema):
    code: str
    plan_year: int
    baseline: float | None
    baseline_year: int | None
    target_1: float
    target_2: float
    target_3: float


@router.put(f"{BASE}/targets", response=TargetOut, summary="Set an indicator's targets (HR)")
def set_target(request: HttpRequest, body: str, payload: TargetIn):
    from agilepa.indicators.forms import TargetForm

    access = get_access_or_404(request.user, body)
    if not access.is_hr:
        raise PermissionDeniedForRole
    form = TargetForm({k: v for k, v in payload.dict().items() if v is not None})
    if not form.is_valid():
        raise ValidationError(
            {k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()}
        )
    d = dict(form.cleaned_data)
    code, plan_year = d.pop("code"), d.pop("plan_year")
    t = services.set_target(access, code, plan_year, **d)
    return {
        "code": t.code,
        "plan_year": t.plan_year,
        "baseline": None if t.baseline is None else float(t.baseline),
        "baseline_year": t.baseline_year,
        "target_1": float(t.target_1),
        "target_2": float(t.target_2),
        "target_3": float(t.target_3),
    }


class SpreadOut(Schema):
    code: str
    bodies: int
    # False when fewer bodies than the network's minimum have a figure: no statistics then.
    compared: bool
    q1: float | None
    median: float | None
    q3: float | None
    own: float | None = None
    members: list[dict] = []


def _spreads(network: Network, period: Period, viewer: Body | None, coordinator: bool):
    table = selectors.benchmark_table(network, period, viewer, coordinator)
    return [
        {
            "code": line.indicator.code,
            "bodies": line.spread.n,
            "compared": not line.spread.hidden,
            "q1": display.rounded(line.spread.q1, line.indicator.unit),
            "median": display.rounded(line.spread.median, line.indicator.unit),
            "q3": display.rounded(line.spread.q3, line.indicator.unit),
            "own": display.rounded(line.own.value, line.indicator.unit) if line.own else None,
            "members": [
                {"body": name, "value": display.rounded(value, line.indicator.unit)}
                for name, value in line.members
            ],
        }
        for line in table.lines
    ]


@router.get(
    f"{BASE}/benchmark",
    response=list[SpreadOut],
    summary="The body against the network's median and quartiles",
)
def body_benchmark(
    request: HttpRequest, body: str, network: str | None = None, period: str | None = None
):
    access = get_access_or_404(request.user, body)
    if not (access.is_hr or access.has_any(Role.OBSERVER)):
        raise PermissionDeniedForRole
    networks = services.member_networks(access).order_by("name")
    found = networks.filter(slug=network).first() if network else networks.first()
    if found is None:
        if network:
            raise Http404
        return []
    return _spreads(found, _period(period), access.body, coordinator=False)


@router.get(
    "/networks/{network}/indicators",
    response=list[SpreadOut],
    summary="Every member's indicators (the coordinator)",
)
def network_indicators(request: HttpRequest, network: str, period: str | None = None):
    found = coordinated_network(request.user, network)
    return _spreads(found, _period(period), None, coordinator=True)


@router.get(
    "/open-data/indicators/{scope_kind}/{scope_slug}/{year}",
    auth=None,
    summary="Open data: the indicators per body and year, with their schema",
)
def open_data(
    request: HttpRequest, scope_kind: str, scope_slug: str, year: Year, format: str = "json"
):
    from agilepa.indicators.views import _open_bodies

    if scope_kind not in ("network", "body") or not 2000 <= year <= 2100:
        raise Http404
    bodies, network = _open_bodies(scope_kind, scope_slug)
    data = opendata.rows(bodies, year, network)
    if format == "csv":
        return HttpResponse(opendata.as_csv(data), content_type="text/csv; charset=utf-8")
    return HttpResponse(opendata.as_json(data), content_type="application/json")
