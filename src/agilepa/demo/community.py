"""Demo data of the community: materials of the demo network's bodies, bodies and people at the
four tables, and a year of meetings with registrations and attendance (deterministic)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from agilepa.community import services
from agilepa.community.models import (
    Material,
    MaterialVersion,
    Meeting,
    MeetingRegistration,
    TableBody,
    TableMember,
)
from agilepa.org.models import Body, MembershipStatus, Network, Person

ROME = ZoneInfo("Europe/Rome")

REGOLAMENTO = """Regolamento tipo per il lavoro agile
Art. 1 - Oggetto. Il presente regolamento disciplina il lavoro agile ai sensi della L. 81/2017
e del CCNL Funzioni Locali 2019-2021.
Art. 2 - Accesso. Possono accedere i lavoratori le cui attività sono svolgibili da remoto,
con priorità per le categorie previste dalla legge.
Art. 3 - Accordo individuale. L'accordo è stipulato per iscritto e indica durata, recesso,
fasce di contattabilità e di inoperabilità, luoghi e strumenti.
Art. 4 - Diritto alla disconnessione. Nella fascia di inoperabilità il lavoratore non è
tenuto a rispondere a comunicazioni di servizio.
Art. 5 - Sicurezza. L'amministrazione consegna ogni anno l'informativa sui rischi."""

ACCORDO = """Accordo individuale di lavoro agile (modello)
Premesse. Visto il regolamento dell'ente sul lavoro agile.
Clausole. Le giornate di lavoro agile sono concordate con il dirigente secondo la
programmazione mensile; la fascia di contattabilità è 9:30-13:30; la fascia di inoperabilità
va dalle 20:00 alle 7:30. Il recesso con preavviso di 30 giorni."""

# (author slug, table slug, title, summary, kind, visibility, dimensions, text)
MATERIALS = [
    (
        "r_emiro",
        "disciplina-regolamenti",
        "Regolamento tipo per il lavoro agile",
        "Il modello di regolamento condiviso dalla comunità, pronto da adattare.",
        "regulation",
        "public",
        ["organisation"],
        REGOLAMENTO,
    ),
    (
        "c_a944",
        "disciplina-regolamenti",
        "Accordo individuale tipo",
        "Il modello di accordo individuale del Comune di Bologna, con le fasce orarie.",
        "model_agreement",
        "network",
        ["organisation", "wellbeing"],
        ACCORDO,
    ),
    (
        "p_mo",
        "disciplina-regolamenti",
        "Protocollo d'intesa con le organizzazioni sindacali",
        "Il protocollo firmato con le RSU sul lavoro agile e sul diritto alla disconnessione.",
        "union_agreement",
        "network",
        ["organisation", "wellbeing"],
        "Protocollo d'intesa sul lavoro agile e sulla disconnessione.",
    ),
    (
        "emilia-digitale",
        "innovazione-tecnologica",
        "Guida alla VPN e agli strumenti di collaborazione",
        "Come configurare VPN, firma digitale e strumenti di collaborazione per chi lavora "
        "da remoto.",
        "guide",
        "public",
        ["digital"],
        "Configurazione della VPN, firma digitale remota, videoconferenze e condivisione.",
    ),
    (
        "ausl_bo",
        "performance-obiettivi",
        "Corso: guidare per obiettivi",
        "Il percorso formativo per dirigenti e posizioni organizzative sul lavoro per obiettivi.",
        "training",
        "network",
        ["skills", "performance"],
        "Moduli: definire obiettivi e risultati attesi, check-in periodici, valutazione.",
    ),
    (
        "c_a944",
        "spazi",
        "Hub di coworking: schema di convenzione",
        "Lo schema di convenzione tra enti per l'uso condiviso delle postazioni negli hub.",
        "template",
        "public",
        ["spaces"],
        "Convenzione per l'uso condiviso degli spazi di coworking tra enti della rete.",
    ),
    (
        "r_emiro",
        "performance-obiettivi",
        "Rapporto annuale della comunità",
        "I risultati dell'anno: adesioni, giornate di lavoro agile, risparmi, benessere.",
        "report",
        "public",
        ["performance", "wellbeing"],
        "Rapporto annuale: indicatori POLA, giornate di lavoro agile, benessere organizzativo.",
    ),
]

MEETINGS_PER_TABLE = {
    "innovazione-tecnologica": 4,
    "performance-obiettivi": 5,
    "disciplina-regolamenti": 5,
    "spazi": 4,
}


def reset() -> None:
    """Remove the demo network's materials (they protect their bodies and tables)."""
    from agilepa.demo.data import BODIES

    materials = Material.objects.filter(author_body__slug__in=[s.slug for s in BODIES])
    for material in materials:
        material.meetings.clear()
    MaterialVersion.objects.filter(material__in=materials).delete()
    materials.delete()


