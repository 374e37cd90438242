"""Demo data: a wellbeing campaign with a baseline and a follow-up, answered by most of the
body, where smart workers' WHO-5 and work-life balance improve more than the others'. The
answers go through the same sealed pool as real ones, and each wave, closed, is counted as the
daily job would count it."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from agilepa.core.access import Access, Role
from agilepa.org.models import Body
from agilepa.surveys import services
from agilepa.surveys.models import PendingAnswer, SpentToken, Survey, SurveyCampaign


@transaction.atomic
def seed_surveys(body: Body | None, progress: Callable[[str], None]) -> int:
    """One transaction for the whole campaign; the answers are written a wave at a time (see
    below), and counted by `services.count_wave` as the daily job counts them."""
    if body is None:
        return 0
    rng = random.Random(8)
    hr = Access(user_id=0, body=body, roles=frozenset({Role.HR_ADMIN}))
    survey = services.create_survey(
        hr,
        "Benessere e conciliazione",
        ["who5", "wlb", "commute", "smart_working"],
        "Un questionario anonimo di pochi minuti, prima e dopo il lavoro agile.",
    )
    campaign = services.create_campaign(hr, survey, "Benessere e lavoro agile")
    today = timezone.localdate()
    answered = 0
    for kind, label, start, lift in (
        ("baseline", "Prima (T0)", today - timedelta(days=220), 0),
        ("follow_up", "Dopo sei mesi (T1)", today - timedelta(days=40), 1),
    ):
        wave = services.add_wave(hr, campaign, kind, label, start, start + timedelta(days=20))
        sent = services.send_wave(hr, wave, notify=False)
        spent: list[SpentToken] = []
        pending: list[PendingAnswer] = []
        invitations = {
            i.person_id: i for i in wave.invitations.select_related("wave__campaign__survey")
        }
        for person_id, token in sent.tokens.items():
            if rng.random() > 0.7:
                continue
            boost = lift if invitations[person_id].smart_worker else 0
            answers: dict[str, object] = {
                f"who5_{i}": min(5, max(0, rng.randint(1, 4) + boost)) for i in range(1, 6)
            }
            for i in range(1, 5):
                value = min(5, max(1, rng.randint(2, 4) + boost))
                answers[f"wlb_{i}"] = 6 - value if i == 2 else value
            answers |= {
                "commute_km": rng.choice([3, 8, 12, 20, 35]),
                "commute_minutes": rng.choice([15, 25, 40, 60]),
                "commute_mode": rng.choice(["car", "bus", "train", "bicycle"]),
                "sw_autonomy": rng.randint(2, 5),
                "sw_disconnect": rng.randint(1, 5),
            }
            # What `services.submit` writes for an answer on this day of the open wave (the
            # draw kept, so that every other draw is the same): the token's spent mark and the
            # sealed envelope in the wave's pool, written here in two statements for the wave
            # instead of two a response. The checks `submit` makes of a stranger's link
            # (a token of this wave, not yet spent, the wave open that day) hold by
            # construction: the tokens are the ones `send_wave` just made, each used once.
            rng.randint(0, 19)
            mark, sealed = services.answer_rows(invitations[person_id], token, answers)
            spent.append(mark)
            pending.append(sealed)
            answered += 1
        SpentToken.objects.bulk_create(spent, batch_size=1000)
        PendingAnswer.objects.bulk_create(pending, batch_size=1000)
        services.count_wave(wave.pk, today=start + timedelta(days=21))
    progress(f"Surveys: one campaign in two waves, {answered} anonymous responses.")
    return answered


def reset() -> None:
    """Remove the demo bodies' campaigns, then their surveys (which campaigns protect)."""
    from agilepa.demo.data import BODIES

    slugs = [spec.slug for spec in BODIES]
    SurveyCampaign.objects.filter(body__slug__in=slugs).delete()
    Survey.objects.filter(body__slug__in=slugs).delete()
