"""Demo agreements for the demo network (see demo/org.py): each body's Regolamento, a year of
individual agreements in every status with their transitions, and the prerequisites behind them
(IT checks, safety notices, training). Deterministic for a given day: dates count back from
today so that the inbox, the expiries and the dashboard look like a body's real Monday."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from datetime import time

from django.db import transaction
from django.utils import timezone

from agilepa.agreements.models import (
    Activity,
    Agreement,
    AgreementStatus,
    AgreementTransition,
    Regulation,
    SafetyNotice,
    TrainingCompletion,
    TrainingCourse,
    TrainingTopic,
    WorkstationCheck,
)
from agilepa.demo.data import BODIES, DEMO_SEED
from agilepa.org.models import Body, OrgUnit, Person

S = AgreementStatus

# Share of each body's active people with an agreement (seed 000: Milano's 57% of staff in
# lavoro agile; smaller bodies lower).
UPTAKE = {"c_a944": 0.45, "r_emiro": 0.55, "ausl_bo": 0.25, "azienda": 0.6}
DEFAULT_UPTAKE = 0.35

# Status mix of the agreements, in the order of their lifecycle.
STATUS_MIX = [
    (S.ACTIVE, 70),
    (S.EXPIRED, 8),
    (S.WITHDRAWN, 4),
    (S.SUSPENDED, 2),
    (S.COUNTERSIGNED, 3),
    (S.APPROVED, 3),
    (S.SUBMITTED, 5),
    (S.REJECTED, 2),
    (S.DRAFT, 3),
]
PATH = [S.DRAFT, S.SUBMITTED, S.APPROVED, S.COUNTERSIGNED, S.ACTIVE]
COURSES = [
    ("CYBER-01", "Sicurezza informatica per il lavoro agile", TrainingTopic.CYBERSECURITY, 24),
    (
        "BEN-01",
        "Benessere digitale e diritto alla disconnessione",
        TrainingTopic.DIGITAL_WELLBEING,
        None,
    ),
    ("SIC-01", "Salute e sicurezza nel lavoro agile", TrainingTopic.SAFETY, 60),
    ("LA-01", "Lavorare per obiettivi: il lavoro agile nell'ente", TrainingTopic.AGILE_WORK, None),
]
NOT_REMOTABLE = [
    "Sportello al pubblico in presenza",
    "Servizi di vigilanza sul territorio",
    "Gestione dell'archivio cartaceo",
]
REMOTABLE = [
    "Istruttoria di pratiche e provvedimenti",
    "Redazione di atti e relazioni",
    "Analisi di dati e reportistica",
    "Gestione di procedure su piattaforme digitali",
]
REJECTIONS = [
    "Servizio sotto organico nel periodo richiesto: riproporre da settembre.",
    "Le attività dell'ufficio richiedono la presenza allo sportello.",
]


def reset() -> None:
    """Remove the demo bodies' agreements and prerequisites (before their people go)."""
    bodies = Body.objects.filter(slug__in=[spec.slug for spec in BODIES])
    Agreement.objects.filter(body__in=bodies).delete()
    Regulation.objects.filter(body__in=bodies).delete()
    WorkstationCheck.objects.filter(body__in=bodies).delete()
    SafetyNotice.objects.filter(body__in=bodies).delete()
    TrainingCourse.objects.filter(body__in=bodies).delete()


@transaction.atomic
def seed_agreements(
    today: dt.date | None = None, progress: Callable[[str], None] = lambda _m: None
) -> int:
    today = today or timezone.localdate()
    rng = random.Random(DEMO_SEED + 1)
    total = 0
    for spec in BODIES:
        body = Body.objects.get(slug=spec.slug)
        first, regulation = _regulations(body, today)
        courses = _courses(body)
        people = list(
            Person.objects.filter(body=body, is_active=True).select_related("unit", "user")
        )
        uptake = UPTAKE.get(spec.slug, DEFAULT_UPTAKE)
        chosen = [p for p in people if p.user_id or rng.random() < uptake]
        count = _agreements(body, (first, regulation), chosen, courses, rng, today)
        total += count
        progress(f"{spec.name}: Regolamento v{regulation.version}, {count} agreements")
    return total


