"""Campaigns for the tests, run through the services as HR would."""

from __future__ import annotations

from datetime import date

from agilepa.agreements.models import AgreementStatus
from agilepa.core.access import resolve_access
from agilepa.surveys import services
from agilepa.surveys.models import SurveyCampaign, Wave
from tests.factories import PersonFactory, make_agreement, make_regulation

OPENS = date(2027, 2, 1)
CLOSES = date(2027, 2, 20)
DURING = date(2027, 2, 10)


def access_of(world, role: str = "hr_admin", side: str = "a"):
    return resolve_access(world.users[role], getattr(world, side).body)


def staff(world, smart: int, others: int, unit=None) -> None:
    """Add people to body A's service (or `unit`): `smart` of them with an active agreement."""
    unit = unit or world.a.service
    make_regulation(world.a.body)
    for i in range(smart + others):
        person = PersonFactory(body=world.a.body, unit=unit, email=f"p{unit.pk}-{i}@a.it")
        if i < smart:
            make_agreement(person, status=AgreementStatus.ACTIVE, start_date=date(2026, 3, 1))


def campaign_with_wave(
    world, instruments=("who5", "wlb"), kind: str = "baseline", min_group: int = 5
) -> tuple[SurveyCampaign, Wave]:
    hr = access_of(world)
    survey = services.create_survey(hr, "Benessere", list(instruments))
    campaign = services.create_campaign(hr, survey, "Benessere 2027", min_group=min_group)
    wave = services.add_wave(hr, campaign, kind, "Prima", OPENS, CLOSES)
    return campaign, wave


def who5_answers(level: int) -> dict[str, object]:
    answers: dict[str, object] = {f"who5_{i}": level for i in range(1, 6)}
    answers.update({"wlb_1": 4, "wlb_2": 2, "wlb_3": 4, "wlb_4": 4})
    return answers
