"""The communication of L. 81/2017 art. 23 c. 1 to the Ministry of Labour: each start, change,
extension and end of an agreement (lavoro agile and lavoro da remoto alike) is communicated in
the "Lavoro agile" service of the Servizi Lavoro portal (DM 149/2022) within 5 days (L.
203/2024). The platform cannot send it (the portal needs the employer's SPID/CIE login): it
creates each communication when the event happens, lists it for HR as due, late or sent,
exports the due ones in the portal's bulk format, reminds HR before the term, and keeps the
receipt number HR copies back from the portal.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agilepa.agreements import rules
from agilepa.agreements.models import (
    Agreement,
    AgreementKind,
    CommunicationEvent,
    MinistryCommunication,
)
from agilepa.core import formats
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.exports import add_sheet, csv_writer, workbook, xlsx_bytes

E = CommunicationEvent
REMIND_DAYS_BEFORE = (2, 0)  # two days before the term, and on its last day


def record_event(
    agreement: Agreement, event: str, event_date: date, period_end: date | None = None
) -> MinistryCommunication:
    """The communication an event makes due; the term runs from the event's date."""
    return MinistryCommunication.objects.create(
        body_id=agreement.body_id,
        agreement=agreement,
        event=event,
        event_date=event_date,
        due_on=rules.communication_due_on(event_date),
        period_start=agreement.start_date,
        period_end=period_end
        if period_end is not None
        else (agreement.withdrawal_effective_on or agreement.end_date),
    )


def communications_for(access: Access) -> QuerySet[MinistryCommunication]:
    """HR's list; nobody else prepares the communications."""
    if not access.is_hr:
        raise PermissionDeniedForRole
    return MinistryCommunication.objects.filter(body=access.body).select_related(
        "agreement__person"
    )


def get_communication(access: Access, pk: int) -> MinistryCommunication:
    return get_object_or_404(communications_for(access), pk=pk)


@dataclass(frozen=True)
class Board:
    late: list[MinistryCommunication]
    due: list[MinistryCommunication]
    sent: list[MinistryCommunication]


def board(access: Access, today: date | None = None) -> Board:
    today = today or timezone.localdate()
    rows = list(communications_for(access).order_by("due_on", "pk"))
    return Board(
        late=[c for c in rows if c.state(today) == "late"],
        due=[c for c in rows if c.state(today) == "due"],
        sent=sorted(
            (c for c in rows if c.state(today) == "sent"), key=lambda c: c.sent_on, reverse=True
        )[:100],
    )


def mark_sent(
    access: Access,
    communication: MinistryCommunication,
    receipt_number: str,
    sent_on: date | None = None,
) -> MinistryCommunication:
    """HR records the receipt the portal gave; the communication leaves the due list."""
    if not access.is_hr:
        raise PermissionDeniedForRole
    receipt_number = receipt_number.strip()
    if not receipt_number:
        raise ValidationError({"receipt_number": _("Copy the receipt number the portal gave.")})
    sent_on = sent_on or timezone.localdate()
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": _("The date of sending cannot be in the future.")})
    communication.receipt_number = receipt_number
    communication.sent_on = sent_on
    communication.recorded_by_id = access.user_id
    communication.save(update_fields=["receipt_number", "sent_on", "recorded_by"])
    return communication


def due_for_reminder(today: date) -> QuerySet[MinistryCommunication]:
    """Unsent communications whose term ends in 2 days or today, or that are late (reminded
    once a day), for the daily run."""
    days = [today + timedelta(days=d) for d in REMIND_DAYS_BEFORE]
    return (
        MinistryCommunication.objects.filter(sent_on__isnull=True)
        .filter(due_on__in=days)
        .exclude(reminded_on=today)
    ) | MinistryCommunication.objects.filter(sent_on__isnull=True, due_on__lt=today).exclude(
        reminded_on=today
    )


# --- the export in the portal's bulk format ------------------------------------------------