def _regulations(body: Body, today: dt.date) -> tuple[Regulation, Regulation]:
    year = today.year
    first = Regulation.objects.create(
        body=body,
        version=1,
        title=f"Regolamento sul lavoro agile - {body.name}",
        adopted_on=dt.date(year - 2, 12, 15),
        effective_from=dt.date(year - 1, 1, 1),
        act_reference=f"Deliberazione n. 212/{year - 2}",
        max_days_per_week=2,
        max_days_per_month=8,
        allowed_places=["home", "hub", "other"],
        required_prerequisites=["safety_notice"],
        text=(
            "Il presente Regolamento disciplina il lavoro agile ai sensi della L. 81/2017 e del "
            "CCNL di comparto."
        ),
    )
    current = Regulation.objects.create(
        body=body,
        version=2,
        title=f"Regolamento sul lavoro agile - {body.name}",
        adopted_on=dt.date(year - 1, 11, 20),
        effective_from=dt.date(year, 1, 1),
        act_reference=f"Deliberazione n. 198/{year - 1}",
        max_days_per_week=2,
        max_days_per_month=8,
        reachability_start=time(9, 30),
        reachability_end=time(13, 0),
        allowed_places=["home", "hub", "other"],
        request_notice_days=15,
        max_duration_months=12,
        priority_order=["child_under_12", "disabled_child", "caregiver", "severe_disability"],
        required_prerequisites=["it_check", "safety_notice", "training_cybersecurity"],
        text=first.text,
    )
    root = OrgUnit.objects.filter(body=body, depth=0).first()
    Activity.objects.bulk_create(
        [Activity(regulation=current, name=n, remotable=False) for n in NOT_REMOTABLE]
        + [Activity(regulation=current, name=n, unit=root) for n in REMOTABLE]
    )
    return first, current


def _courses(body: Body) -> dict[str, TrainingCourse]:
    return {
        topic: TrainingCourse.objects.create(
            body=body, code=code, title=title, topic=topic, hours=4, validity_months=months
        )
        for code, title, topic, months in COURSES
    }


def _agreements(
    body: Body,
    regulations: tuple[Regulation, Regulation],
    people: list[Person],
    courses: dict[str, TrainingCourse],
    rng: random.Random,
    today: dt.date,
) -> int:
    statuses = [s for s, _ in STATUS_MIX]
    weights = [w for _, w in STATUS_MIX]
    agreements: list[Agreement] = []
    history: list[list[tuple[str, str, dt.datetime, str]]] = []
    checks, notices, completions = [], [], []
    for person in people:
        # Demo logins get a plain, current agreement to explore.
        status = S.ACTIVE if person.user_id else rng.choices(statuses, weights)[0]
        agreement, steps = _one(body, regulations, person, status, rng, today)
        agreements.append(agreement)
        history.append(steps)
        if status in {S.ACTIVE, S.SUSPENDED, S.EXPIRED, S.WITHDRAWN} or (
            status == S.COUNTERSIGNED and rng.random() < 0.5
        ):
            checked = agreement.start_date - dt.timedelta(days=rng.randint(5, 40))
            checks.append(
                WorkstationCheck(
                    body=body,
                    person=person,
                    device=f"Notebook {body.slug.upper()}-{person.pk:05d}",
                    checked_on=checked,
                    **dict.fromkeys(WorkstationCheck.ITEMS, True),
                )
            )
            notices.append(SafetyNotice(body=body, person=person, delivered_on=checked))
            completions.append(
                TrainingCompletion(
                    course=courses[TrainingTopic.CYBERSECURITY], person=person, completed_on=checked
                )
            )
            if rng.random() < 0.4:
                completions.append(
                    TrainingCompletion(
                        course=courses[TrainingTopic.DIGITAL_WELLBEING],
                        person=person,
                        completed_on=checked + dt.timedelta(days=rng.randint(1, 20)),
                    )
                )
    Agreement.objects.bulk_create(agreements, batch_size=1000)
    AgreementTransition.objects.bulk_create(
        [
            AgreementTransition(agreement=a, from_status=f, to_status=t, at=at, reason=reason)
            for a, steps in zip(agreements, history, strict=True)
            for f, t, at, reason in steps
        ],
        batch_size=2000,
    )
    WorkstationCheck.objects.bulk_create(checks, batch_size=2000)
    SafetyNotice.objects.bulk_create(notices, batch_size=2000)
    TrainingCompletion.objects.bulk_create(completions, batch_size=2000)
    return len(agreements)


