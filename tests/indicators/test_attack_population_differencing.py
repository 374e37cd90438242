"""Attack (issue 16): everyone minus the smart workers. The indicators give the share of
objectives achieved by everyone; the objectives' measures give it for the smart workers and the
others apart. With six smart workers and one other (the head), the others' cell is withheld,
but everyone minus the smart workers would be the head's results: the smart workers' cell must
go too."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from agilepa.agreements.models import AgreementStatus
from agilepa.indicators import summary
from agilepa.objectives.models import Objective
from tests.factories import make_agreement, make_regulation
from tests.indicators.attack_world import YEAR, Attacker, build

pytestmark = pytest.mark.django_db


def _objective(person, achieved: bool) -> None:
    Objective.objects.create(
        body=person.body,
        code=f"O{person.pk}",
        level="person",
        unit=person.unit,
        owner=person,
        title="Obiettivo",
        year=YEAR,
        period="Y",
        progress=Decimal("1" if achieved else "0.4"),
        state="active",
    )


@pytest.mark.parametrize("role", ["hr", "observer"])
def test_everyone_minus_the_smart_workers_never_gives_the_heads_results(role) -> None:
    t = build()
    make_regulation(t.body)
    for n, person in enumerate(t.team_a):
        make_agreement(person, status=AgreementStatus.ACTIVE, start_date=date(YEAR, 1, 1))
        _objective(person, achieved=n < 3)
    _objective(t.head, achieved=True)  # the one other: the secret
    summary.refresh_year(t.body.pk, YEAR, today=date(YEAR, 12, 31))
    attacker = Attacker(t, getattr(t, role))
    everyone = attacker.figure("PERF_OBJECTIVES_ACHIEVED", str(YEAR))
    response = attacker.client.get(f"/api/v1/bodies/{t.body.slug}/objectives-achieved?year={YEAR}")
    assert response.status_code == 200, response.content
    measures = response.json()
    assert measures["others"]["suppressed"] and measures["others"]["achieved"] is None
    smart = measures["smart_workers"]
    found = everyone["numerator"] is not None and smart["achieved"] is not None
    assert not found, "everyone minus the smart workers gives the head's objective"


def test_the_shares_are_shown_when_both_groups_are_large_enough() -> None:
    t = build()
    make_regulation(t.body)
    for person in t.team_a:
        make_agreement(person, status=AgreementStatus.ACTIVE, start_date=date(YEAR, 1, 1))
        _objective(person, achieved=True)
    for person in t.team_b:
        _objective(person, achieved=False)
    summary.refresh_year(t.body.pk, YEAR, today=date(YEAR, 12, 31))
    response = Attacker(t, t.hr).client.get(
        f"/api/v1/bodies/{t.body.slug}/objectives-achieved?year={YEAR}"
    )
    measures = response.json()
    assert measures["smart_workers"]["achieved"] == 6
    assert measures["others"]["achieved"] == 0 and measures["others"]["objectives"] == 6
