"""Objectives for the tests, created through the services as a user would."""

from __future__ import annotations

from decimal import Decimal

from agilepa.core.access import resolve_access
from agilepa.objectives import services
from agilepa.objectives.services import KeyResultInput, ObjectiveInput


def access_of(world, role: str = "hr_admin", side: str = "a"):
    body = getattr(world, side).body
    return resolve_access(world.users[role], body)


def numeric(title="Pratiche evase", baseline=0, target=100, weight=1, direction="increase"):
    return KeyResultInput(
        title=title,
        kind="numeric",
        baseline=Decimal(baseline),
        target=Decimal(target),
        unit_of_measure="pratiche",
        direction=direction,
        weight=weight,
    )


def make_objective(
    access,
    code,
    owner,
    *,
    level="unit",
    unit=None,
    krs=None,
    parent=None,
    weight=1,
    year=2027,
    period="Y",
    shared=True,
):
    return services.create_objective(
        access,
        ObjectiveInput(
            code=code,
            title=f"Obiettivo {code}",
            level=level,
            year=year,
            period=period,
            owner_id=owner.pk,
            unit_id=unit.pk if unit is not None else None,
            parent_id=parent.pk if parent is not None else None,
            weight=weight,
            shared=shared,
        ),
        krs if krs is not None else [numeric()],
    )
