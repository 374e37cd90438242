"""Campaigns for the tests, run through the services as HR would."""

from __future__ import annotations

from datetime import date, timedelta

from agilepa.agreements.models import AgreementStatus
from agilepa.core.access import resolve_access
from agilepa.surveys import services
from agilepa.surveys.models import SurveyCampaign, Wave
from tests.factories import PersonFactory, make_agreement, make_regulation

OPENS = date(2027, 2, 1)
CLOSES = date(2027, 2, 20)
DURING = date(2027, 2, 10)
AFTER = date(2027, 2, 21)  # the day after the wave closed: the daily job counts it


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


def count(wave: Wave) -> int:
    """Count a wave as the daily job does the day after it closes."""
    return services.count_wave(wave.pk, today=wave.closes_on + timedelta(days=1))


def open_survey(client, token: str):
    """Open the survey with its code, as the answer page's script does (a POST)."""
    return client.post("/survey/", {"token": token, "step": "open"})


def send_answers(client, token: str, answers: dict[str, object]):
    """POST the answers with the code, as the survey's form does."""
    return client.post("/survey/", {"token": token, "step": "send", **answers})


def marked_answers(marker: int) -> dict[str, object]:
    """Answers to WHO-5, work-life balance and commute whose one-way km is `marker`: an
    attack that finds a response finds whose it is by its marker."""
    return who5_answers(3) | {"commute_km": marker, "commute_minutes": 30, "commute_mode": "car"}


def answered_in_order(world, how_many: int = 12):
    """A wave (WHO-5, WLB, commute; k = 3) of body A's people, `how_many` of whom answered
    one after the other, each in their own transaction; the i-th marks its answers with
    100 + i. Returns (wave, tokens by person, the person ids in the order they answered)."""
    staff(world, smart=6, others=6)
    _campaign, wave = campaign_with_wave(world, ("who5", "wlb", "commute"), min_group=3)
    sent = services.send_wave(access_of(world), wave, notify=False)
    order = []
    for i, (person_id, token) in enumerate(sorted(sent.tokens.items())[:how_many]):
        services.submit(token, marked_answers(100 + i), today=DURING)
        order.append(person_id)
    return Wave.objects.get(pk=wave.pk), sent.tokens, order
