"""XLSX (or CSV) import of objectives, and their export in the same columns.

One row per key result: the objective's columns are written on its first row and may be
repeated (or left empty) on the rows of its other key results, which share its code. The file
is read with the shared reader (core/tabular.py: size limits, encodings, XLSX streaming,
header matching that ignores case and accents) and every objective is created through the same
service as the form, so a file can do nothing the pages refuse. The import is atomic: a preview
runs it in a transaction that is rolled back, and the confirmation writes every objective or,
when any row is wrong, none."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.exports import add_sheet, workbook, xlsx_bytes
from agilepa.core.tabular import (
    Column,
    ImportFileError,
    ImportReport,
    Row,
    map_columns,
    normalize_header,
    read_table,
)
from agilepa.objectives import services
from agilepa.objectives.models import Objective, State
from agilepa.objectives.services import KeyResultInput, ObjectiveInput
from agilepa.org.models import OrgUnit, Person

COLUMNS: tuple[Column, ...] = (
    Column("codice", True, gettext_lazy("objective code, unique in the year"), "OB-2027-01"),
    Column("livello", True, gettext_lazy("ente, unita or persona (body, unit, person)"), "unita"),
    Column("anno", True, gettext_lazy("year"), "2027"),
    Column(
        "periodo",
        True,
        gettext_lazy("anno, S1, S2 (semesters) or T1-T4 (quarters; Q1-Q4 also read)"),
        "anno",
    ),
    Column("titolo", True, gettext_lazy("the objective, in a sentence"), "Ridurre i tempi"),
    Column("descrizione", False, gettext_lazy("what and why, in a few lines"), ""),
    Column(
        "codice_unita",
        False,
        gettext_lazy("code of the unit (required for a unit objective)"),
        "SERV1",
    ),
    Column(
        "matricola_responsabile",
        False,
        gettext_lazy("owner's staff number (a unit objective defaults to the unit's head)"),
        "004512",
        ("matricola", "responsabile"),
    ),
    Column(
        "obiettivo_padre",
        False,
        gettext_lazy("code of the objective it contributes to, in the file or already saved"),
        "OB-2027-00",
        ("padre", "contribuisce_a"),
    ),
    Column("peso", False, gettext_lazy("weight in the objective it contributes to, 1-100"), "1"),
    Column(
        "codice_piano_performance",
        False,
        gettext_lazy("code in the Piano della performance (PIAO section 2.2)"),
        "2.2.3",
        ("codice_piao", "piano_performance"),
    ),
    Column("condiviso", False, gettext_lazy("si or no: shared with the unit's people"), "si"),
    Column("risultato_chiave", False, gettext_lazy("key result"), "Pratiche evase in 30 giorni"),
    Column(
        "tipo",
        False,
        gettext_lazy("numero, percentuale, si_no or milestone"),
        "percentuale",
        ("tipo_risultato",),
    ),
    Column("baseline", False, gettext_lazy("starting value (number or percentage)"), "60"),
    Column("target", False, gettext_lazy("value to reach"), "90"),
    Column("unita_misura", False, gettext_lazy("unit of measure"), "%"),
    Column("direzione", False, gettext_lazy("crescente or decrescente (default crescente)"), ""),
    Column("peso_risultato", False, gettext_lazy("weight of the key result, 1-100"), "1"),
    Column(
        "milestone",
        False,
        gettext_lazy("for a milestone key result: the milestones, separated by ;"),
        "",
        ("milestones", "fasi"),
    ),
)
EXPORT_EXTRA = ("valore_attuale", "avanzamento_percentuale", "stato")

LEVELS = {
    "ente": "body",
    "body": "body",
    "unita": "unit",
    "unit": "unit",
    "persona": "person",
    "person": "person",
    "individuale": "person",
}
PERIODS = {
    "anno": "Y",
    "y": "Y",
    "a": "Y",
    "annuale": "Y",
    "year": "Y",
    "s1": "S1",
    "s2": "S2",
    "t1": "Q1",
    "t2": "Q2",
    "t3": "Q3",
    "t4": "Q4",
    "q1": "Q1",
    "q2": "Q2",
    "q3": "Q3",
    "q4": "Q4",
}
KINDS = {
    "numero": "numeric",
    "numerico": "numeric",
    "numeric": "numeric",
    "number": "numeric",
    "percentuale": "percentage",
    "percentage": "percentage",
    "perc": "percentage",
    "si_no": "boolean",
    "sino": "boolean",
    "boolean": "boolean",
    "yes_no": "boolean",
    "milestone": "milestones",
    "milestones": "milestones",
    "fasi": "milestones",
}
DIRECTIONS = {
    "": "increase",
    "crescente": "increase",
    "aumento": "increase",
    "increase": "increase",
    "decrescente": "decrease",
    "diminuzione": "decrease",
    "decrease": "decrease",
}
YES = {"si", "s", "yes", "y", "1", "x", "vero", "true"}
NO = {"no", "n", "0", "falso", "false"}


@dataclass
class Planned:
    row: int
    data: ObjectiveInput
    parent_code: str
    key_results: list[KeyResultInput] = field(default_factory=list)
    failed: bool = False


@dataclass
class ObjectivesImport:
    report: ImportReport
    created: int = 0


def _number(row: Row, name: str, default: Decimal) -> Decimal:
    raw = row.raw(name)
    if raw is None or row.text(name) == "":
        return default
    text = row.text(name).removesuffix("%").strip().replace(" ", "")
    if "," in text:  # Italian: 1.234,5
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        row.error(name, _("%(value)s is not a number.") % {"value": row.text(name)})
        return default
    if not value.is_finite() or abs(value) >= Decimal("1e10"):
        row.error(name, _("%(value)s is not a usable number.") % {"value": row.text(name)})
        return default
    return value


def _whole(row: Row, name: str, default: int, low: int, high: int) -> int:
    value = _number(row, name, Decimal(default))
    if value != value.to_integral_value() or not low <= value <= high:
        row.error(
            name, _("Write a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
        )
        return default
    return int(value)


def _choice(row: Row, name: str, table: dict[str, str], required: bool) -> str:
    key = normalize_header(row.text(name))
    if key in table:
        return table[key]
    if key or required:
        row.error(
            name,
            _("%(value)s is not one of: %(choices)s.")
            % {
                "value": row.text(name) or _("(empty)"),
                "choices": ", ".join(sorted({k for k in table if k})),
            },
        )
    return ""


def _plan(access: Access, content: bytes, report: ImportReport) -> list[Planned]:
    """The objectives of the file, with every error that can be told from the file itself."""
    table = read_table(content)
    columns = map_columns(table, COLUMNS, report)
    if not report.ok:
        return []
    units = {u.code.lower(): u for u in OrgUnit.objects.filter(body=access.body)}
    people = {
        p.employee_number.lower(): p
        for p in Person.objects.filter(body=access.body, is_active=True)
    }
    planned: dict[tuple[int, str], Planned] = {}
    for number, cells in table.rows:
        report.rows += 1
        row = Row(number, cells, columns, table.headers, report)
        code = row.required("codice", 30)
        year = _whole(row, "anno", 0, 2000, 2100)
        key = (year, code.lower())
        first = key not in planned
        if first:
            level = _choice(row, "livello", LEVELS, True)
            period = _choice(row, "periodo", PERIODS, True)
            title = row.required("titolo", 200)
            unit = None
            unit_code = row.text("codice_unita")
            if unit_code:
                unit = units.get(unit_code.lower())
                if unit is None:
                    row.error(
                        "codice_unita", _("No unit has the code %(code)s.") % {"code": unit_code}
                    )
            elif level == "unit":
                row.error("codice_unita", _("A unit objective needs the unit's code."))
            owner = None
            number_text = row.text("matricola_responsabile")
            if number_text:
                owner = people.get(number_text.lower())
                if owner is None:
                    row.error(
                        "matricola_responsabile",
                        _("No active person has the staff number %(n)s.") % {"n": number_text},
                    )
            elif unit is not None and unit.head_id:
                owner = unit.head
            else:
                row.error(
                    "matricola_responsabile",
                    _("Give the owner's staff number (the unit has no head to default to)."),
                )
            shared_text = normalize_header(row.text("condiviso"))
            if shared_text and shared_text not in YES | NO:
                row.error("condiviso", _("Write si or no."))
            planned[key] = Planned(
                row=number,
                data=ObjectiveInput(
                    code=code,
                    title=title,
                    level=level,
                    year=year,
                    period=period,
                    owner_id=owner.pk if owner else 0,
                    unit_id=unit.pk if unit else None,
                    description=row.optional("descrizione", 4000),
                    weight=_whole(row, "peso", 1, 1, 100),
                    performance_code=row.optional("codice_piano_performance", 50),
                    shared=(shared_text in YES) if shared_text else level != "person",
                ),
                parent_code=row.text("obiettivo_padre"),
            )
        objective = planned[key]
        if row.text("risultato_chiave"):
            kind = _choice(row, "tipo", KINDS, True)
            percent = kind == "percentage"
            objective.key_results.append(
                KeyResultInput(
                    title=row.required("risultato_chiave", 200),
                    kind=kind,
                    baseline=_number(row, "baseline", Decimal(0)),
                    target=_number(row, "target", Decimal(100 if percent else 1)),
                    unit_of_measure=row.optional("unita_misura", 40) or ("%" if percent else ""),
                    direction=_choice(row, "direzione", DIRECTIONS, False) or "increase",
                    weight=_whole(row, "peso_risultato", 1, 1, 100),
                    milestones=[m for m in row.text("milestone").split(";") if m.strip()],
                )
            )
        elif not first:
            row.error(
                "risultato_chiave",
                _("A row repeating an objective's code adds a key result: write it."),
            )
        objective.failed |= row.failed
    return list(planned.values())


def _ordered(planned: list[Planned], report: ImportReport) -> list[Planned]:
    """Parents before their children; a cycle of codes is an error on each of its rows."""
    by_code = {(p.data.year, p.data.code.lower()): p for p in planned}
    done: set[int] = set()
    out: list[Planned] = []
    for start in planned:
        chain: list[Planned] = []
        node: Planned | None = start
        while node is not None and id(node) not in done:
            if node in chain:
                report.error(
                    node.row,
                    "obiettivo_padre",
                    _("The objectives of these codes contribute to each other in a circle."),
                )
                return []
            chain.append(node)
            node = (
                by_code.get((node.data.year, node.parent_code.lower()))
                if node.parent_code
                else None
            )
        for item in reversed(chain):
            done.add(id(item))
            out.append(item)
    return out


def run_import(access: Access, content: bytes, *, dry_run: bool) -> ObjectivesImport:
    """Check (dry run) or apply a file of objectives: all of them, or none."""
    if not (access.is_hr or access.is_manager):
        raise PermissionDeniedForRole
    result = ObjectivesImport(ImportReport(kind="objectives"))
    report = result.report
    try:
        planned = _plan(access, content, report)
    except ImportFileError as exc:
        report.error(0, "", exc.message)
        return result
    if not planned:
        return result
    planned = _ordered(planned, report)
    failed = {(p.data.year, p.data.code.lower()) for p in planned if p.failed}
    created: dict[tuple[int, str], int] = {}
    try:
        with transaction.atomic():
            for item in planned:
                parent_key = (item.data.year, item.parent_code.lower())
                if item.failed or (item.parent_code and parent_key in failed):
                    # Its own errors are reported; checking it further would only add noise.
                    failed.add((item.data.year, item.data.code.lower()))
                    continue
                if item.parent_code:
                    item.data.parent_id = created.get(parent_key) or (
                        Objective.objects.filter(
                            body=access.body, year=item.data.year, code__iexact=item.parent_code
                        )
                        .values_list("pk", flat=True)
                        .first()
                    )
                    if item.data.parent_id is None:
                        report.error(
                            item.row,
                            "obiettivo_padre",
                            _("No objective of %(year)d has the code %(code)s.")
                            % {"year": item.data.year, "code": item.parent_code},
                        )
                        continue
                try:
                    with transaction.atomic():
                        objective = services.create_objective(access, item.data, item.key_results)
                except ValidationError as exc:
                    found = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
                    for name, messages in found.items():
                        for message in messages:
                            report.error(item.row, _column_of(name), message)
                    continue
                except PermissionDeniedForRole:
                    report.error(
                        item.row,
                        "codice_unita",
                        _("You may not set objectives for this unit or person."),
                    )
                    continue
                created[(item.data.year, item.data.code.lower())] = objective.pk
                report.counts["new"] += 1
            if dry_run or not report.ok:
                raise _Rollback
    except _Rollback:
        pass
    if not dry_run and report.ok:
        result.created = len(created)
        report.applied = True
    return result


class _Rollback(Exception):
    """Leaves the import's transaction without writing: a preview, or a file with errors."""


