"""Pages of the maturity self-assessment: the body's years and trend, one year's result
against the network's median, HR's questionnaire, and the coordinator's view of the network."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agilepa.community.selectors import suggested_materials
from agilepa.core.access import Access, Role
from agilepa.core.charts import PALETTE, Series, chart_config
from agilepa.core.decorators import body_view
from agilepa.core.policies import coordinated_network, hr_or_observer
from agilepa.maturity import selectors, services
from agilepa.maturity.models import AssessmentStatus
from agilepa.maturity.questionnaire import (
    DIMENSION_LABELS,
    LEVELS,
    PHASE_LABELS,
    Dimension,
    items_of,
    score,
)

HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)
READERS = (Role.HR_ADMIN, Role.PLATFORM_ADMIN, Role.OBSERVER)


def _dimension_rows(result, median=None) -> list[dict[str, object]]:
    return [
        {
            "key": d.value,
            "label": DIMENSION_LABELS[d],
            "score": result.scores.get(d),
            "phase": PHASE_LABELS[result.phases[d]] if d in result.phases else None,
            "median": median.by_dimension[d] if median and median.by_dimension else None,
        }
        for d in Dimension
    ]


@body_view(hr_or_observer)
def overview(request: HttpRequest, access: Access) -> HttpResponse:
    assessments = list(selectors.assessments_for(access))
    rows = selectors.trend(access)
    chart = {
        "labels": [str(r.year) for r in rows],
        "datasets": [
            {
                "label": str(DIMENSION_LABELS[d]),
                "data": [float(r.result.scores[d]) for r in rows],
            }
            for d in Dimension
        ],
        "overall": [float(r.result.overall) for r in rows],
    }
    context = {
        "access": access,
        "assessments": [
            (a, r, PHASE_LABELS[r.overall_phase] if r.overall_phase else None)
            for a, r in ((a, score(a.answers)) for a in assessments)
        ],
        "trend": [
            {
                "year": r.year,
                "overall": r.result.overall,
                "phase": PHASE_LABELS[r.result.overall_phase],
                "scores": [r.result.scores[d] for d in Dimension],
            }
            for r in rows
        ],
        "dimensions": [DIMENSION_LABELS[d] for d in Dimension],
        "chart": chart_config(
            "line",
            chart["labels"],
            [Series(d["label"], d["data"]) for d in chart["datasets"]],
            y_min=0,
            y_max=100,
        ),
        "this_year": timezone.localdate().year,
        "started_years": {a.year for a in assessments},
        "nav": "maturity",
    }
    return render(request, "maturity/overview.html", context)


@body_view(*HR)
@require_POST
def start(request: HttpRequest, access: Access) -> HttpResponse:
    try:
        year = int(request.POST.get("year", timezone.localdate().year))
        assessment = services.start(access, year)
    except (ValueError, ValidationError):
        messages.error(request, _("Choose a year from 2017 to 2100."))
        return redirect("maturity:overview", access.body.slug)
    return redirect("maturity:edit", access.body.slug, assessment.year)


@body_view(*HR)
def edit(request: HttpRequest, access: Access, assessment_year: int) -> HttpResponse:
    year = assessment_year
    assessment = selectors.get_assessment(access, year)
    if assessment.status != AssessmentStatus.DRAFT:
        return redirect("maturity:result", access.body.slug, year)
    status = 200
    if request.method == "POST":
        answers: dict[str, object] = {}
        for dimension in Dimension:
            for item in items_of(dimension):
                raw = request.POST.get(item.code, "")
                answers[item.code] = int(raw) if raw.isdigit() else None
        try:
            services.save_answers(access, assessment, answers, request.POST.get("notes", ""))
            if request.POST.get("action") == "submit":
                services.submit(access, assessment)
                messages.success(request, _("The self-assessment is submitted."))
                return redirect("maturity:result", access.body.slug, year)
            messages.success(request, _("The draft is saved."))
            return redirect("maturity:edit", access.body.slug, year)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            status = 422
    context = {
        "access": access,
        "assessment": assessment,
        "sections": [
            {
                "key": d.value,
                "label": DIMENSION_LABELS[d],
                "items": [(item, assessment.answers.get(item.code)) for item in items_of(d)],
            }
            for d in Dimension
        ],
        "levels": LEVELS,
        "result": score(assessment.answers),
        "nav": "maturity",
    }
    return render(request, "maturity/edit.html", context, status=status)


@body_view(*READERS)
def result(request: HttpRequest, access: Access, assessment_year: int) -> HttpResponse:
    year = assessment_year
    assessment = selectors.get_assessment(access, year)
    outcome = score(assessment.answers)
    networks = list(selectors.networks_of(access.body).order_by("name"))
    network = next((n for n in networks if n.slug == request.GET.get("network")), None)
    network = network or (networks[0] if networks else None)
    median = selectors.network_median(network, year, exclude=access.body) if network else None
    rows = _dimension_rows(outcome, median)
    weakest = outcome.weakest() if outcome.complete else []
    chart = {
        "labels": [str(r["label"]) for r in rows],
        "body": [float(r["score"]) if r["score"] is not None else None for r in rows],
        "median": [float(r["median"]) for r in rows] if median and median.by_dimension else None,
        "body_label": access.body.name,
        "median_label": _("Network median"),
    }
    context = {
        "access": access,
        "assessment": assessment,
        "result": outcome,
        "overall_phase": PHASE_LABELS[outcome.overall_phase] if outcome.overall_phase else None,
        "rows": rows,
        "networks": networks,
        "network": network,
        "median": median,
        "min_others": selectors.MIN_OTHERS,
        "weakest": [DIMENSION_LABELS[d] for d in weakest],
        "next_steps": selectors.next_steps(assessment.answers, weakest),
        "materials": suggested_materials(access, [d.value for d in weakest], limit=6),
        "chart": chart_config(
            "radar",
            chart["labels"],
            [Series(chart["body_label"], chart["body"])]
            + (
                [Series(chart["median_label"], chart["median"], PALETTE[2], dashed=True)]
                if chart["median"]
                else []
            ),
            y_min=0,
            y_max=100,
        ),
        "nav": "maturity",
    }
    return render(request, "maturity/result.html", context)


@login_required
def network_view(request: HttpRequest, network: str) -> HttpResponse:
    """Every member's submitted result of a year, for the network's coordinator."""
    found = coordinated_network(request.user, network)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    results = selectors.submitted_results(found, year)
    median = selectors.network_median(found, year)
    context = {
        "network": found,
        "current_network": found,
        "year": year,
        "dimensions": [DIMENSION_LABELS[d] for d in Dimension],
        "rows": [
            {
                "body": body,
                "assessment": assessment,
                "overall": outcome.overall,
                "phase": PHASE_LABELS[outcome.overall_phase],
                "scores": [outcome.scores[d] for d in Dimension],
            }
            for body, assessment, outcome in results
        ],
        "median": [median.by_dimension[d] for d in Dimension] if median.by_dimension else None,
        "median_overall": median.overall,
        "min_others": selectors.MIN_OTHERS,
        "nav": "network",
    }
    return render(request, "maturity/network.html", context)
