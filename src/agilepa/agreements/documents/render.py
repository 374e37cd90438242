"""The agreement as a PDF/A document to sign (WeasyPrint), from the body's template.

The body adapts the heading, premises, clauses, closing, the safety-notice annex (art. 22
L. 81/2017) and its logo (`DocumentTemplate`); blank blocks fall back to the shipped model texts
in `data/`. The document is in Italian, the language of the act, whatever the reader's locale.
PDF/A-3b keeps it readable in records systems for as long as the law asks.
"""

from __future__ import annotations

import base64
from datetime import date
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from agilepa.agreements.models import Agreement, AgreementStatus, DocumentTemplate
from agilepa.agreements.special import SpecialFields

DATA = Path(__file__).parent.parent / "data"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
WEEKDAYS_IT = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"]
PLACES_IT = {
    "home": "domicilio del lavoratore",
    "hub": "hub di coworking dell'ente o della rete",
    "other": "altro luogo dichiarato",
}
SIGNED = {
    AgreementStatus.COUNTERSIGNED,
    AgreementStatus.ACTIVE,
    AgreementStatus.SUSPENDED,
    AgreementStatus.WITHDRAWN,
    AgreementStatus.EXPIRED,
}


@cache
def model_text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r", "").split("\n") if p.strip()]


def blocks(agreement: Agreement) -> dict[str, object]:
    """The body's text blocks, each falling back to the model text."""
    template = DocumentTemplate.objects.filter(body_id=agreement.body_id).first()
    logo = ""
    if template is not None and template.logo:
        raw = template.logo.open("rb").read()
        kind = "png" if raw[:8] == b"\x89PNG\r\n\x1a\n" else "jpeg"
        logo = f"data:image/{kind};base64," + base64.b64encode(raw).decode()
    return {
        "logo": logo,
        "header": (template.header if template else "") or agreement.body.name,
        "premises": paragraphs(template.premises if template and template.premises else ""),
        "clauses": paragraphs(
            template.clauses
            if template and template.clauses
            else model_text("clausole-accordo.txt")
        ),
        "closing": paragraphs(template.closing if template else ""),
        "safety": paragraphs(
            template.safety_notice
            if template and template.safety_notice
            else model_text("informativa-sicurezza.txt")
        ),
    }


def html_of(
    agreement: Agreement, today: date | None = None, special: SpecialFields | None = None
) -> str:
    """`special` is what `special.special_fields_for` gave the reader: without it the document
    does not print the L. 68/1999 status (art. 9 GDPR)."""
    with translation.override("it"):
        context = {
            "a": agreement,
            "special": special,
            "person": agreement.person,
            "body": agreement.body,
            "regulation": agreement.regulation,
            "weekdays": ", ".join(WEEKDAYS_IT[d] for d in sorted(agreement.weekdays)),
            "places": ", ".join(PLACES_IT.get(p, p) for p in agreement.places),
            "draft": agreement.status not in SIGNED,
            "today": today or date.today(),
            "font": FONT.as_uri() if FONT.exists() else "",
            "font_bold": FONT_BOLD.as_uri() if FONT_BOLD.exists() else "",
            **blocks(agreement),
        }
        return render_to_string("agreements/pdf/agreement.html", context)


def render_agreement_pdf(
    agreement: Agreement, today: date | None = None, special: SpecialFields | None = None
) -> bytes:
    from weasyprint import HTML

    html = html_of(agreement, today, special)
    return HTML(string=html, base_url=str(DATA)).write_pdf(
        pdf_variant="pdf/a-3b",
        uncompressed_pdf=False,
        custom_metadata=True,
    )


def filename(agreement: Agreement) -> str:
    last = "".join(c for c in agreement.person.last_name if c.isalnum()) or "persona"
    return f"accordo-lavoro-agile-{last.lower()}-{agreement.pk}.pdf"