def _one(
    body: Body,
    regulations: tuple[Regulation, Regulation],
    person: Person,
    status: str,
    rng: random.Random,
    today: dt.date,
) -> tuple[Agreement, list[tuple[str, str, dt.datetime, str]]]:
    recent = person.hire_date is not None and person.hire_date > today - dt.timedelta(days=460)
    if recent and status in {S.EXPIRED, S.WITHDRAWN}:
        status = S.ACTIVE  # hired too recently for a year-old agreement
    ended = status in {S.EXPIRED, S.WITHDRAWN}
    pending = status in {S.DRAFT, S.SUBMITTED, S.APPROVED, S.COUNTERSIGNED, S.REJECTED}
    if pending:
        start = today + dt.timedelta(days=rng.randint(16, 60))
    elif ended:
        start = today - dt.timedelta(days=rng.randint(300, 420))
    else:
        start = today - dt.timedelta(days=rng.randint(20, 330))
    if person.hire_date and start < person.hire_date + dt.timedelta(days=30):
        start = min(person.hire_date + dt.timedelta(days=30), today)
    regulation = regulations[1] if start >= regulations[1].effective_from else regulations[0]
    fixed_term = ended or rng.random() < 0.5
    end = start + dt.timedelta(days=364) if fixed_term else None
    if status == S.EXPIRED:
        end = today - dt.timedelta(days=rng.randint(1, 40))
    if status == S.ACTIVE and fixed_term and rng.random() < 0.12:
        end = today + dt.timedelta(days=rng.randint(3, 30))  # expiring soon: the dashboard
    quota = rng.random() < 0.25
    weekdays = sorted(rng.sample(range(5), 1 if rng.random() < 0.3 else 2))
    agreement = Agreement(
        body=body,
        person=person,
        regulation=regulation,
        status=status,
        start_date=start,
        end_date=end,
        pattern="monthly_quota" if quota else "fixed_weekdays",
        weekdays=[] if quota else weekdays,
        monthly_quota=rng.choice([4, 6, 8]) if quota else 0,
        places=["home"] if rng.random() < 0.8 else ["home", "hub"],
        reachability_start=regulation.reachability_start,
        # A part-timer's reachability window is shorter (no longer than their average day).
        reachability_end=regulation.reachability_end
        if person.part_time_percent == 100
        else time(12, 30),
        disconnection_start=regulation.disconnection_start,
        disconnection_end=regulation.disconnection_end,
        equipment="Notebook dell'ente, cuffie con microfono, token per la VPN",
        activities=rng.sample(REMOTABLE, 2),
        priorities=["child_under_12"] if rng.random() < 0.18 else [],
        notice_days=regulation.notice_days,
    )
    path = PATH[: PATH.index(status) + 1] if status in PATH else PATH[:]
    if status == S.REJECTED:
        path = [S.DRAFT, S.SUBMITTED, S.REJECTED]
    elif status in {S.SUSPENDED, S.EXPIRED, S.WITHDRAWN}:
        path = [*PATH, status]
    moment = dt.datetime.combine(start - dt.timedelta(days=30), time(9, 0))
    if pending:
        moment = dt.datetime.combine(today - dt.timedelta(days=rng.randint(3, 12)), time(9, 0))
    moment = timezone.make_aware(moment)
    steps = []
    previous = ""
    for step in path:
        reason = ""
        if step == S.REJECTED:
            reason = rng.choice(REJECTIONS)
            agreement.rejection_reason = reason
        elif step == S.SUSPENDED:
            reason = "Sospensione temporanea per esigenze di servizio (consultazioni elettorali)."
        elif step == S.WITHDRAWN:
            reason = "Recesso del dipendente con preavviso."
            notified = today - dt.timedelta(days=rng.randint(40, 120))
            agreement.withdrawal_reason = reason
            agreement.withdrawal_notified_on = notified
            agreement.withdrawal_effective_on = notified + dt.timedelta(days=30)
        if step == S.ACTIVE:
            moment = max(moment, timezone.make_aware(dt.datetime.combine(start, time(7, 0))))
        steps.append((previous, step, moment, reason))
        if step == S.SUBMITTED:
            agreement.submitted_at = moment
        elif step == S.APPROVED:
            agreement.approved_at = moment
        elif step == S.COUNTERSIGNED:
            agreement.countersigned_at = moment
        previous = step
        moment += dt.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 6))
    return agreement, steps
