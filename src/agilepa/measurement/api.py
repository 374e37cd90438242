"""API routes of commute profiles, savings and campaigns, with the same permissions as the
pages: a person their own profile and savings, HR any profile, aggregates for HR, managers and
observers (groups under 5 people, and their complements, hidden for everyone), campaigns for
the body's roles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from agilepa.core.access import Access
from agilepa.core.api_types import Year, text_of
from agilepa.core.policies import api_access, coordinated_network, is_hr
from agilepa.measurement import campaigns, selectors, services
from agilepa.measurement.factors import Mode
from agilepa.measurement.models import Campaign, CommuteProfile
from agilepa.measurement.savings import Tally
from agilepa.org.models import Network, Person

router = Router(tags=["measurement"])
BASE = "/bodies/{body}"


class ProfileIn(Schema):
    distance_km: Decimal
    minutes: int
    mode: text_of(CommuteProfile, "mode")


class ProfileOut(Schema):
    person_id: int
    home_municipality: str | None  # declared at /me/home (org), the single source
    distance_km: float | None
    minutes: int | None
    mode: str | None
    suggested_km: float | None  # from the home municipality's coordinates, road x 1.3


class Figures(Schema):
    people: int
    remote_days: int
    coworking_days: int
    days: int
    km: float
    hours: float
    kg_co2: float
    eur: float


class MonthOut(Schema):
    month: str
    figures: Figures


class GroupOut(Schema):
    label: str
    key: str
    suppressed: bool
    figures: Figures | None  # None: a group too small to show


class BodySavingsOut(Schema):
    year: int
    total: Figures | None  # None: fewer than 5 people in the whole body (not HR)
    by_unit: list[GroupOut]
    by_month: list[GroupOut]
    people_without_profile: int


def _figures(tally: Tally) -> dict[str, object]:
    r = tally.rounded()
    return {k: float(v) if isinstance(v, Decimal) else v for k, v in r.items()}


def _groups(rows: list[selectors.Row]) -> list[dict[str, object]]:
    return [
        {
            "label": r.label,
            "key": str(r.key),
            "suppressed": r.suppressed,
            "figures": None if r.suppressed else _figures(r.tally),
        }
        for r in rows
    ]


def _profile_out(person: Person) -> dict[str, object]:
    profile = selectors.profile_of(person)
    suggestion = selectors.suggested_km(person)
    return {
        "person_id": person.pk,
        "home_municipality": str(person.home_municipality) if person.home_municipality else None,
        "distance_km": float(profile.distance_km) if profile else None,
        "minutes": profile.minutes if profile else None,
        "mode": profile.mode if profile else None,
        "suggested_km": float(suggestion) if suggestion is not None else None,
    }


def _save(access: Access, person: Person, payload: ProfileIn) -> dict[str, object]:
    if payload.mode not in Mode.values:
        raise ValidationError({"mode": f"One of: {', '.join(Mode.values)}."})
    services.save_profile(access, person, payload.distance_km, payload.minutes, payload.mode)
    return _profile_out(person)


@router.get(f"{BASE}/me/commute", response=ProfileOut, summary="My commute profile")
def my_profile(request: HttpRequest, body: str):
    access = api_access(request, body)
    return _profile_out(selectors.profile_person(access))


@router.put(f"{BASE}/me/commute", response=ProfileOut, summary="Declare my commute")
def set_my_profile(request: HttpRequest, body: str, payload: ProfileIn):
    access = api_access(request, body)
    return _save(access, selectors.profile_person(access), payload)


@router.get(
    f"{BASE}/people/{{person_id}}/commute", response=ProfileOut, summary="A person's commute (HR)"
)
def person_profile(request: HttpRequest, body: str, person_id: int):
    access = api_access(request, body)
    return _profile_out(selectors.profile_person(access, person_id))


@router.put(
    f"{BASE}/people/{{person_id}}/commute",
    response=ProfileOut,
    summary="Correct a person's commute (HR)",
)
def set_person_profile(request: HttpRequest, body: str, person_id: int, payload: ProfileIn):
    access = api_access(request, body)
    return _save(access, selectors.profile_person(access, person_id), payload)


@router.get(f"{BASE}/me/savings", response=list[MonthOut], summary="My savings by month")
def my_savings(request: HttpRequest, body: str, year: Year | None = None):
    access = api_access(request, body)
    rows = selectors.my_savings(access, year or timezone.localdate().year)
    return [{"month": r.label, "figures": _figures(r.tally)} for r in rows]


@router.get(
    f"{BASE}/commute-savings",
    response=BodySavingsOut,
    summary="The body's savings by unit and month (aggregates)",
)
def body_savings(request: HttpRequest, body: str, year: Year | None = None):
    access = api_access(request, body)
    result = selectors.body_savings(access, year or timezone.localdate().year)
    return {
        "year": result.year,
        "total": None if result.total_hidden else _figures(result.total),
        "by_unit": _groups(result.by_unit),
        "by_month": _groups(result.by_month),
        "people_without_profile": result.without_profile,
    }


class NetworkSavingsOut(Schema):
    year: int
    total: Figures | None  # None when the whole network's savers are fewer than 5
    by_body: list[GroupOut]


@router.get(
    "/networks/{network}/commute-savings",
    response=NetworkSavingsOut,
    summary="Each member body's savings (the coordinator)",
)
def network_savings(request: HttpRequest, network: str, year: Year | None = None):
    found: Network = coordinated_network(request.user, network)
    year = year or timezone.localdate().year
    rows, total = selectors.network_savings(found, year)
    small = 0 < len(total.people) < selectors.MIN_PEOPLE
    return {"year": year, "total": None if small else _figures(total), "by_body": _groups(rows)}


class CampaignIn(Schema):
    title: text_of(Campaign, "title")
    slug: text_of(Campaign, "slug")
    start: date
    end: date
    description: text_of(Campaign, "description") = ""
    network: text_of(Network, "slug") | None = None  # the slug of a network the body coordinates
    survey_campaign: int | None = None  # a survey campaign of the body: its scores in the results


class CampaignOut(Schema):
    id: int
    title: str
    slug: str
    description: str
    start: date
    end: date
    organiser: str
    network: str | None
    results_public: bool
    signed_up: bool


def _campaign_out(access: Access, c) -> dict[str, object]:
    return {
        "id": c.pk,
        "title": c.title,
        "slug": c.slug,
        "description": c.description,
        "start": c.start,
        "end": c.end,
        "organiser": c.organiser.slug,
        "network": c.network.slug if c.network_id else None,
        "results_public": c.results_public,
        "signed_up": c.bodies.filter(body=access.body).exists(),
    }


@router.get(f"{BASE}/campaigns", response=list[CampaignOut], summary="Campaigns open to the body")
def list_campaigns(request: HttpRequest, body: str):
    access = api_access(request, body)
    return [_campaign_out(access, c) for c in campaigns.campaigns_for(access)]


@router.post(f"{BASE}/campaigns", response={201: CampaignOut}, summary="Announce a campaign (HR)")
def create_campaign(request: HttpRequest, body: str, payload: CampaignIn):
    access = api_access(request, body, is_hr)
    network = None
    if payload.network:
        network = services.networks_organised_by(access.body).filter(slug=payload.network).first()
        if network is None:
            raise ValidationError({"network": "Not a network your body coordinates."})
    survey = None
    if payload.survey_campaign is not None:
        from agilepa.surveys.models import SurveyCampaign

        survey = SurveyCampaign.objects.filter(body=access.body, pk=payload.survey_campaign).first()
        if survey is None:
            raise ValidationError({"survey_campaign": "Not a survey campaign of your body."})
    with transaction.atomic():  # the campaign and its survey, or nothing
        campaign = services.create_campaign(
            access,
            title=payload.title,
            slug=payload.slug,
            start=payload.start,
            end=payload.end,
            description=payload.description,
            network=network,
        )
        if survey is not None:
            campaign = services.update_campaign(access, campaign, survey_campaign=survey)
    return Status(201, _campaign_out(access, campaign))


@router.post(
    f"{BASE}/campaigns/{{campaign_id}}/sign-up",
    response=CampaignOut,
    summary="Sign the body up (HR)",
)
def sign_up(request: HttpRequest, body: str, campaign_id: int):
    access = api_access(request, body)
    campaign = campaigns.get_campaign(access, campaign_id)
    services.join(access, campaign, timezone.localdate())
    return _campaign_out(access, campaign)


class PledgeIn(Schema):
    days: list[date]


class PledgeOut(Schema):
    days: list[date]


@router.put(
    f"{BASE}/campaigns/{{campaign_id}}/my-pledge",
    response=PledgeOut,
    summary="Pledge my days (replaces the days still to come)",
)
def set_pledge(request: HttpRequest, body: str, campaign_id: int, payload: PledgeIn):
    access = api_access(request, body)
    campaign = campaigns.get_campaign(access, campaign_id)
    services.pledge(access, campaign, payload.days, timezone.localdate())
    return {
        "days": list(
            campaign.pledges.filter(person_id=access.person_id).values_list("date", flat=True)
        )
    }


class BodyResultOut(Schema):
    body: str | None  # None: the bodies with fewer than 5 participants, together
    ipa_code: str
    kind: str
    figures: Figures


class ResultsOut(Schema):
    bodies_signed_up: int
    public_bodies: int
    private_bodies: int
    shown: bool  # False: fewer than 5 participants, no figures
    total: Figures | None
    by_body: list[BodyResultOut]
    survey_highlights: list[dict]


@router.get(
    f"{BASE}/campaigns/{{campaign_id}}/results",
    response=ResultsOut,
    summary="A campaign's results (no personal data)",
)
def campaign_results(request: HttpRequest, body: str, campaign_id: int):
    access = api_access(request, body)
    found = campaigns.results(campaigns.get_campaign(access, campaign_id))
    return {
        "bodies_signed_up": found.bodies_signed_up,
        "public_bodies": found.public_bodies,
        "private_bodies": found.private_bodies,
        "shown": found.shown,
        "total": _figures(found.total) if found.shown else None,
        "by_body": [
            {
                "body": None if b.grouped else b.name,
                "ipa_code": b.ipa_code,
                "kind": b.kind,
                "figures": _figures(b.tally),
            }
            for b in found.by_body
        ]
        if found.shown
        else [],
        "survey_highlights": found.survey_highlights,
    }