# The columns of the Ministry's Excel templates (LA-InizioPeriodo, LA-ModificaPeriodo,
# LA-RecessoPeriodo…), as third-party guides describe them (December 2022); the template itself
# could not be downloaded here, so every column is marked "to verify" against the Modulistica
# section of lavoro.gov.it before the first upload. `verified` turns True column by column.
@dataclass(frozen=True)
class Column:
    header: str
    label: object  # lazy text for the screen
    verified: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("TIPO_COMUNICAZIONE", gettext_lazy("kind of communication")),
    Column("CF_DATORE", gettext_lazy("employer's codice fiscale")),
    Column("CF_LAVORATORE", gettext_lazy("worker's codice fiscale")),
    Column("COGNOME", gettext_lazy("last name")),
    Column("NOME", gettext_lazy("first name")),
    Column("DATA_NASCITA", gettext_lazy("date of birth")),
    Column("LUOGO_NASCITA", gettext_lazy("place of birth")),
    Column("DATA_INIZIO_RAPPORTO", gettext_lazy("start of the employment")),
    Column("TIPOLOGIA_RAPPORTO", gettext_lazy("kind of employment")),
    Column("PAT_INAIL", gettext_lazy("INAIL PAT position")),
    Column("VOCE_TARIFFA_INAIL", gettext_lazy("INAIL tariff item")),
    Column("DATA_SOTTOSCRIZIONE_ACCORDO", gettext_lazy("date the agreement was signed")),
    Column("DURATA_ACCORDO", gettext_lazy("fixed term or open-ended")),
    Column("DATA_INIZIO_PERIODO", gettext_lazy("start of the period")),
    Column("DATA_FINE_PERIODO", gettext_lazy("end of the period")),
    Column("DATA_EVENTO", gettext_lazy("date of the change or withdrawal")),
)
KIND_CODES = {E.START: "INIZIO", E.CHANGE: "MODIFICA", E.EXTENSION: "MODIFICA", E.END: "RECESSO"}


def _row(c: MinistryCommunication) -> list[str]:
    agreement = c.agreement
    person = agreement.person

    def d(day: date | None) -> str:
        return formats.day(day) if day else ""

    signed = agreement.countersigned_at.date() if agreement.countersigned_at else None
    return [
        KIND_CODES[E(c.event)],
        "",  # the body's codice fiscale is not held by the platform: HR fills it in
        person.tax_code,
        person.last_name,
        person.first_name,
        "",  # date and place of birth are not held (minimised): HR fills them in
        "",
        d(person.hire_date),
        "",  # fixed term / open-ended employment: not held
        "",  # INAIL PAT and tariff: the body's insurance data, not held
        "",
        d(signed),
        "TD" if agreement.end_date else "TI",
        d(c.period_start),
        d(c.period_end),
        d(c.event_date) if c.event != E.START else "",
    ]


def export_csv(access: Access, today: date | None = None) -> str:
    """The unsent communications, one row each, in the columns above (`;`-separated, as an
    Italian spreadsheet opens it). Lavoro da remoto is included: its kind is not a column of
    the template, the portal treats every remote arrangement in the same service (to verify)."""
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([col.header for col in COLUMNS])
    for c in communications_for(access).filter(sent_on__isnull=True).order_by("due_on", "pk"):
        writer.writerow(_row(c))
    return out.getvalue()


def export_xlsx(access: Access) -> bytes:
    """The same rows as the CSV; the sheet and column names are the Ministry's template's, so
    they stay in Italian whatever the reader's language. A second sheet explains each column."""
    book = workbook()
    add_sheet(
        book,
        "Comunicazioni",
        [col.header for col in COLUMNS],
        (
            _row(c)
            for c in communications_for(access)
            .filter(sent_on__isnull=True)
            .order_by("due_on", "pk")
        ),
    )
    add_sheet(
        book,
        "Note",
        [_("column"), _("meaning"), _("checked against the Ministry's template")],
        (
            [col.header, str(col.label), _("yes") if col.verified else _("to verify")]
            for col in COLUMNS
        ),
    )
    return xlsx_bytes(book)


def kind_label(agreement: Agreement) -> str:
    return str(AgreementKind(agreement.kind).label)
