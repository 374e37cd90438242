"""Reads of the awards: which calls a body or a network sees, what a juror may read, the
progress of the jury and the ranking. Every read is scoped: by the body's `Access`, by the
network the user coordinates, or by the juror's own seat on the jury."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from agilepa.awards.models import (
    Application,
    ApplicationStatus,
    AwardCall,
    Criterion,
    Juror,
    OpenTo,
    Score,
)
from agilepa.awards.ranking import CriterionSpec, Entry, Ranked, Tie, rank
from agilepa.core.access import Access, can_coordinate, resolve_access
from agilepa.core.models import RoleAssignment, User
from agilepa.org.models import Body, Membership, MembershipStatus, Network, Person

MEMBER = [MembershipStatus.APPLIED, MembershipStatus.SIGNED, MembershipStatus.ACTIVE]
ELIGIBLE_MEMBER = [MembershipStatus.SIGNED, MembershipStatus.ACTIVE]


def user_body_ids(user: User) -> set[int]:
    """The bodies a user belongs to: as an active person, or through a role in the body."""
    people = Person.objects.filter(user=user, is_active=True).values_list("body_id", flat=True)
    roles = RoleAssignment.objects.filter(user=user, body__isnull=False).values_list(
        "body_id", flat=True
    )
    return set(people) | set(roles)


def may_organise(user: User, call: AwardCall) -> bool:
    """The network's coordinators for a network's call; the body's HR office for a body's."""
    if call.network_id:
        return can_coordinate(user, call.network)
    access = resolve_access(user, call.body)
    return access is not None and access.is_hr


def eligible_body_ids(call: AwardCall) -> set[int]:
    """Listed bodies; for a network's call open to its members, those that signed the protocol
    (and the coordinating body)."""
    if call.open_to == OpenTo.MEMBERS and call.network_id:
        members = set(
            Membership.objects.filter(
                network_id=call.network_id, status__in=ELIGIBLE_MEMBER
            ).values_list("body_id", flat=True)
        )
        return members | {call.network.coordinator_id}
    return set(call.eligible_bodies.values_list("pk", flat=True))


def is_eligible(call: AwardCall, body: Body) -> bool:
    return body.pk in eligible_body_ids(call)


def calls_for(access: Access) -> QuerySet[AwardCall]:
    """The calls a body sees: its own, those listing it, those of its networks, and those it
    applied to."""
    body = access.body
    networks = Membership.objects.filter(body=body, status__in=MEMBER).values("network_id")
    return (
        AwardCall.objects.filter(
            Q(body=body)
            | Q(eligible_bodies=body)
            | Q(network__in=networks)
            | Q(network__coordinator=body)
            | Q(applications__body=body)
        )
        .select_related("network", "body")
        .distinct()
    )


def get_call(access: Access, call_id: int) -> AwardCall:
    return get_object_or_404(calls_for(access), pk=call_id)


def network_call(network: Network, call_id: int) -> AwardCall:
    return get_object_or_404(
        AwardCall.objects.select_related("network"), network=network, pk=call_id
    )


def public_call(slug: str) -> AwardCall:
    """A call whose results the organiser made public (after the jury closed); else 404."""
    return get_object_or_404(
        AwardCall.objects.select_related("network", "body"),
        slug=slug,
        results_public=True,
        jury_closed_at__isnull=False,
    )


def jury_calls(user: User) -> QuerySet[AwardCall]:
    return AwardCall.objects.filter(jurors__user=user).select_related("network", "body")


def juror_of(user: User, call_id: int) -> Juror:
    """The user's seat on the jury of a call; 404 for anyone who is not a juror of it."""
    return get_object_or_404(
        Juror.objects.select_related("call", "call__network", "call__body"),
        call_id=call_id,
        user=user,
    )


def excluded_body_ids(juror: Juror) -> set[int]:
    """The bodies whose applications the juror may not score: those they belonged to when
    named, and while the jury sits, those they belong to now (frozen when it closes)."""
    bodies = set(juror.bodies)
    if not juror.call.jury_closed:
        bodies |= user_body_ids(juror.user)
    return bodies


