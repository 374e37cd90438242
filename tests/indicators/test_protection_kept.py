"""The withheld cells are decided once per body, year and process and kept with the digest of
everything they were decided from (protection.body_protection). The attack on that keeping: a
first request, then a change that must change what is withheld, then a second request, for
each kind of input (the unit tree, the summary's person-months, the objectives' owners, the
survey answers, the survey threshold). The second request must withhold what a fresh decision
withholds, and the change must have mattered (else the test would not catch a stale answer)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest

from agilepa.indicators import protection
from agilepa.indicators.models import PersonMonth
from agilepa.objectives.models import Level, Objective
from agilepa.surveys.models import SurveyCampaign
from tests.indicators.attack_world import YEAR, Target, answer, build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_kept() -> Iterator[None]:
    protection._KEPT.clear()
    yield
    protection._KEPT.clear()


@pytest.fixture
def decisions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the cells were decided (not taken from what was kept)."""
    made: list[int] = []
    decide = protection.decide

    def counted(inputs: protection.BodyInputs) -> protection.Protection:
        made.append(1)
        return decide(inputs)

    monkeypatch.setattr(protection, "decide", counted)
    return made


def withheld(t: Target) -> dict[str, frozenset]:
    return protection.body_protection(t.body.pk, YEAR).withheld


def fresh(t: Target) -> dict[str, frozenset]:
    return protection.decide(protection.body_inputs(t.body.pk, YEAR)).withheld


def test_nothing_changed_the_kept_cells_are_given_again(decisions: list[int]) -> None:
    t = build()
    first = withheld(t)
    second = withheld(t)
    assert len(decisions) == 1
    assert first == second == fresh(t)


def move_people(t: Target) -> None:
    # Four of Area B's six people counted in Area A: Area B is about two people.
    PersonMonth.objects.filter(person__in=t.team_b[:4]).update(unit=t.a)


def move_unit(t: Target) -> None:
    # Area A under Area B: the Ente's only child is B, the one withheld beside the head.
    t.a.parent = t.b
    t.a.save(update_fields=["parent"])


def give_an_objective(t: Target) -> None:
    Objective.objects.create(
        body=t.body,
        code="P-1",
        level=Level.PERSON,
        unit=t.a,
        owner=t.team_a[0],
        title="Pratiche",
        year=YEAR,
        period="Q1",
    )


def answer_more(t: Target) -> None:
    answer(t, [date(YEAR, 5, 4)])


def raise_the_threshold(t: Target) -> None:
    SurveyCampaign.objects.filter(body=t.body).update(min_group=10)


@pytest.mark.parametrize(
    "change", [move_people, move_unit, give_an_objective, answer_more, raise_the_threshold]
)
def test_a_change_to_any_input_is_decided_again(
    change: Callable[[Target], None], decisions: list[int]
) -> None:
    t = build()
    answer(t, [date(YEAR, 3, d) for d in range(2, 9)])  # seven answers in March
    before = withheld(t)
    change(t)
    after = withheld(t)
    assert len(decisions) == 2
    assert after == fresh(t)
    assert after != before, "the change must matter, or a stale answer would go unnoticed"


def test_past_the_cap_the_oldest_decision_is_dropped(
    decisions: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(protection, "KEPT_DECISIONS", 1)
    first, second = build(), build()
    withheld(first)
    withheld(second)
    assert len(protection._KEPT) == 1
    again = withheld(first)
    assert len(decisions) == 3
    assert again == fresh(first)
