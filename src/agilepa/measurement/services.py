"""Writes of the measurement app: commute profiles, the body's factors, campaigns."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agilepa.core import formats
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.indicators import summary
from agilepa.indicators.models import SummaryState
from agilepa.measurement.factors import Mode
from agilepa.measurement.models import Campaign, CampaignBody, CommuteProfile, ModeFactor, Pledge
from agilepa.org.models import Body, Network, Person


def save_profile(
    access: Access, person: Person, distance_km: Decimal, minutes: int, mode: str
) -> CommuteProfile:
    """Declare (the person) or correct (HR) a commute profile."""
    if not (access.is_hr or person.pk == access.person_id):
        raise PermissionDeniedForRole
    profile = CommuteProfile.objects.filter(person=person).first() or CommuteProfile(person=person)
    profile.distance_km = distance_km
    profile.minutes = minutes
    profile.mode = mode
    profile.updated_by_id = access.user_id
    profile.full_clean(exclude=["person"])
    profile.save()
    return profile


def save_factor(
    access: Access, mode: str, kg_co2_per_km: Decimal, eur_per_km: Decimal, ticket_eur: Decimal
) -> ModeFactor:
    if not access.is_hr:
        raise PermissionDeniedForRole
    if mode not in Mode.values:
        raise ValidationError({"mode": _("Unknown mode.")})
    factor = ModeFactor.objects.filter(body=access.body, mode=mode).first() or ModeFactor(
        body=access.body, mode=mode
    )
    factor.kg_co2_per_km, factor.eur_per_km, factor.ticket_eur = (
        kg_co2_per_km,
        eur_per_km,
        ticket_eur,
    )
    factor.full_clean()
    factor.save()
    _savings_changed(access.body)
    return factor


def reset_factor(access: Access, mode: str) -> None:
    if not access.is_hr:
        raise PermissionDeniedForRole
    ModeFactor.objects.filter(body=access.body, mode=mode).delete()
    _savings_changed(access.body)


def _savings_changed(body: Body) -> None:
    """A factor changes the savings of every day the body has: the months of the monthly
    summary, which the savings pages read, are to be rebuilt (until then the pages sum those
    months from the days)."""
    months = SummaryState.objects.filter(body=body).values_list("month", flat=True)
    summary.mark_dirty(body.pk, list(months))


def networks_organised_by(body: Body):
    return Network.objects.filter(coordinator=body)


@transaction.atomic
def create_campaign(
    access: Access,
    *,
    title: str,
    slug: str,
    start: date,
    end: date,
    description: str = "",
    network: Network | None = None,
) -> Campaign:
    """A campaign announced by the body (a city), or by the network it coordinates."""
    if not access.is_hr:
        raise PermissionDeniedForRole
    if network is not None and network.coordinator_id != access.body.pk:
        raise ValidationError({"network": _("Only the network's coordinating body announces.")})
    campaign = Campaign(
        organiser=access.body,
        network=network,
        title=title,
        slug=slug,
        start=start,
        end=end,
        description=description,
    )
    campaign.full_clean()
    campaign.save()
    return campaign


def update_campaign(access: Access, campaign: Campaign, **fields: object) -> Campaign:
    if not access.is_hr or campaign.organiser_id != access.body.pk:
        raise PermissionDeniedForRole
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save()
    return campaign


def may_join(body: Body, campaign: Campaign) -> bool:
    if campaign.network_id is None or campaign.organiser_id == body.pk:
        return True
    from agilepa.measurement.campaigns import network_member

    return network_member(body, campaign.network_id)


def join(access: Access, campaign: Campaign, today: date) -> CampaignBody:
    """The body signs up (its HR office), until the campaign's last day."""
    if not access.is_hr:
        raise PermissionDeniedForRole
    if today > campaign.end:
        raise ValidationError(_("The campaign is over: a body can no longer sign up."))
    if not may_join(access.body, campaign):
        raise ValidationError(_("The campaign is open to the bodies of its network only."))
    entry, _created = CampaignBody.objects.get_or_create(
        campaign=campaign, body=access.body, defaults={"joined_by_id": access.user_id}
    )
    return entry


def pledge(access: Access, campaign: Campaign, days: list[date], today: date) -> list[Pledge]:
    """The caller pledges the given days of the campaign (replacing earlier pledges of days
    still to come), once their body has signed up."""
    if access.person_id is None:
        raise PermissionDeniedForRole
    if not CampaignBody.objects.filter(campaign=campaign, body=access.body).exists():
        raise ValidationError(_("Your body has not signed up for this campaign."))
    allowed = campaign_days(campaign)
    wrong = [d for d in days if d not in allowed]
    if wrong:
        raise ValidationError(
            {"days": _("%(day)s is not a day of the campaign.") % {"day": formats.day(wrong[0])}}
        )
    if any(d < today for d in days):
        raise ValidationError({"days": _("A past day cannot be pledged.")})
    with transaction.atomic():
        Pledge.objects.filter(
            campaign=campaign, person_id=access.person_id, date__gte=today
        ).delete()
        try:
            return [
                Pledge.objects.create(campaign=campaign, person_id=access.person_id, date=d)
                for d in sorted(set(days))
            ]
        except IntegrityError as exc:  # a past pledge of the same day
            raise ValidationError({"days": _("A day is pledged once.")}) from exc


def campaign_days(campaign: Campaign) -> list[date]:
    """The working days (Monday to Friday) of the campaign."""
    days = []
    day = campaign.start
    while day <= campaign.end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days
