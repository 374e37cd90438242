"""Demo awards: the network's Smart Working Award of last season, judged and public (the Pavia
criteria), and this season's call, open for applications. Deterministic (a fixed seed)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from agilepa.awards import selectors, services
from agilepa.awards.models import (
    Answer,
    Application,
    ApplicationStatus,
    AwardCall,
    Criterion,
    Juror,
    OpenTo,
    Score,
    ScoreEvent,
)
from agilepa.awards.snapshot import indicator_snapshot
from agilepa.core.models import User
from agilepa.org.models import Body, Network

SEED = 2022
JURORS = (
    "coordinamento@regione-er.demo",
    "personale@comune-bologna.demo",
    "personale@unione-reno.demo",
)
APPLICANTS = ("c_a944", "c_c204", "c_m185", "p_mo")
TEXT = (
    "{body}: {criterion}. Dal 2022 abbiamo messo a regime le misure dell'emergenza con un "
    "regolamento, accordi individuali per tutto il personale che può lavorare a distanza e un "
    "monitoraggio annuale dei risultati."
)
RULES = (
    "Il premio riconosce gli enti della rete che si sono distinti nell'innovare le modalità di "
    "lavoro con il lavoro agile. Ogni ente presenta una relazione per ciascun criterio; la giuria "
    "valuta ciascun criterio da 0 a 10. Un giurato non valuta la candidatura del proprio ente."
)


def _call(network: Network, title: str, slug: str, opens, closes, jury) -> AwardCall:
    call = AwardCall.objects.create(
        network=network,
        title=title,
        slug=slug,
        rules=RULES,
        applications_open=opens,
        applications_close=closes,
        jury_closes=jury,
        open_to=OpenTo.MEMBERS,
    )
    Criterion.objects.bulk_create(
        Criterion(call=call, position=i, name=c.name, description=c.description, weight=c.weight)
        for i, c in enumerate(services.template_criteria(), start=1)
    )
    return call


def seed_awards(network: Network, progress: Callable[[str], None] = print) -> None:
    rng = random.Random(SEED)
    today = timezone.localdate()
    with transaction.atomic():
        past = _call(
            network,
            f"Premio Smart Working della rete {today.year}",
            f"premio-smart-working-{today.year}",
            today - timedelta(days=200),
            today - timedelta(days=120),
            today - timedelta(days=60),
        )
        eligible = selectors.eligible_body_ids(past)
        bodies = [b for b in Body.objects.filter(slug__in=APPLICANTS) if b.pk in eligible]
        criteria = list(past.criteria.all())
        submitted_at = timezone.make_aware(
            datetime.combine(past.applications_close - timedelta(days=3), time(11))
        )
        applications = []
        for body in sorted(bodies, key=lambda b: b.name):
            application = Application.objects.create(
                call=past,
                body=body,
                status=ApplicationStatus.SUBMITTED,
                indicators=indicator_snapshot(body, today.year, past.applications_close),
                submitted_at=submitted_at,
            )
            Answer.objects.bulk_create(
                Answer(
                    application=application,
                    criterion=c,
                    text=TEXT.format(body=body.name, criterion=c.name),
                )
                for c in criteria
            )
            applications.append(application)
        jurors = [
            Juror.objects.create(call=past, user=u, bodies=sorted(selectors.user_body_ids(u)))
            for u in User.objects.filter(email__in=JURORS).order_by("email")
        ]
        scores, events = [], []
        for juror in jurors:
            for application in applications:
                if application.body_id in juror.bodies:
                    continue  # a juror never scores their own body's application
                for c in criteria:
                    value = rng.randint(5, 10)
                    scores.append(
                        Score(application=application, criterion=c, juror=juror, value=value)
                    )
                    events.append(
                        ScoreEvent(
                            call=past,
                            application=application,
                            criterion=c,
                            user=juror.user,
                            value=value,
                        )
                    )
        Score.objects.bulk_create(scores)
        ScoreEvent.objects.bulk_create(events)
        past.jury_closed_at = timezone.make_aware(
            datetime.combine(past.jury_closes - timedelta(days=10), time(17))
        )
        past.results_public = True
        past.motivation = (
            "La giuria premia i progetti che hanno restituito alle persone flessibilità e "
            "autonomia nella scelta di spazi, orari e strumenti, a fronte di una maggiore "
            "responsabilizzazione sui risultati."
        )
        past.save()
        current = _call(
            network,
            f"Premio Smart Working della rete {today.year + 1}",
            f"premio-smart-working-{today.year + 1}",
            today - timedelta(days=10),
            today + timedelta(days=30),
            today + timedelta(days=75),
        )
        for juror in jurors:
            Juror.objects.create(call=current, user=juror.user, bodies=juror.bodies)
    progress(
        f"Awards: {past.title} judged ({len(applications)} applications, {len(scores)} scores, "
        f"results public); {current.title} open for applications."
    )
