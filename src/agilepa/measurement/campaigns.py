"""Reads of campaigns: which a body sees, and the results (participants, days, km, CO2, hours).

A pledged day counts unless the actuals say the person was in the office or absent that day.
Results never name a person; the public page and the open data group the bodies with fewer
than MIN_PEOPLE participants into one row."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from agilepa.core.access import Access
from agilepa.measurement.models import Campaign, CampaignBody, CommuteProfile, Pledge
from agilepa.measurement.savings import Commute, Tally, factor_of, remote_day
from agilepa.measurement.selectors import MIN_PEOPLE, bodies_factors
from agilepa.org.models import Body, BodyKind, Membership, MembershipStatus
from agilepa.planning.models import ActualDay, PlanDayKind

MEMBER = [MembershipStatus.APPLIED, MembershipStatus.SIGNED, MembershipStatus.ACTIVE]


def network_member(body: Body, network_id: int) -> bool:
    return (
        Membership.objects.filter(body=body, network_id=network_id, status__in=MEMBER).exists()
        or body.coordinated_networks.filter(pk=network_id).exists()
    )


def campaigns_for(access: Access) -> QuerySet[Campaign]:
    """Campaigns open to the body (a city's, its networks'), its own, and those it joined."""
    body = access.body
    networks = Membership.objects.filter(body=body, status__in=MEMBER).values("network_id")
    return (
        Campaign.objects.filter(
            Q(network__isnull=True)
            | Q(network__in=networks)
            | Q(network__coordinator=body)
            | Q(organiser=body)
            | Q(bodies__body=body)
        )
        .select_related("organiser", "network")
        .distinct()
    )


def get_campaign(access: Access, pk: int) -> Campaign:
    return get_object_or_404(campaigns_for(access), pk=pk)


def public_campaign(slug: str) -> Campaign:
    """A campaign whose results the organiser made public; any other answers 404."""
    return get_object_or_404(Campaign, slug=slug, results_public=True)


@dataclass(frozen=True)
class BodyResult:
    name: str
    ipa_code: str
    kind: str
    tally: Tally
    grouped: bool = False  # the bodies under MIN_PEOPLE participants, together


@dataclass(frozen=True)
class Results:
    campaign: Campaign
    bodies_signed_up: int
    public_bodies: int
    private_bodies: int
    total: Tally
    by_body: list[BodyResult]
    without_profile: int
    survey_highlights: list[dict[str, object]]

    @property
    def shown(self) -> bool:
        """Figures are shown once MIN_PEOPLE people took part: fewer could be told apart."""
        return len(self.total.people) >= MIN_PEOPLE


def survey_highlights(campaign: Campaign) -> list[dict[str, object]]:
    """The scores of the campaign's survey, as [{"question", "answer", "respondents"}]: each
    instrument's mean and 95 % interval in the latest wave with enough respondents. The
    surveys' own results decide what may be shown (nothing under their threshold)."""
    if campaign.survey_campaign_id is None:
        return []
    from agilepa.surveys.selectors import public_scores

    return public_scores(campaign.survey_campaign)


def results(campaign: Campaign) -> Results:
    """The campaign's figures in a handful of queries whatever the pledges: the days that
    count are counted in SQL, a person at a time (a network's campaign pledges thousands)."""
    signed = list(CampaignBody.objects.filter(campaign=campaign).select_related("body"))
    not_remote = (
        ActualDay.objects.filter(
            person_id=OuterRef("person_id"),
            date=OuterRef("date"),
            date__range=(campaign.start, campaign.end),
        )
        .exclude(kind=PlanDayKind.REMOTE)
        .order_by()
    )
    pledged = Pledge.objects.filter(campaign=campaign)
    # Each person's pledged days that count, counted in SQL: one row a person.
    counted = list(
        pledged.exclude(Exists(not_remote))
        .order_by()
        .values("person_id")
        .annotate(days=Count("pk"))
        .values_list("person_id", "person__body_id", "days")
    )
    profiles = {
        pid: Commute(distance_km, minutes, mode)
        for pid, distance_km, minutes, mode in CommuteProfile.objects.filter(
            person_id__in=pledged.values("person_id")
        )
        .order_by()
        .values_list("person_id", "distance_km", "minutes", "mode")
    }
    factors = bodies_factors({body_id for _pid, body_id, _days in counted})
    per_body: dict[int, Tally] = defaultdict(Tally)
    without_profile: set[int] = set()
    signed_ids = {e.body_id for e in signed}
    for pid, body_id, days in counted:
        if body_id not in signed_ids:
            continue
        commute = profiles.get(pid)
        if commute is None:
            without_profile.add(pid)
            tally = Tally(remote_days=1)
        else:
            tally = remote_day(commute, factor_of(commute.mode, factors.get(body_id)))
        tally.people.add(pid)
        # Exact decimals: `days` times a day's saving is the sum of the days.
        per_body[body_id].add(tally.times(days))
    total = Tally()
    rows: list[BodyResult] = []
    small = Tally()
    for entry in signed:
        tally = per_body.get(entry.body_id, Tally())
        total.add(tally)
        if len(tally.people) < MIN_PEOPLE:
            small.add(tally)
            continue
        rows.append(BodyResult(entry.body.name, entry.body.ipa_code or "", entry.body.kind, tally))
    # The group itself must reach MIN_PEOPLE, or the total minus the named bodies would tell
    # its figures: the smallest named bodies join it until it does.
    rows.sort(key=lambda r: len(r.tally.people))
    while small.people and len(small.people) < MIN_PEOPLE and rows:
        small.add(rows.pop(0).tally)
    rows.sort(key=lambda r: r.name)
    if small.people or small.days:
        rows.append(BodyResult("", "", "", small, grouped=True))
    private = sum(1 for e in signed if e.body.kind == BodyKind.PRIVATE)
    return Results(
        campaign,
        len(signed),
        len(signed) - private,
        private,
        total,
        rows,
        len(without_profile),
        survey_highlights(campaign),
    )