_FIELD_COLUMNS = {
    "code": "codice",
    "title": "titolo",
    "level": "livello",
    "period": "periodo",
    "year": "anno",
    "unit": "codice_unita",
    "owner": "matricola_responsabile",
    "parent": "obiettivo_padre",
    "weight": "peso",
    "key_results": "risultato_chiave",
}


def _column_of(name: str) -> str:
    return _FIELD_COLUMNS.get(name, "")


# --- export and template -------------------------------------------------------------------

LEVEL_OUT = {"body": "ente", "unit": "unita", "person": "persona"}
PERIOD_OUT = {"Y": "anno", "S1": "S1", "S2": "S2", "Q1": "T1", "Q2": "T2", "Q3": "T3", "Q4": "T4"}
KIND_OUT = {
    v: k
    for k, v in (
        ("numero", "numeric"),
        ("percentuale", "percentage"),
        ("si_no", "boolean"),
        ("milestone", "milestones"),
    )
}


def _workbook(rows: list[list[Any]], extra: tuple[str, ...] = ()) -> bytes:
    """The sheet the import reads back: its name and column names are the import's format
    (docs), so they are not translated."""
    book = workbook()
    sheet = add_sheet(book, "obiettivi", [c.name for c in COLUMNS] + list(extra), rows, bold=True)
    sheet.freeze_panes = "A2"
    return xlsx_bytes(book)


