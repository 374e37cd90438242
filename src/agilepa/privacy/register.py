"""The record of processing activities (art. 30, par. 1, GDPR) of one body, as DOCX: the body
as titolare, then each activity of privacy/registry.py with the platform's tables it lives in.
A starting point HR and the DPO complete and adopt, so it is Word, not PDF."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.utils import timezone, translation

from agilepa.core import formats
from agilepa.org.models import Body

from . import registry

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE = "Registro delle attività di trattamento"
NONE_JUDICIAL = "nessuno: la piattaforma non tratta dati relativi a condanne penali e reati"
NO_TRANSFERS = "nessuno: i dati restano presso l'installazione dell'ente"
TO_COMPLETE = "[da completare a cura dell'ente]"


def filename(body: Body) -> str:
    return f"registro-trattamenti-{body.slug}.docx"


def titolare_rows(body: Body) -> list[tuple[str, str]]:
    address = ", ".join(p for p in (body.address, body.municipality) if p)
    return [
        ("Titolare del trattamento", body.name),
        ("Codice IPA", body.ipa_code or "—"),
        ("Sede", address or TO_COMPLETE),
        ("Rappresentante legale", TO_COMPLETE),
        ("Responsabile della protezione dei dati (DPO)", TO_COMPLETE),
        ("Responsabile del trattamento (art. 28) per la piattaforma", TO_COMPLETE),
    ]


def activity_rows(
    activity: registry.Activity, terms: registry.RetentionTerms
) -> list[tuple[str, str]]:
    tables = ", ".join(
        f"{m._meta.verbose_name} ({m._meta.label})" for m in registry.models_of(activity.key)
    )
    retention = registry.fill(activity.retention, terms)
    if not terms.set_by_body:
        retention += (
            " (termini predefiniti della piattaforma: l'ente può stabilirne di diversi "
            "nella propria politica di conservazione)"
        )
    return [
        ("Finalità del trattamento", activity.purposes),
        ("Base giuridica", "; ".join(activity.legal_basis)),
        ("Categorie di interessati", "; ".join(activity.subjects)),
        ("Categorie di dati personali comuni", "; ".join(activity.data)),
        (
            "Categorie particolari di dati (art. 9 GDPR)",
            "; ".join(activity.special) if activity.special else "nessuna",
        ),
        ("Dati relativi a condanne penali e reati (art. 10 GDPR)", NONE_JUDICIAL),
        ("Categorie di destinatari", "; ".join(activity.recipients)),
        ("Trasferimenti verso paesi terzi od organizzazioni internazionali", NO_TRANSFERS),
        ("Termini di cancellazione", retention),
        (
            "Misure di sicurezza tecniche e organizzative (art. 32 GDPR)",
            "; ".join(activity.security or registry.SECURITY),
        ),
        ("Tabelle della piattaforma", tables),
    ]


def _table(document: object, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for label, text in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = text


def register_docx(body: Body, today: date | None = None) -> bytes:
    from docx import Document
    from docx.shared import Pt

    today = today or timezone.localdate()
    with translation.override("it"):  # the register is written in Italian only
        generated_on = formats.with_article("il", today)
    document = Document()
    document.core_properties.title = f"{TITLE} — {body.name}"
    document.core_properties.author = body.name
    document.core_properties.language = "it-IT"
    document.core_properties.subject = "art. 30 GDPR"
    normal = document.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10)
    document.add_heading(TITLE, level=0)
    document.add_paragraph(
        "Art. 30, par. 1, del Regolamento (UE) 2016/679. Trattamenti svolti con la piattaforma "
        f"Agile PA per il lavoro agile. Generato {generated_on} dal modello dei dati della "
        "piattaforma: l'ente lo verifica, completa le parti indicate e lo adotta."
    )
    document.add_heading("1. Titolare del trattamento", level=1)
    _table(document, titolare_rows(body))
    document.add_heading("2. Attività di trattamento", level=1)
    terms = registry.retention_terms(body)
    # An activity whose tables this installation leaves out is not carried out here.
    carried_out = [a for a in registry.ACTIVITIES if registry.models_of(a.key)]
    for number, activity in enumerate(carried_out, start=1):
        document.add_heading(f"2.{number}. {activity.name}", level=2)
        _table(document, activity_rows(activity, terms))
    document.add_heading("3. Da completare a cura dell'ente", level=1)
    for item in (
        "i dati di contatto del titolare, del rappresentante legale e del DPO;",
        "il responsabile del trattamento che gestisce l'installazione (art. 28 GDPR), o la "
        "gestione diretta dell'ente;",
        "i termini di conservazione degli accordi e del registro delle attività secondo il "
        "piano di conservazione dell'ente;",
        "gli altri trattamenti dell'ente che riguardano gli stessi dati fuori dalla piattaforma "
        "(buste paga, presenze, protocollo);",
        "l'esito della valutazione d'impatto (art. 35 GDPR), per la quale docs/privacy.md "
        "offre un punto di partenza.",
    ):
        document.add_paragraph(item, style="List Bullet")
    out = BytesIO()
    document.save(out)
    return out.getvalue()
