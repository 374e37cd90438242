"""The columns of the HR files (their names, aliases and help, shown on the upload page and in
docs/hr-import.md) and the readers of the cells that are words rather than numbers or dates."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agilepa.core.tabular import Column, Row, cell_text, normalize_header
from agilepa.org.models import ContractType, ImportKind

_YES = {"si", "s", "x", "1", "true", "vero", "yes", "y", "cessato", "cessata"}
_NO = {"", "no", "n", "0", "false", "falso", "attivo", "attiva", "in_servizio"}
_FULL_TIME = {"tempo_pieno", "pieno", "full_time", "fulltime", "full", "tp", "ft"}
_PART_TIME = {"part_time", "parttime", "part", "tempo_parziale", "parziale", "pt"}


def parse_yes_no(value: Any) -> bool:
    key = normalize_header(cell_text(value))
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(value)


def parse_contract(value: Any) -> str | None:
    """ContractType from the words HR systems use; None for an empty cell."""
    key = normalize_header(cell_text(value))
    if not key:
        return None
    if key in _FULL_TIME:
        return ContractType.FULL_TIME
    if key in _PART_TIME:
        return ContractType.PART_TIME
    raise ValueError(value)


# Columns ----------------------------------------------------------------------------------------


PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column("matricola", True, gettext_lazy("staff number, unique in the body"), "004512"),
    Column("cognome", True, gettext_lazy("surname"), "Bianchi"),
    Column("nome", True, gettext_lazy("first name"), "Niccolò"),
    Column(
        "codice_fiscale",
        True,
        gettext_lazy("codice fiscale, 16 characters with a valid check character"),
        "BNCNCL80A01A944X",
        ("cf", "cod_fiscale"),
    ),
    Column(
        "email",
        False,
        gettext_lazy("work e-mail address"),
        "n.bianchi@comune.example.it",
        ("e_mail", "mail", "indirizzo_email", "posta_elettronica"),
    ),
    Column(
        "codice_unita",
        True,
        gettext_lazy("code of the person's unit, which must already exist"),
        "SERV-ANAG",
        ("codice_uo", "unita", "unita_organizzativa"),
    ),
    Column(
        "contratto",
        False,
        gettext_lazy("tempo pieno or part-time; empty: full time unless a percentage is below 100"),
        "part-time",
        ("tipo_contratto", "regime_orario"),
    ),
    Column(
        "percentuale_part_time",
        False,
        gettext_lazy("part-time percentage, 1 to 99 (rounded to a whole number)"),
        "83,33",
        ("percentuale", "perc_part_time", "part_time_percentuale"),
    ),
    Column(
        "categoria",
        False,
        gettext_lazy("job category or area of the contract"),
        "Istruttori",
        ("categoria_giuridica", "inquadramento"),
    ),
    Column(
        "data_assunzione",
        False,
        gettext_lazy("hire date: dd/mm/yyyy, yyyy-mm-dd or an Excel date"),
        "01/03/2015",
        ("data_di_assunzione", "assunto_il"),
    ),
    Column(
        "codice_sede",
        False,
        gettext_lazy("code of the usual office site, which must already exist"),
        "MUNICIPIO",
        ("sede",),
    ),
    Column(
        "cessato",
        False,
        gettext_lazy("sì if the person no longer works for the body"),
        "no",
    ),
    Column(
        "data_cessazione",
        False,
        gettext_lazy("end of employment; a date in the past ends the person"),
        "31/12/2025",
        ("data_di_cessazione", "cessato_il"),
    ),
)

UNIT_COLUMNS: tuple[Column, ...] = (
    Column(
        "codice_unita",
        True,
        gettext_lazy("unit code, unique in the body"),
        "SERV-ANAG",
        ("codice", "codice_uo"),
    ),
    Column(
        "denominazione",
        True,
        gettext_lazy("name of the unit"),
        "Servizio Anagrafe",
        ("descrizione", "nome_unita"),
    ),
    Column(
        "livello",
        False,
        gettext_lazy("level: Area, Settore, Servizio, Ufficio …"),
        "Servizio",
        ("tipo_unita",),
    ),
    Column(
        "codice_unita_padre",
        False,
        gettext_lazy("code of the parent unit (in the file or already in the body); empty: top"),
        "AREA-SERV",
        ("codice_padre", "unita_padre"),
    ),
    Column(
        "matricola_responsabile",
        False,
        gettext_lazy("matricola of the head of the unit"),
        "000017",
        ("responsabile", "matricola_dirigente"),
    ),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.PEOPLE: PEOPLE_COLUMNS,
    ImportKind.UNITS: UNIT_COLUMNS,
}


def duplicate(row: Row, column: str, value: str, seen: dict[str, int]) -> bool:
    first = seen.get(value)
    if first is not None:
        row.error(
            column,
            _("%(value)s appears twice, in rows %(first)d and %(second)d.")
            % {"value": value, "first": first, "second": row.number},
        )
        return True
    seen[value] = row.number
    return False
