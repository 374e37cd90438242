"""Demo self-assessments: every demo body submitted last year's, the Comune di Bologna the
year before as well (a trend), so the network's median shows; this year's is for HR to start."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from agilepa.maturity.models import Assessment
from agilepa.maturity.questionnaire import ITEMS
from agilepa.org.models import Body

SEED = 2032


def _answers(rng: random.Random, base: float) -> dict[str, int]:
    return {item.code: max(0, min(4, round(rng.gauss(base, 0.9)))) for item in ITEMS}


def seed_maturity(
    bodies: list[Body], bologna: Body, progress: Callable[[str], None] = print
) -> None:
    rng = random.Random(SEED)
    last_year = timezone.localdate().year - 1
    submitted_at = timezone.now() - timedelta(days=300)
    rows = [
        Assessment(
            body=body,
            year=last_year,
            status="submitted",
            answers=_answers(rng, rng.uniform(1.2, 3.2)),
            submitted_at=submitted_at,
        )
        for body in bodies
    ]
    rows.append(
        Assessment(
            body=bologna,
            year=last_year - 1,
            status="submitted",
            answers=_answers(rng, 1.4),
            submitted_at=submitted_at - timedelta(days=365),
        )
    )
    Assessment.objects.bulk_create(rows)
    progress(f"Maturity: {len(rows)} submitted self-assessments")