def template_xlsx() -> bytes:
    """The documented template: the header and one example per kind of key result."""
    rows = [
        [
            "OB-2027-00",
            "ente",
            2027,
            "anno",
            "Servizi più rapidi ai cittadini",
            "",
            "",
            "004512",
            "",
            1,
            "2.2.1",
            "si",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "OB-2027-01",
            "unita",
            2027,
            "anno",
            "Ridurre i tempi delle pratiche",
            "",
            "SERV1",
            "",
            "OB-2027-00",
            2,
            "2.2.3",
            "si",
            "Giorni medi per pratica",
            "numero",
            40,
            20,
            "giorni",
            "decrescente",
            2,
            "",
        ],
        [
            "OB-2027-01",
            "",
            2027,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "Pratiche digitali",
            "percentuale",
            30,
            80,
            "%",
            "",
            1,
            "",
        ],
        [
            "OB-2027-01",
            "",
            2027,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "Nuovo sportello online",
            "milestone",
            "",
            "",
            "",
            "",
            1,
            "Analisi; Sviluppo; Collaudo; Avvio",
        ],
        [
            "OB-2027-02",
            "persona",
            2027,
            "S1",
            "Formazione sugli strumenti digitali",
            "",
            "",
            "004513",
            "OB-2027-01",
            1,
            "",
            "no",
            "Corso completato",
            "si_no",
            "",
            "",
            "",
            "",
            1,
            "",
        ],
    ]
    return _workbook(rows)


