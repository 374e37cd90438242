"""Pages of the indicators: the dashboard (HR: the body and any unit; a manager: their subtree;
an observer CUG/RSU: aggregates only), targets and declared values (HR), the network benchmark,
the coordinator's view of all members, and the open data."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agilepa.core import formats
from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.core.charts import Series, chart_config
from agilepa.core.decorators import body_view
from agilepa.core.forms import add_service_errors
from agilepa.core.policies import coordinated_network, observes_aggregates
from agilepa.core.worker import waiting_too_long
from agilepa.indicators import catalogue, display, engine, opendata, selectors, services
from agilepa.indicators.engine import Period, Scope
from agilepa.indicators.forms import DeclaredForm, TargetForm
from agilepa.indicators.models import DeclaredValue
from agilepa.indicators.summary import as_of
from agilepa.indicators.tasks import refresh_dirty
from agilepa.org.models import Body, Network, OrgUnit

HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)
AGGREGATES = (Role.HR_ADMIN, Role.PLATFORM_ADMIN, Role.MANAGER, Role.OBSERVER)
TREND = ("IMP_AGILE_DAYS", "IMP_AGILE_WORKERS")
BREAKDOWN = ("IMP_AGILE_WORKERS", "IMP_AGILE_DAYS", "IMP_COWORKING", "PERF_ABSENCE", "IMPACT_KM")


def _period(request: HttpRequest) -> Period:
    text = request.GET.get("period") or str(timezone.localdate().year)
    try:
        return Period.parse(text)
    except ValueError:
        return Period(timezone.localdate().year)


def _scope_unit(request: HttpRequest, access: Access) -> OrgUnit | None:
    raw = request.GET.get("unit")
    if not raw:
        return selectors.scope_unit(access, None)
    try:
        return selectors.scope_unit(access, int(raw))
    except ValueError:
        raise Http404 from None


def _grouped(shown: dict[str, display.Shown], rows=None):
    plan = {r.indicator.code: r for r in rows or []}
    groups = []
    for dim, name in catalogue.DIMENSION_NAMES.items():
        items = [
            (shown[i.code], plan.get(i.code)) for i in catalogue.INDICATORS if i.dimension == dim
        ]
        groups.append((name, items))
    return groups


@body_view(observes_aggregates)
def dashboard(request: HttpRequest, access: Access) -> HttpResponse:
    period = _period(request)
    unit = _scope_unit(request, access)
    scope = Scope.unit(unit) if unit else Scope.body(access.body)
    protection = selectors.protection_of(access.body.pk, period.year)
    own = unit.pk if unit else None
    values = engine.compute(scope, period)
    hidden = protection.hidden_codes(own, str(period))
    shown = display.show(values, hidden)
    # The phase of a withheld figure would tell its range: phases read the masked values.
    masked = display.mask(values, hidden)
    rows = selectors.plan_rows(access.body.pk, period.year, masked) if unit is None else []
    overall = selectors.phases.overall([r.phase for r in rows if r.target is not None])
    months = {
        m: display.show(v, protection.hidden_codes(own, f"{m:%Y-%m}"))
        for m, v in engine.by_month(scope, period.year).items()
    }
    trend = {
        "labels": [formats.month(m) for m in months],
        "series": [
            {
                "label": str(catalogue.get(code).name),
                "data": [v[code].number for v in months.values()],
            }
            for code in TREND
        ],
    }
    # The breakdown: the units directly under the scope, each with its own subtree's people.
    children = (
        OrgUnit.objects.filter(body=access.body, parent=unit)
        if unit
        else (OrgUnit.objects.filter(body=access.body, parent__isnull=True))
    )
    children = list(children.order_by("name"))
    per_child = engine.by_subtree(scope, period, children)
    breakdown = [
        (
            child,
            display.show(per_child[child.pk], protection.hidden_codes(child.pk, str(period))),
        )
        for child in children
        if child.pk in per_child
    ]
    refreshed, stale = as_of([access.body.pk], period.months)
    context = {
        "access": access,
        "nav": "indicators",
        "period": period,
        "unit": unit,
        "groups": _grouped(shown, rows),
        "overall": overall,
        "has_targets": any(r.target for r in rows),
        "trend": trend,
        "trend_chart": chart_config(
            "line",
            trend["labels"],
            [Series(s["label"], s["data"]) for s in trend["series"]],
            y_title="%",
        ),
        "trend_rows": [
            (label, [s["data"][i] for s in trend["series"]])
            for i, label in enumerate(trend["labels"])
        ],
        "trend_names": [s["label"] for s in trend["series"]],
        "breakdown": [(c, [f[code] for code in BREAKDOWN]) for c, f in breakdown],
        "breakdown_names": [catalogue.get(code).name for code in BREAKDOWN],
        "units": selectors.scope_units(access),
        "refreshed": refreshed,
        "stale": stale,
        # The rebuild queued and not started by any worker within a minute: say what to do.
        "stalled": stale and waiting_too_long(refresh_dirty, access.body.pk),
        "k": display.K,
        "publishing": bool(opendata.publishing([access.body])),
    }
    return render(request, "indicators/dashboard.html", context)


@body_view(*HR)
@require_POST
def refresh(request: HttpRequest, access: Access) -> HttpResponse:
    period = _period(request)
    services.refresh_now(access, period.year)
    messages.success(request, _("The figures are being recomputed: reload the page in a moment."))
    return redirect(f"{request.path.rsplit('refresh/', 1)[0]}?period={period}")


@body_view(*HR)
def declared(request: HttpRequest, access: Access) -> HttpResponse:
    year = _period(request).year
    form = DeclaredForm(request.POST or None, initial={"year": year})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            services.declare(access, data["code"], data["year"], data["value"], data["note"])
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?period={data['year']}")
        status = 422
    history = DeclaredValue.objects.filter(body=access.body, year=year).select_related("entered_by")
    latest = engine.latest_declared([access.body.pk], year)
    context = {
        "access": access,
        "nav": "indicators",
        "form": form,
        "year": year,
        "indicators": [(i, latest.get((access.body.pk, i.code))) for i in catalogue.DECLARED],
        "history": history,
    }
    return render(request, "indicators/declared.html", context, status=status)


@body_view(*HR)
def targets(request: HttpRequest, access: Access) -> HttpResponse:
    year = _period(request).year
    form = TargetForm(request.POST or None, initial={"plan_year": year})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            code, plan_year = data.pop("code"), data.pop("plan_year")
            try:
                services.set_target(access, code, plan_year, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(f"{request.path}?period={plan_year}")
        status = 422
    current = selectors.targets_of(access.body.pk, year)
    context = {
        "access": access,
        "nav": "indicators",
        "form": form,
        "year": year,
        "rows": [(i, current.get(i.code)) for i in catalogue.INDICATORS],
    }
    return render(request, "indicators/targets.html", context, status=status)


def _benchmark_context(network, period: Period, viewer: Body | None, coordinator: bool):
    table = selectors.benchmark_table(network, period, viewer, coordinator)
    lines = [
        {
            "indicator": line.indicator,
            "spread": line.spread,
            "q1": display.text(line.spread.q1, line.indicator.unit),
            "median": display.text(line.spread.median, line.indicator.unit),
            "q3": display.text(line.spread.q3, line.indicator.unit),
            "own": display.text(line.own.value, line.indicator.unit) if line.own else "",
            "members": [(name, display.text(v, line.indicator.unit)) for name, v in line.members],
        }
        for line in table.lines
    ]
    return {
        "network": network,
        "period": period,
        "lines": lines,
        "opted": table.opted,
        "sees_names": table.sees_names,
        "k": display.K,
        "minimum": max(network.benchmark_min_bodies, engine.MIN_BODIES),
    }


@body_view(*AGGREGATES)
def benchmark(request: HttpRequest, access: Access) -> HttpResponse:
    if not (access.is_hr or access.has_any(Role.OBSERVER)):
        raise PermissionDeniedForRole
    period = _period(request)
    networks = list(services.member_networks(access).order_by("name"))
    network = None
    if networks:
        wanted = request.GET.get("network")
        network = next((n for n in networks if n.slug == wanted), networks[0])
    context = {
        "access": access,
        "nav": "indicators",
        "networks": networks,
        "period": period,
        "publishing": bool(opendata.publishing([access.body])),
    }
    if network is not None:
        context.update(_benchmark_context(network, period, access.body, coordinator=False))
    return render(request, "indicators/benchmark.html", context)


@body_view(*HR)
@require_POST
def open_data_opt_in(request: HttpRequest, access: Access) -> HttpResponse:
    """HR publishes the body's named figures as open data, or stops."""
    services.set_open_data(access, request.POST.get("published") == "1")
    messages.success(request, _("Saved."))
    return redirect(request.path.rsplit("open-data/", 1)[0])


