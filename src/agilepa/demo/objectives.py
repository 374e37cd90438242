"""Demo objectives: the Comune di Bologna's objectives of the year for the demo manager's
area, its units and its people, aligned in a tree, with fortnightly check-ins since January
that draw the charts, and the activity log switched on with a few days written."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from agilepa.core.access import Access, Role
from agilepa.core.models import User
from agilepa.objectives import services
from agilepa.objectives.models import ActivityEntry, Objective, ObjectivesPolicy
from agilepa.objectives.services import KeyResultInput, ObjectiveInput
from agilepa.org.models import OrgUnit, Person

SEED = 2027
ACTIVITIES = [
    "Istruttoria di 6 pratiche di residenza; riunione online con l'ufficio tributi.",
    "Revisione del regolamento dei servizi cimiteriali, bozza inviata al dirigente.",
    "Risposte alle PEC arretrate (14); aggiornamento della modulistica online.",
    "Formazione e-learning sulla firma digitale; controllo di 20 dichiarazioni.",
]


def _numeric(title: str, baseline: int, target: int, unit: str, weight: int = 1) -> KeyResultInput:
    return KeyResultInput(
        title=title,
        kind="percentage" if unit == "%" else "numeric",
        baseline=Decimal(baseline),
        target=Decimal(target),
        unit_of_measure=unit,
        direction="increase" if target >= baseline else "decrease",
        weight=weight,
    )


@transaction.atomic
def seed_objectives(area: OrgUnit | None, progress: Callable[[str], None]) -> int:
    """Objectives of the year for `area` (the demo manager's) and the people under it."""
    if area is None or area.head is None:
        return 0
    body = area.body
    rng = random.Random(SEED)
    today = timezone.localdate()
    year = today.year
    hr = User.objects.filter(email="personale@comune-bologna.demo").first()
    access = Access(
        user_id=hr.pk if hr else area.head.user_id, body=body, roles=frozenset({Role.HR_ADMIN})
    )
    ObjectivesPolicy.objects.update_or_create(body=body, defaults={"activity_log": True})
    root = services.create_objective(
        access,
        ObjectiveInput(
            code=f"ENTE-{year}-1",
            title="Servizi ai cittadini più rapidi e digitali",
            level="body",
            year=year,
            period="Y",
            owner_id=area.head_id,
            performance_code="2.2.1",
        ),
        [],
    )
    created = [root]
    area_objective = services.create_objective(
        access,
        ObjectiveInput(
            code=f"AREA-{year}-1",
            title=f"{area.name}: dimezzare i tempi delle pratiche",
            level="unit",
            year=year,
            period="Y",
            owner_id=area.head_id,
            unit_id=area.pk,
            parent_id=root.pk,
            weight=2,
            performance_code="2.2.3",
        ),
        [
            _numeric("Giorni medi per pratica", 40, 20, "giorni", 2),
            _numeric("Pratiche presentate online", 30, 80, "%"),
            KeyResultInput(
                title="Nuovo sportello online",
                kind="milestones",
                milestones=["Analisi", "Sviluppo", "Collaudo", "Avvio"],
            ),
        ],
    )
    created.append(area_objective)
    units = list(OrgUnit.objects.filter(path__startswith=area.path).exclude(pk=area.pk)[:3])
    for n, unit in enumerate(units, start=1):
        owner = unit.head or Person.objects.filter(unit=unit, is_active=True).first()
        if owner is None:
            continue
        created.append(
            services.create_objective(
                access,
                ObjectiveInput(
                    code=f"UO-{year}-{n}",
                    title=f"{unit.name}: arretrato azzerato",
                    level="unit",
                    year=year,
                    period="Y",
                    owner_id=owner.pk,
                    unit_id=unit.pk,
                    parent_id=area_objective.pk,
                ),
                [_numeric("Pratiche arretrate", 120, 0, "pratiche")],
            )
        )
    people = Person.objects.filter(
        body=body, is_active=True, unit__path__startswith=area.path
    ).order_by("last_name", "first_name")[:8]
    demo_employee = Person.objects.filter(user__email="dipendente@comune-bologna.demo").first()
    people = list(people) + ([demo_employee] if demo_employee else [])
    for n, person in enumerate(dict.fromkeys(people), start=1):
        created.append(
            services.create_objective(
                access,
                ObjectiveInput(
                    code=f"IND-{year}-{n:02d}",
                    title="Competenze digitali e pratiche evase",
                    level="person",
                    year=year,
                    period="S1" if n % 2 else "Y",
                    owner_id=person.pk,
                    parent_id=area_objective.pk,
                    shared=False,
                ),
                [
                    _numeric("Pratiche evase", 0, 60, "pratiche", 2),
                    KeyResultInput(title="Corso sulla firma digitale", kind="boolean"),
                ],
            )
        )
    # Each check-in stores its own objective's progress, and the area and the root roll up once
    # at the end: the same values, since only the area has checked-in children and they are
    # leaves, always up to date when the area's check-ins read them.
    checkins = 0
    for objective in created[1:]:
        checkins += _check_ins(access, objective, rng, today)
    services.recompute(area_objective)
    _activity(body, demo_employee, today)
    progress(f"Loaded {len(created)} objectives and {checkins} check-ins.")
    return len(created)


def _check_ins(access: Access, objective: Objective, rng: random.Random, today: date) -> int:
    start, end = objective.bounds
    day, share, n = start + timedelta(days=13), Decimal(0), 0
    key_results = list(objective.key_results.prefetch_related("milestones"))
    while day <= min(today, end):
        share = min(Decimal(1), share + Decimal(rng.randint(2, 12)) / 100)
        values: dict[int, Decimal | None] = {}
        done: set[int] = set()
        for kr in key_results:
            if kr.kind == "boolean":
                values[kr.pk] = Decimal(1 if share > Decimal("0.5") else 0)
            elif kr.kind == "milestones":
                ms = list(kr.milestones.all())
                done = {m.pk for m in ms[: int(share * len(ms))]}
            else:
                values[kr.pk] = (kr.baseline + (kr.target - kr.baseline) * share).quantize(1)
        services.record_checkin(
            access,
            objective,
            values=values,
            milestones_done=done,
            comment="Aggiornamento quindicinale.",
            confidence=rng.choice(["high", "medium", "medium", "low"]),
            today=day,
            roll_up=False,
        )
        n += 1
        day += timedelta(days=14)
    return n


def _activity(body, person: Person | None, today: date) -> None:
    if person is None:
        return
    for n in range(1, 10):
        day = today - timedelta(days=n)
        if day.weekday() < 5:
            ActivityEntry.objects.update_or_create(
                person=person,
                date=day,
                defaults={"body": body, "text": ACTIVITIES[n % len(ACTIVITIES)]},
            )


def reset() -> None:
    """Remove the demo bodies' objectives (before their people, whom they reference)."""
    from agilepa.demo.data import BODIES

    objectives = Objective.objects.filter(body__slug__in=[spec.slug for spec in BODIES])
    objectives.update(parent=None)
    objectives.delete()
