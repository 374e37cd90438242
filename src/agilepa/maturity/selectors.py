"""Reads of the maturity self-assessment, scoped by role: the body's HR sees its drafts and
results, its observers (CUG/RSU) the submitted results read-only, the network's coordinator
every member's submitted results. The network's median never reveals one body: it is shown
only when at least MIN_OTHERS other bodies submitted that year."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.maturity.models import Assessment, AssessmentStatus
from agilepa.maturity.questionnaire import (
    ITEMS,
    MAX_LEVEL,
    Dimension,
    Item,
    Result,
    median,
    score,
)
from agilepa.org.models import Body, Membership, MembershipStatus, Network

MIN_OTHERS = 3
MEMBER = [MembershipStatus.APPLIED, MembershipStatus.SIGNED, MembershipStatus.ACTIVE]


def may_read(access: Access) -> bool:
    return access.is_hr or access.has_any(Role.OBSERVER)


def assessments_for(access: Access) -> QuerySet[Assessment]:
    """The body's assessments: all of them for HR, the submitted ones for observers."""
    if not may_read(access):
        raise PermissionDeniedForRole
    found = Assessment.objects.filter(body=access.body).select_related("submitted_by")
    if not access.is_hr:
        found = found.filter(status=AssessmentStatus.SUBMITTED)
    return found.order_by("-year")


def get_assessment(access: Access, year: int) -> Assessment:
    found = assessments_for(access).filter(year=year).first()
    if found is None:
        raise Http404("No assessment of that year")
    return found


def networks_of(body: Body) -> QuerySet[Network]:
    member_of = Membership.objects.filter(body=body, status__in=MEMBER).values("network_id")
    return Network.objects.filter(pk__in=member_of) | Network.objects.filter(coordinator=body)


def _member_bodies(network: Network) -> set[int]:
    members = set(
        Membership.objects.filter(network=network, status__in=MEMBER).values_list(
            "body_id", flat=True
        )
    )
    return members | {network.coordinator_id}


def submitted_results(network: Network, year: int) -> list[tuple[Body, Assessment, Result]]:
    """Every member body's submitted assessment of the year, with its result."""
    found = (
        Assessment.objects.filter(
            body_id__in=_member_bodies(network), year=year, status=AssessmentStatus.SUBMITTED
        )
        .select_related("body", "submitted_by")
        .order_by("body__name")
    )
    return [(a.body, a, score(a.answers)) for a in found]


@dataclass(frozen=True)
class NetworkMedian:
    network: Network
    others: int  # other member bodies that submitted the year
    by_dimension: dict[Dimension, Decimal] | None  # None below MIN_OTHERS
    overall: Decimal | None


def network_median(network: Network, year: int, exclude: Body | None = None) -> NetworkMedian:
    """The median per dimension of the other member bodies' submitted assessments of the
    year; hidden (None) when fewer than MIN_OTHERS of them submitted."""
    results = [
        r for b, _a, r in submitted_results(network, year) if exclude is None or b != exclude
    ]
    if len(results) < MIN_OTHERS:
        return NetworkMedian(network, len(results), None, None)
    by_dimension = {d: median([r.scores[d] for r in results]) for d in Dimension}
    overall = median([r.overall for r in results if r.overall is not None])
    return NetworkMedian(network, len(results), by_dimension, overall)


@dataclass(frozen=True)
class TrendRow:
    year: int
    result: Result


def trend(access: Access) -> list[TrendRow]:
    """The body's submitted results, oldest year first."""
    submitted = assessments_for(access).filter(status=AssessmentStatus.SUBMITTED)
    return [TrendRow(a.year, score(a.answers)) for a in sorted(submitted, key=lambda a: a.year)]


def next_steps(answers: dict[str, int], dimensions: list[Dimension]) -> list[tuple[Item, int]]:
    """The items of the weakest dimensions that are not yet fully in place, lowest level first:
    where a body starts improving."""
    return sorted(
        (
            (item, int(answers.get(item.code, 0)))
            for item in ITEMS
            if item.dimension in dimensions and int(answers.get(item.code, 0)) < MAX_LEVEL
        ),
        key=lambda pair: (pair[1], list(Dimension).index(pair[0].dimension)),
    )
