"""Demo commute profiles and a campaign: most demo people declare their commute (the distance
from their home municipality, the mode by distance), and the network held a smart-working week
in September whose results are public."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from agilepa.measurement.models import Campaign, CampaignBody, CommuteProfile, Pledge
from agilepa.measurement.savings import road_km
from agilepa.org.models import Body, Network, Person

SEED = 2027
PROFILE_SHARE = 0.8  # the share of people who declared their commute
PLEDGE_SHARE = 0.35


def _mode(km: Decimal, rng: random.Random) -> str:
    if km <= 2:
        return rng.choice(["foot", "bike"])
    if km <= 8:
        return rng.choice(["bike", "bus", "metro", "car_petrol", "motorbike"])
    if km <= 25:
        return rng.choice(["bus", "car_petrol", "car_diesel", "car_hybrid", "train", "mixed"])
    return rng.choice(["train", "car_diesel", "car_petrol", "car_methane", "car_electric"])


def seed_commute(
    bodies: list[Body], network: Network, progress: Callable[[str], None] = print
) -> None:
    rng = random.Random(SEED)
    profiles = []
    with transaction.atomic():
        for body in bodies:
            for person in Person.objects.filter(body=body).select_related("home_municipality"):
                home = person.home_municipality
                if home is None or rng.random() > PROFILE_SHARE:
                    continue
                km = road_km(home.latitude, home.longitude, body.latitude, body.longitude)
                km = (
                    max(km if km is not None else Decimal(0), Decimal("0.5"))
                    + Decimal(rng.randint(0, 30)) / 10
                )
                minutes = int(8 + float(km) * rng.uniform(1.2, 2.5))
                profiles.append(
                    CommuteProfile(
                        person=person, distance_km=km, minutes=minutes, mode=_mode(km, rng)
                    )
                )
        CommuteProfile.objects.bulk_create(profiles, batch_size=1000)
        year = timezone.localdate().year
        start = date(year, 9, 15)
        start += timedelta(days=(7 - start.weekday()) % 7)  # the Monday of the mobility week
        campaign = Campaign.objects.create(
            organiser=network.coordinator,
            network=network,
            title=f"Settimana del lavoro agile {year}",
            slug=f"settimana-lavoro-agile-{year}",
            description="Una settimana di lavoro agile nella settimana europea della mobilità.",
            start=start,
            end=start + timedelta(days=4),
            results_public=True,
        )
        CampaignBody.objects.bulk_create([CampaignBody(campaign=campaign, body=b) for b in bodies])
        days = [start + timedelta(days=n) for n in range(5)]
        pledges = [
            Pledge(campaign=campaign, person_id=p.person_id, date=d)
            for p in profiles
            if rng.random() < PLEDGE_SHARE
            for d in rng.sample(days, rng.randint(1, 3))
        ]
        Pledge.objects.bulk_create(pledges, batch_size=1000)
    progress(
        f"Commute: {len(profiles)} profiles; campaign {campaign.title} with {len(pledges)} "
        "pledged days."
    )
