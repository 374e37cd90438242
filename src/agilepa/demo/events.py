"""Demo events: the network's cybersecurity course held two months ago, with its attendance
recorded (and so the training of its attendees), a public webinar to come, and a workshop of
the Comune di Bologna already full, with a waitlist."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from agilepa.agreements.models import TrainingCompletion
from agilepa.events.models import Event, Registration
from agilepa.events.services import course_for
from agilepa.org.models import Body, Network, Person

SEED = 2031


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed_events(network: Network, bologna: Body, progress: Callable[[str], None] = print) -> None:
    rng = random.Random(SEED)
    today = timezone.localdate()
    coordinator = network.coordinator
    people = list(
        Person.objects.filter(body=bologna, is_active=True, user__isnull=True).order_by("pk")[:60]
    )
    with transaction.atomic():
        past_day = today - timedelta(days=60)
        course = Event.objects.create(
            organiser=coordinator,
            network=network,
            audience="network",
            kind="course",
            title="Sicurezza informatica per il lavoro agile",
            description="Phishing, VPN, dispositivi dell'ente e protezione dei dati fuori sede.",
            starts_at=_at(past_day, 9),
            ends_at=_at(past_day, 12),
            place="Regione Emilia-Romagna, viale Aldo Moro 52, Bologna",
            online_url="https://meet.example.it/cyber-er",
            capacity=40,
            training_topic="cybersecurity",
            training_hours=Decimal(3),
            validity_months=24,
        )
        attendees = people[:30]
        held = Registration.objects.bulk_create(
            [
                Registration(
                    event=course,
                    person=p,
                    status="registered",
                    place=n,
                    requested_at=course.starts_at - timedelta(days=20 - n % 10),
                    attended=rng.random() < 0.85,
                    attendance_recorded_at=course.ends_at,
                )
                for n, p in enumerate(attendees, start=1)
            ]
        )
        training = course_for(course, bologna.pk)
        TrainingCompletion.objects.bulk_create(
            [
                TrainingCompletion(course=training, person=r.person, completed_on=past_day)
                for r in held
                if r.attended
            ]
        )
        soon = today + timedelta(days=21)
        Event.objects.create(
            organiser=coordinator,
            network=network,
            audience="public",
            kind="webinar",
            title="Benessere digitale e diritto alla disconnessione",
            description="Webinar aperto: fasce di inoperabilità, carico digitale, buone pratiche.",
            starts_at=_at(soon, 11),
            ends_at=_at(soon, 12),
            online_url="https://meet.example.it/benessere-digitale",
            capacity=200,
            training_topic="digital_wellbeing",
            training_hours=Decimal(1),
            validity_months=36,
        )
        later = today + timedelta(days=35)
        workshop = Event.objects.create(
            organiser=bologna,
            audience="body",
            kind="workshop",
            title="Lavorare per obiettivi: laboratorio per dirigenti e PO",
            starts_at=_at(later, 14),
            ends_at=_at(later, 17),
            place="Palazzo d'Accursio, Sala Savonuzzi",
            capacity=12,
            registration_closes=_at(later - timedelta(days=3), 12),
        )
        now = timezone.now()
        Registration.objects.bulk_create(
            [
                Registration(
                    event=workshop,
                    person=p,
                    status="registered" if n <= 12 else "waitlisted",
                    place=n if n <= 12 else None,
                    requested_at=now - timedelta(hours=20 - n),
                )
                for n, p in enumerate(people[30:45], start=1)
            ]
        )
    progress(
        f"Events: 3, {sum(1 for r in held if r.attended)} training completions from attendance"
    )
