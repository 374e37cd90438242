"""The share of objectives achieved, by unit, for smart workers and others (for the
indicators), with small groups suppressed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from agilepa.agreements.models import AgreementStatus
from agilepa.objectives.measures import achievement
from agilepa.objectives.services import record_checkin
from tests.factories import PersonFactory, make_agreement, make_regulation
from tests.objectives.helpers import access_of, make_objective, numeric


def test_achievement_splits_smart_workers_from_the_others(world) -> None:
    hr = access_of(world)
    a = world.a
    make_regulation(a.body)
    people = [PersonFactory(body=a.body, unit=a.service) for _ in range(10)]
    for person in people[:5]:
        make_agreement(person, status=AgreementStatus.ACTIVE, start_date=date(2027, 1, 1))
    # An agreement that ended before the reference day does not make a smart worker.
    make_agreement(
        people[5],
        status=AgreementStatus.ACTIVE,
        start_date=date(2026, 3, 1),
        end_date=date(2026, 12, 31),
    )
    for n, person in enumerate(people):
        objective = make_objective(hr, f"P{n}", person, level="person", krs=[numeric(target=10)])
        achieved = n in (0, 1, 2, 5)  # three smart workers, one other
        record_checkin(
            hr,
            objective,
            values={objective.key_results.get().pk: Decimal(10 if achieved else 3)},
            milestones_done=set(),
            comment="x",
            confidence="high",
            today=date(2027, 6, 1),
        )
    make_objective(hr, "U", a.manager_person, unit=a.service)
    result = achievement(a.body, 2027, today=date(2028, 2, 1))
    assert result.reference_day == date(2027, 12, 31)
    (service,) = result.by_unit
    assert service.unit == a.service.name
    assert (service.smart_workers.objectives, service.smart_workers.achieved) == (5, 3)
    assert service.smart_workers.share == 0.6
    assert (service.others.objectives, service.others.achieved) == (5, 1)
    assert service.units.objectives == 1 and service.units.achieved == 0


def test_a_group_of_fewer_than_five_people_is_not_shown(world) -> None:
    hr = access_of(world)
    objective = make_objective(hr, "SOLO", world.a.employee_person, level="person")
    record_checkin(
        hr,
        objective,
        values={objective.key_results.get().pk: Decimal(100)},
        milestones_done=set(),
        comment="x",
        confidence="high",
        today=date(2027, 6, 1),
    )
    result = achievement(world.a.body, 2027, today=date(2028, 1, 1))
    assert result.others.suppressed and result.others.share is None
    assert result.by_unit[0].others.suppressed