@body_view(*HR)
@require_POST
def opt_in(request: HttpRequest, access: Access) -> HttpResponse:
    network = services.member_networks(access).filter(slug=request.POST.get("network")).first()
    if network is None:
        messages.error(request, _("Choose a network the body is a member of."))
        return redirect(request.path.rsplit("opt-in/", 1)[0])
    services.set_opt_in(access, network, request.POST.get("shown") == "1")
    messages.success(request, _("Saved."))
    return redirect(f"{request.path.rsplit('opt-in/', 1)[0]}?network={network.slug}")


def network_indicators(request: HttpRequest, network: str) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    found = coordinated_network(request.user, network)
    period = _period(request)
    context = _benchmark_context(found, period, None, coordinator=True)
    context.update({"current_network": found, "nav": "network"})
    return render(request, "indicators/network.html", context)


def _open_bodies(kind: str, slug: str) -> tuple[list[Body], Network | None]:
    """The bodies of an open-data file, and its network. A body that did not opt in to open
    data has no file of its own (404): it is only in its networks' totals."""
    if kind == "network":
        network = Network.objects.filter(slug=slug).first()
        if network is None:
            raise Http404
        return list(selectors.network_bodies(network).order_by("name")), network
    body = Body.objects.filter(slug=slug).first()
    if body is None or not opendata.publishing([body]):
        raise Http404
    return [body], None


def open_data(
    request: HttpRequest, scope_kind: str, scope_slug: str, year: int, fmt: str
) -> HttpResponse:
    """Public: the indicators of a body, or of a network's members, for a year."""
    if not 2000 <= year <= 2100:
        raise Http404
    slug = scope_slug
    bodies, network = _open_bodies(scope_kind, slug)
    data = opendata.rows(bodies, year, network)
    if fmt == "json":
        response = HttpResponse(opendata.as_json(data), content_type="application/json")
    else:
        response = HttpResponse(opendata.as_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="indicatori-{slug}-{year}.{fmt}"'
    return response