def applications_for_juror(juror: Juror) -> QuerySet[Application]:
    """The submitted applications the juror may read and score: never their own body's."""
    return (
        Application.objects.filter(call=juror.call, status=ApplicationStatus.SUBMITTED)
        .exclude(body_id__in=excluded_body_ids(juror))
        .select_related("body")
    )


def juror_application(juror: Juror, application_id: int) -> Application:
    return get_object_or_404(applications_for_juror(juror), pk=application_id)


def submitted(call: AwardCall) -> QuerySet[Application]:
    return Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED).select_related(
        "body"
    )


@dataclass(frozen=True)
class Missing:
    juror_id: int
    juror: str
    application_id: int
    body: str
    criteria: int  # how many criteria the juror has not scored

    def as_dict(self) -> dict[str, object]:
        return {
            "juror": self.juror,
            "application_id": self.application_id,
            "body": self.body,
            "criteria_missing": self.criteria,
        }


def eligible_pairs(call: AwardCall) -> list[tuple[Juror, Application]]:
    apps = list(submitted(call))
    pairs = []
    for juror in call.jurors.select_related("user", "call"):
        excluded = excluded_body_ids(juror)
        pairs += [(juror, a) for a in apps if a.body_id not in excluded]
    return pairs


def missing_scores(call: AwardCall) -> list[Missing]:
    """Every juror-application pair the jury still has to score (criteria left out)."""
    criteria = call.criteria.count()
    done: dict[tuple[int, int], int] = {}
    for juror_id, app_id in Score.objects.filter(application__call=call).values_list(
        "juror_id", "application_id"
    ):
        done[(juror_id, app_id)] = done.get((juror_id, app_id), 0) + 1
    return [
        Missing(j.pk, j.user.email, a.pk, a.body.name, criteria - done.get((j.pk, a.pk), 0))
        for j, a in eligible_pairs(call)
        if done.get((j.pk, a.pk), 0) < criteria
    ]


def criteria_specs(call: AwardCall) -> list[CriterionSpec]:
    return [CriterionSpec(c.pk, c.name, c.weight, c.position) for c in call.criteria.all()]


@dataclass(frozen=True)
class Results:
    call: AwardCall
    criteria: list[Criterion]
    ranked: list[Ranked]
    ties: list[Tie]
    missing: list[dict[str, object]]

    def rows(self) -> list[dict[str, object]]:
        """The ranking for pages and the API: totals (0-100) and criterion means as floats,
        to two decimals; `shared` marks a position held ex aequo."""
        positions = [r.position for r in self.ranked]
        return [
            {
                "position": r.position,
                "shared": positions.count(r.position) > 1,
                "application_id": r.application_id,
                "body": r.name,
                "total": _float(r.total),
                "means": [
                    {"criterion": c.name, "weight": c.weight, "mean": _float(r.means.get(c.pk))}
                    for c in self.criteria
                ],
            }
            for r in self.ranked
        ]

    def tie_notes(self) -> list[dict[str, object]]:
        return [
            {
                "first": t.first,
                "second": t.second,
                "total": _float(t.total),
                "criterion": t.criterion,
                "first_mean": _float(t.first_mean),
                "second_mean": _float(t.second_mean),
            }
            for t in self.ties
        ]


def _float(value) -> float | None:
    return None if value is None else round(float(value), 2)


def results(call: AwardCall) -> Results:
    """The ranking, from the scores of the jurors eligible for each application."""
    pairs = {(j.pk, a.pk) for j, a in eligible_pairs(call)}
    apps = {a.pk: a for a in submitted(call)}
    scores: dict[int, dict[int, list[int]]] = {pk: {} for pk in apps}
    for app_id, crit_id, juror_id, value in Score.objects.filter(
        application__call=call
    ).values_list("application_id", "criterion_id", "juror_id", "value"):
        if (juror_id, app_id) in pairs and app_id in scores:
            scores[app_id].setdefault(crit_id, []).append(value)
    entries = [Entry(pk, a.body.name, scores[pk]) for pk, a in apps.items()]
    ranked, ties = rank(criteria_specs(call), entries, call.scale_max)
    return Results(call, list(call.criteria.all()), ranked, ties, call.missing_at_close)