def export_xlsx(objectives: list[Objective]) -> bytes:
    """The objectives in the import's columns, plus current value, progress and state."""
    rows: list[list[Any]] = []
    for o in objectives:
        head = [
            o.code,
            LEVEL_OUT[o.level],
            o.year,
            PERIOD_OUT[o.period],
            o.title,
            o.description,
            o.unit.code if o.unit and o.level == "unit" else "",
            o.owner.employee_number,
            o.parent.code if o.parent else "",
            o.weight,
            o.performance_code,
            "si" if o.shared else "no",
        ]
        tail = [o.percent if o.percent is not None else "", o.get_state_display()]
        krs = list(o.key_results.all())
        if not krs:
            rows.append(head + [""] * 8 + [""] + tail)
        for kr in krs:
            milestones = list(kr.milestones.all())
            rows.append(
                [
                    *head,
                    kr.title,
                    KIND_OUT[kr.kind],
                    float(kr.baseline) if kr.kind in ("numeric", "percentage") else "",
                    float(kr.target) if kr.kind in ("numeric", "percentage") else "",
                    kr.unit_of_measure,
                    "decrescente" if kr.direction == "decrease" else "crescente",
                    kr.weight,
                    "; ".join(m.title for m in milestones),
                    "" if kr.current is None else float(kr.current),
                    *tail,
                ]
            )
    return _workbook(rows, EXPORT_EXTRA)


def exported_objectives(objectives) -> list[Objective]:
    return list(
        objectives.exclude(state=State.CANCELLED)
        .select_related("unit", "owner", "parent")
        .prefetch_related("key_results__milestones")
        .order_by("year", "code")
    )


def export_filename(access: Access) -> str:
    return f"obiettivi-{access.body.slug}-{timezone.localdate():%Y%m%d}.xlsx"