@transaction.atomic
def seed_community(network: Network, progress: Callable[[str], None]) -> None:
    rng = random.Random(10)
    tables = {t.slug: t for t in network.tables.all()}
    bodies = {b.slug: b for b in Body.objects.filter(memberships__network=network)}
    active = [
        b
        for b in bodies.values()
        if b.memberships.filter(network=network, status=MembershipStatus.ACTIVE).exists()
    ]
    made = []
    for author, table, title, summary, kind, visibility, dimensions, text in MATERIALS:
        material = Material.objects.create(
            author_body=bodies[author],
            theme=tables[table],
            title=title,
            summary=summary,
            kind=kind,
            visibility=visibility,
            dimensions=dimensions,
            download_count=rng.randint(3, 60),
        )
        MaterialVersion.objects.create(material=material, number=1, text=text, note="Prima")
        services.refresh_search(material)
        made.append(material)

    joined_on = datetime(2025, 3, 1, tzinfo=ROME).date()
    TableBody.objects.bulk_create(
        [TableBody(table=t, body=b, joined_on=joined_on) for t in tables.values() for b in active]
    )
    people = {
        b.pk: list(Person.objects.filter(body=b, is_active=True).order_by("pk")[:40])
        for b in active
    }
    members = []
    for table in tables.values():
        for body in active:
            members += [
                TableMember(table=table, person=p, joined_on=joined_on)
                for p in rng.sample(people[body.pk], min(4, len(people[body.pk])))
            ]
    TableMember.objects.bulk_create(members)

    today = timezone.localdate()
    meetings, registrations = [], []
    for slug, count in MEETINGS_PER_TABLE.items():
        table = tables[slug]
        table_people = [m.person for m in members if m.table_id == table.pk]
        for n in range(count):
            # Most meetings behind, the last one or two ahead: a live calendar at any date.
            day = today - timedelta(days=240 - 70 * n)
            starts = datetime(day.year, day.month, day.day, 10, tzinfo=ROME)
            online = n % 2 == 1
            meeting = Meeting(
                table=table,
                title=f"{table.name}: incontro {n + 1}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                place="" if online else "Regione Emilia-Romagna, Viale Aldo Moro 52, Bologna",
                online_url="https://meet.regione.emilia-romagna.it/tavoli" if online else "",
                agenda="1. Aggiornamenti dagli enti\n2. Materiali in lavorazione\n3. Varie",
            )
            meetings.append((meeting, table_people))
    Meeting.objects.bulk_create([m for m, _p in meetings])
    now = timezone.now()
    for meeting, table_people in meetings:
        for person in rng.sample(table_people, min(8, len(table_people))):
            attended = (rng.random() < 0.85) if meeting.starts_at < now else None
            registrations.append(
                MeetingRegistration(meeting=meeting, person=person, attended=attended)
            )
        if meeting.starts_at < now:
            meeting.minutes = "Verbale: presentati i materiali dei gruppi di lavoro."
    MeetingRegistration.objects.bulk_create(registrations)
    Meeting.objects.bulk_update([m for m, _p in meetings if m.minutes], ["minutes"])
    outputs = {m.theme_id: m for m in made if m.visibility != "body"}
    for meeting, _people in meetings:
        if meeting.minutes and meeting.table_id in outputs and rng.random() < 0.4:
            meeting.outputs.add(outputs[meeting.table_id])
    progress(
        f"Community: {len(made)} materials, {len(members)} people at {len(tables)} tables, "
        f"{len(meetings)} meetings, {len(registrations)} registrations"
    )
