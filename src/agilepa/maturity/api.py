"""API routes of the maturity self-assessment, with the pages' permissions: the body's HR
reads and writes, its observers read the submitted results, the network's coordinator reads
every member's submitted results."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.api_types import Year, text_of
from agilepa.core.policies import api_access, coordinated_network, hr_or_observer
from agilepa.maturity import selectors, services
from agilepa.maturity.models import Assessment
from agilepa.maturity.questionnaire import ITEMS, LEVELS, Dimension, Result

router = Router(tags=["maturity"])
BASE = "/bodies/{body}/maturity"


class MaturityItemOut(Schema):
    code: str
    dimension: str
    text: str
    source: str


class QuestionnaireOut(Schema):
    dimensions: list[str]
    levels: dict[int, str]
    items: list[MaturityItemOut]


class ScoresOut(Schema):
    scores: dict[str, float]
    overall: float | None
    phases: dict[str, str]
    overall_phase: str | None
    unanswered: list[str]


class AssessmentOut(ScoresOut):
    year: int
    status: str
    answers: dict[str, int]
    notes: str
    submitted_at: datetime | None
    network_median: dict[str, float] | None  # None: fewer than 3 other bodies submitted
    network: str | None


class MaturityAnswersIn(Schema):
    answers: dict[str, int | None]
    notes: text_of(Assessment, "notes") | None = None


class NetworkRowOut(ScoresOut):
    body: str
    body_name: str
    submitted_at: datetime | None


class MaturityNetworkOut(Schema):
    year: int
    bodies: list[NetworkRowOut]
    median: dict[str, float] | None


def _scores(result: Result) -> dict[str, object]:
    return {
        "scores": {d.value: float(s) for d, s in result.scores.items()},
        "overall": float(result.overall) if result.overall is not None else None,
        "phases": {d.value: p.value for d, p in result.phases.items()},
        "overall_phase": result.overall_phase.value if result.overall_phase else None,
        "unanswered": list(result.unanswered),
    }


def _out(access: Access, assessment: Assessment, network_slug: str | None = None):
    networks = list(selectors.networks_of(access.body).order_by("name"))
    network = next((n for n in networks if n.slug == network_slug), None) or (
        networks[0] if networks else None
    )
    median = (
        selectors.network_median(network, assessment.year, exclude=access.body) if network else None
    )
    return {
        **_scores(assessment.result()),
        "year": assessment.year,
        "status": assessment.status,
        "answers": assessment.answers,
        "notes": assessment.notes,
        "submitted_at": assessment.submitted_at,
        "network_median": {d.value: float(m) for d, m in median.by_dimension.items()}
        if median and median.by_dimension
        else None,
        "network": network.slug if network else None,
    }


@router.get(f"{BASE}/questionnaire", response=QuestionnaireOut, summary="The questionnaire")
def questionnaire(request: HttpRequest, body: str):
    api_access(request, body, hr_or_observer)
    return {
        "dimensions": [d.value for d in Dimension],
        "levels": {value: str(label) for value, label in LEVELS},
        "items": [
            {
                "code": i.code,
                "dimension": i.dimension.value,
                "text": str(i.text),
                "source": i.source,
            }
            for i in ITEMS
        ],
    }


@router.get(f"{BASE}/assessments", response=list[AssessmentOut], summary="The body's years")
def list_assessments(request: HttpRequest, body: str):
    access = api_access(request, body, hr_or_observer)
    return [_out(access, a) for a in selectors.assessments_for(access)]


@router.get(
    f"{BASE}/assessments/{{assessment_year}}", response=AssessmentOut, summary="One year's result"
)
def get_assessment(
    request: HttpRequest, body: str, assessment_year: Year, network: str | None = None
):
    access = api_access(request, body, hr_or_observer)
    return _out(access, selectors.get_assessment(access, assessment_year), network)


@router.put(
    f"{BASE}/assessments/{{assessment_year}}",
    response=AssessmentOut,
    summary="Save answers to the year's draft, starting it if needed (HR)",
)
def save(request: HttpRequest, body: str, assessment_year: Year, payload: MaturityAnswersIn):
    access = api_access(request, body, hr_or_observer)
    assessment = services.start(access, assessment_year)
    services.save_answers(access, assessment, payload.answers, payload.notes)
    return _out(access, assessment)


@router.post(
    f"{BASE}/assessments/{{assessment_year}}/submit",
    response=AssessmentOut,
    summary="Submit the year (HR)",
)
def submit(request: HttpRequest, body: str, assessment_year: Year):
    access = api_access(request, body, hr_or_observer)
    if not access.is_hr:
        raise PermissionDeniedForRole
    assessment = services.submit(access, selectors.get_assessment(access, assessment_year))
    return _out(access, assessment)


@router.get(
    "/networks/{network}/maturity",
    response=MaturityNetworkOut,
    summary="Members' submitted results of a year (the network's coordinator)",
)
def network_results(request: HttpRequest, network: str, year: Year | None = None):
    found = coordinated_network(request.user, network)
    year = year or timezone.localdate().year
    median = selectors.network_median(found, year)
    return {
        "year": year,
        "bodies": [
            {
                **_scores(result),
                "body": body.slug,
                "body_name": body.name,
                "submitted_at": assessment.submitted_at,
            }
            for body, assessment, result in selectors.submitted_results(found, year)
        ],
        "median": {d.value: float(m) for d, m in median.by_dimension.items()}
        if median.by_dimension
        else None,
    }
