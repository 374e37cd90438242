"""HR import of organisational units and people from the files HR systems export.

Three steps. `read_table` (the shared reader in `core/tabular.py`) turns the bytes of a CSV file
(UTF-8 with or without BOM, Windows-1252 or UTF-16; comma, semicolon or tab) or of an XLSX
workbook into numbered rows of cells. `plan_people` and `plan_units` check those rows against a
snapshot of the body's data and work out what is new, changed, unchanged or ended: both are
pure, testable without the database. `run_import` takes the snapshot, plans and, only when no
row has an error, applies the plan with bulk writes inside one transaction. The preview is the
same run without the writes, and the confirmation runs everything again against the data as it
is then: a file with any error writes nothing. The columns, formats and rules are documented for
HR offices in docs/hr-import.md.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import DatabaseError, connections, transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agilepa.core.access import Access, Role
from agilepa.core.tabular import (
    Column,
    ImportFileError,
    ImportReport,
    Progress,
    Row,
    Table,
    cell_text,
    data_rows,
    map_columns,
    normalize_header,
    parse_percent,
    read_table,
)
from agilepa.org.models import (
    Body,
    ContractType,
    ImportBatch,
    ImportKind,
    ImportStatus,
    OfficeSite,
    OrgUnit,
    Person,
)
from agilepa.org.signals import people_ended
from agilepa.org.validators import normalize_tax_code, validate_tax_code

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
MAX_UNIT_DEPTH = 50


class ImportConflict(Exception):
    """The batch is no longer waiting for confirmation (applied or refused already)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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


def _duplicate(row: Row, column: str, value: str, seen: dict[str, int]) -> bool:
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


# People -----------------------------------------------------------------------------------------

PERSON_IMPORT_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "tax_code",
    "unit_id",
    "contract",
    "part_time_percent",
    "job_category",
    "hire_date",
    "office_site_id",
    "is_active",
    "ended_on",
)
PERSON_DEFAULTS: dict[str, Any] = {
    "email": "",
    "contract": ContractType.FULL_TIME,
    "part_time_percent": 100,
    "job_category": "",
    "hire_date": None,
    "office_site_id": None,
}
_validate_email = EmailValidator()


@dataclass(frozen=True)
class PeopleSnapshot:
    """The body's data a people file is checked against: its people by matricola (with the
    fields an import may change), its unit and site ids by code."""

    people: dict[str, dict[str, Any]]
    units: dict[str, int]
    sites: dict[str, int]


@dataclass
class PeoplePlan:
    create: dict[str, dict[str, Any]] = field(default_factory=dict)  # matricola → fields
    update: dict[int, dict[str, Any]] = field(default_factory=dict)  # id → changed fields
    end: list[int] = field(default_factory=list)


def plan_people(
    table: Table,
    snapshot: PeopleSnapshot,
    report: ImportReport,
    *,
    full_export: bool,
    today: date,
    progress: Progress | None = None,
) -> PeoplePlan:
    """Check every row and sort the people into new, changed, unchanged and ended.

    A column missing from the file leaves that field of existing people as it is; a column
    present with an empty cell empties it. A person in the file is in service unless the row
    says otherwise (cessato, data_cessazione); with `full_export`, active people missing from
    the file are ended today."""
    plan = PeoplePlan()
    columns = map_columns(table, PEOPLE_COLUMNS, report)
    if not report.ok:
        return plan
    seen: dict[str, int] = {}
    counts = report.counts
    for row in data_rows(table, columns, report, progress):
        matricola = row.required("matricola", 30)
        if matricola and _duplicate(row, "matricola", matricola, seen):
            continue
        values = _person_values(row, snapshot, today)
        if row.failed:
            continue
        existing = snapshot.people.get(matricola)
        if existing is None:
            if values["is_active"] is False and values["ended_on"] is None:
                values["ended_on"] = today
            plan.create[matricola] = {**PERSON_DEFAULTS, **values}
            counts["new"] += 1
            continue
        if values["is_active"] is False and values["ended_on"] is None:
            # Marked as ceased without a date: keep the date already known, or end today.
            values["ended_on"] = existing["ended_on"] if not existing["is_active"] else today
        changes = {k: v for k, v in values.items() if existing[k] != v}
        if not changes:
            counts["unchanged"] += 1
            continue
        plan.update[existing["id"]] = changes
        if existing["is_active"] and not values["is_active"]:
            counts["ended"] += 1
        else:
            counts["changed"] += 1
    if full_export:
        for matricola, existing in snapshot.people.items():
            if matricola not in seen and existing["is_active"]:
                plan.end.append(existing["id"])
                counts["ended"] += 1
    return plan


def _person_values(row: Row, snapshot: PeopleSnapshot, today: date) -> dict[str, Any]:
    """The fields a row sets (only those whose column is in the file), each validated."""
    values: dict[str, Any] = {
        "last_name": row.required("cognome", 100),
        "first_name": row.required("nome", 100),
    }
    tax_code = normalize_tax_code(row.text("codice_fiscale"))
    if not tax_code:
        row.error("codice_fiscale", _("This value is required."))
    else:
        try:
            validate_tax_code(tax_code)
        except ValidationError as exc:
            row.error("codice_fiscale", exc.messages[0])
    values["tax_code"] = tax_code
    unit_code = row.required("codice_unita", 40)
    if unit_code:
        values["unit_id"] = snapshot.units.get(unit_code)
        if values["unit_id"] is None:
            row.error(
                "codice_unita",
                _(
                    "There is no unit with code %(code)s in this body: import the units file "
                    "first, or correct the code."
                )
                % {"code": unit_code},
            )
    if row.has("email"):
        email = row.optional("email", 254)
        if email:
            try:
                _validate_email(email)
            except ValidationError:
                row.error("email", _("%(value)s is not an e-mail address.") % {"value": email})
        values["email"] = email
    if row.has("categoria"):
        values["job_category"] = row.optional("categoria", 60)
    hire_date = None
    if row.has("data_assunzione"):
        hire_date = values["hire_date"] = row.date("data_assunzione")
    if row.has("codice_sede"):
        site_code = row.optional("codice_sede", 40)
        values["office_site_id"] = snapshot.sites.get(site_code) if site_code else None
        if site_code and values["office_site_id"] is None:
            row.error(
                "codice_sede",
                _("There is no office site with code %(code)s in this body.") % {"code": site_code},
            )
    if row.has("contratto") or row.has("percentuale_part_time"):
        _contract_values(row, values)
    _status_values(row, values, hire_date, today)
    return values


def _contract_values(row: Row, values: dict[str, Any]) -> None:
    try:
        contract = parse_contract(row.raw("contratto"))
    except ValueError:
        row.error(
            "contratto",
            _("%(value)s is not a contract: write tempo pieno or part-time.")
            % {"value": row.text("contratto")},
        )
        return
    try:
        number = parse_percent(row.raw("percentuale_part_time"))
    except ValueError:
        row.error(
            "percentuale_part_time",
            _("%(value)s is not a percentage: write a number from 1 to 99, e.g. 50 or 83,33.")
            % {"value": row.text("percentuale_part_time")},
        )
        return
    # The platform keeps whole percentages (30 hours of 36 are 83.33%, kept as 83).
    percent = None if number is None else int(number + 0.5) if number > 0 else int(number)
    if percent is not None and (number is None or number < 1 or percent > 100):
        row.error(
            "percentuale_part_time",
            _("%(value)s is not a percentage from 1 to 100.")
            % {"value": row.text("percentuale_part_time")},
        )
        return
    if contract is None:
        contract = ContractType.PART_TIME if percent is not None and percent < 100 else None
        contract = contract or ContractType.FULL_TIME
    if contract == ContractType.FULL_TIME:
        if percent not in (None, 100):
            row.error(
                "percentuale_part_time",
                _("A full-time contract is 100%: leave the percentage empty or write 100."),
            )
        percent = 100
    elif percent is None or percent > 99:
        row.error(
            "percentuale_part_time",
            _("A part-time contract needs its percentage, from 1 to 99."),
        )
    values["contract"], values["part_time_percent"] = contract, percent


def _status_values(row: Row, values: dict[str, Any], hire_date: date | None, today: date) -> None:
    ceased: bool | None = None
    if row.has("cessato"):
        try:
            ceased = parse_yes_no(row.raw("cessato")) if row.text("cessato") else None
        except ValueError:
            row.error(
                "cessato",
                _("%(value)s is neither yes nor no: write sì or no (or leave it empty).")
                % {"value": row.text("cessato")},
            )
    end_date = row.date("data_cessazione") if row.has("data_cessazione") else None
    if end_date is not None and end_date > today:
        # Still in service: the platform records an end only once it has happened.
        row.warn(
            "data_cessazione",
            _(
                "The end of employment is in the future: the person stays in service until an "
                "import on or after %(date)s ends them."
            )
            % {"date": end_date.strftime("%d/%m/%Y")},
        )
        values["is_active"], values["ended_on"] = True, None
        return
    if end_date is not None and ceased is False:
        row.error(
            "data_cessazione",
            _("The row says the person has not ceased, but gives an end of employment."),
        )
    if end_date is not None and hire_date is not None and end_date < hire_date:
        row.error("data_cessazione", _("The end of employment is before the hire date."))
    ended = bool(ceased) or end_date is not None
    values["is_active"] = not ended
    values["ended_on"] = end_date if ended else None


# Units ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitsSnapshot:
    """The body's units by code (id, parent's code and the fields an import may change) and its
    people's ids by matricola, for the heads."""

    units: dict[str, dict[str, Any]]
    people: dict[str, int]


@dataclass
class UnitsPlan:
    # code → the fields its row sets: name, and level_name, parent_code, head_id when their
    # column is in the file.
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)


def plan_units(
    table: Table,
    snapshot: UnitsSnapshot,
    report: ImportReport,
    *,
    progress: Progress | None = None,
) -> UnitsPlan:
    """Check every row, the parents (in the file or in the body) and the whole resulting tree
    (no cycle, not too deep). Units missing from the file are kept as they are: a unit is
    never deleted by an import."""
    plan = UnitsPlan()
    columns = map_columns(table, UNIT_COLUMNS, report)
    if not report.ok:
        return plan
    row_of: dict[str, int] = {}
    parent_rows: list[tuple[Row, str]] = []
    for row in data_rows(table, columns, report, progress):
        code = row.required("codice_unita", 40)
        if code and _duplicate(row, "codice_unita", code, row_of):
            continue
        values: dict[str, Any] = {"name": row.required("denominazione", 200)}
        if row.has("livello"):
            values["level_name"] = row.optional("livello", 40)
        if row.has("codice_unita_padre"):
            values["parent_code"] = row.optional("codice_unita_padre", 40) or None
            if values["parent_code"]:
                parent_rows.append((row, values["parent_code"]))
        if row.has("matricola_responsabile"):
            head = row.text("matricola_responsabile")
            head_id = snapshot.people.get(head) if head else None
            if head and head_id is None:
                # Not an error: units come before people in a new body. The head is kept.
                row.warn(
                    "matricola_responsabile",
                    _(
                        "No person with matricola %(value)s in this body: the head is left as "
                        "it is. Import the people, then this file again."
                    )
                    % {"value": head},
                )
            else:
                values["head_id"] = head_id
        if not row.failed and code:
            plan.rows[code] = values
    for row, parent_code in parent_rows:
        if parent_code not in row_of and parent_code not in snapshot.units:
            row.error(
                "codice_unita_padre",
                _("There is no unit with code %(code)s, in the file or in this body.")
                % {"code": parent_code},
            )
    if report.ok:
        _check_tree(plan, snapshot, row_of, report, columns, table.headers)
    _count_units(plan, snapshot, report)
    return plan


def _check_tree(
    plan: UnitsPlan,
    snapshot: UnitsSnapshot,
    row_of: dict[str, int],
    report: ImportReport,
    columns: dict[str, int],
    headers: tuple[str, ...],
) -> None:
    """The tree after the import, from the units of the body and the rows of the file: report
    each cycle once, with its codes in order, and units nested too deep."""
    parent_of = {code: unit["parent_code"] for code, unit in snapshot.units.items()}
    for code, values in plan.rows.items():
        parent_of[code] = values["parent_code"] if "parent_code" in values else parent_of.get(code)
    column = headers[columns["codice_unita_padre"]] if "codice_unita_padre" in columns else ""
    state: dict[str, int] = {}  # 1: on the walk being followed, 2: known to reach a top unit
    for start in parent_of:
        walk: list[str] = []
        code: str | None = start
        while code is not None and state.get(code) is None:
            state[code] = 1
            walk.append(code)
            code = parent_of.get(code)
        if code is not None and state[code] == 1:
            cycle = walk[walk.index(code) :]
            in_file = [c for c in cycle if c in row_of]
            first = min(in_file, key=row_of.__getitem__) if in_file else cycle[0]
            turn = cycle.index(first)
            ordered = [*cycle[turn:], *cycle[:turn], first]
            report.error(
                row_of.get(first, 0),
                column,
                _(
                    "These units would be inside themselves (a cycle): %(cycle)s. Correct the "
                    "parent of one of them."
                )
                % {"cycle": " → ".join(ordered)},
            )
        for visited in walk:
            state[visited] = 2
    if not report.ok:
        return
    depth: dict[str, int] = {}
    for code in parent_of:
        chain = []
        current: str | None = code
        while current is not None and current not in depth:
            chain.append(current)
            current = parent_of.get(current)
        level = depth[current] if current is not None else -1
        for item in reversed(chain):
            level += 1
            depth[item] = level
        if depth[code] >= MAX_UNIT_DEPTH:
            report.error(
                row_of.get(code, 0),
                column,
                _("This unit would be %(depth)d levels deep: at most %(max)d are allowed.")
                % {"depth": depth[code] + 1, "max": MAX_UNIT_DEPTH},
            )


def _count_units(plan: UnitsPlan, snapshot: UnitsSnapshot, report: ImportReport) -> None:
    for code, values in plan.rows.items():
        existing = snapshot.units.get(code)
        if existing is None:
            report.counts["new"] += 1
        elif any(existing[k] != v for k, v in values.items()):
            report.counts["changed"] += 1
        else:
            report.counts["unchanged"] += 1


# Running an import ------------------------------------------------------------------------------


def people_snapshot(body: Body) -> PeopleSnapshot:
    people = {
        row["employee_number"]: row
        for row in Person.objects.filter(body=body).values(
            "id", "employee_number", *PERSON_IMPORT_FIELDS
        )
    }
    return PeopleSnapshot(
        people=people,
        units=dict(OrgUnit.objects.filter(body=body).values_list("code", "id")),
        sites=dict(OfficeSite.objects.filter(body=body).values_list("code", "id")),
    )


def units_snapshot(body: Body) -> UnitsSnapshot:
    rows = list(
        OrgUnit.objects.filter(body=body).values(
            "id", "code", "parent_id", "name", "level_name", "head_id"
        )
    )
    code_of = {row["id"]: row["code"] for row in rows}
    units = {}
    for row in rows:
        row["parent_code"] = code_of.get(row["parent_id"])
        units[row["code"]] = row
    people = dict(Person.objects.filter(body=body).values_list("employee_number", "id"))
    return UnitsSnapshot(units=units, people=people)


def run_import(
    body: Body,
    kind: str,
    content: bytes,
    *,
    full_export: bool = False,
    dry_run: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check a file against the body's data and, unless `dry_run` or any row has an error,
    apply it: all or nothing, in one transaction."""
    report = ImportReport(kind=kind)
    try:
        table = read_table(content, progress)
    except ImportFileError as exc:
        report.error(0, "", exc.message)
        return report
    report.rows = len(table.rows)
    today = today or timezone.localdate()
    with transaction.atomic():
        # One import per body at a time: the second waits, then checks against the first's
        # result. (SQLite takes the write lock when the transaction starts.)
        list(Body.objects.select_for_update().filter(pk=body.pk).values_list("pk"))
        if kind == ImportKind.PEOPLE:
            people = people_snapshot(body)
            people_plan = plan_people(
                table, people, report, full_export=full_export, today=today, progress=progress
            )
            if report.ok and not dry_run:
                _apply_people(body, people_plan, today, progress)
                _audit_people(body, people_plan, people, today)
                report.applied = True
        elif kind == ImportKind.UNITS:
            units = units_snapshot(body)
            units_plan = plan_units(table, units, report, progress=progress)
            if report.ok and not dry_run:
                _apply_units(body, units_plan, units, progress)
                report.applied = True
        else:
            raise ValueError(f"unknown import kind {kind!r}")
    return report


def _chunks(items: list[Any], size: int = BATCH_SIZE) -> Any:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _apply_people(body: Body, plan: PeoplePlan, today: date, progress: Progress | None) -> None:
    total = len(plan.create) + len(plan.update) + len(plan.end)
    done = 0
    new_people = [
        Person(body=body, employee_number=matricola, **values)
        for matricola, values in plan.create.items()
    ]
    for chunk in _chunks(new_people):
        Person.objects.bulk_create(chunk)
        done += len(chunk)
        if progress is not None:
            progress("write", done, total)
    now = timezone.now()
    # Rows that change the same fields go together: bulk_update writes only those columns.
    by_fields: dict[tuple[str, ...], list[Person]] = defaultdict(list)
    for pk, changes in plan.update.items():
        person = Person(pk=pk, updated_at=now, **changes)
        by_fields[tuple(sorted(changes))].append(person)
    for fields, people in by_fields.items():
        update_fields = [f.removesuffix("_id") for f in fields] + ["updated_at"]
        for chunk in _chunks(people):
            Person.objects.bulk_update(chunk, update_fields)
            done += len(chunk)
            if progress is not None:
                progress("write", done, total)
    for chunk in _chunks(plan.end):
        Person.objects.filter(body=body, pk__in=chunk).update(
            is_active=False, ended_on=today, updated_at=now
        )
        people_ended.send(sender=Person, body_id=body.pk, person_ids=list(chunk))
        done += len(chunk)
        if progress is not None:
            progress("write", done, total)


def _audit_people(body: Body, plan: PeoplePlan, snapshot: PeopleSnapshot, today: date) -> None:
    """One audit entry per person created, changed or ended, in the import's transaction.

    The first entry names the import and carries who, how and from where; the people's entries
    copy those and are written in batches, so that a file of 100,000 people does not make
    100,000 round trips (bench/import_people.py)."""
    from agilepa.audit import services as audit
    from agilepa.audit.models import AuditEntry

    if not (plan.create or plan.update or plan.end):
        return
    head = audit.record(
        "import.people",
        body=body,
        object_type="org.importbatch",
        changes={"created": len(plan.create), "updated": len(plan.update), "ended": len(plan.end)},
    )

    # Written with one executemany: Django's bulk_create prepared each of the rows' fields one
    # by one and doubled the import's writing time (bench/import_people.py).
    connection = connections[AuditEntry.objects.db]
    changes_field = AuditEntry._meta.get_field("changes")
    at = connection.ops.adapt_datetimefield_value(head.at)
    columns = (
        "chain, body_id, actor_id, actor_label, via, ip, request_id, at, object_type, action, "
        "object_id, object_label, person_id, changes, changes_digest, prev_hash, hash, redacted_at"
    )
    shared_values = (
        head.chain,
        body.pk,
        head.actor_id,
        head.actor_label,
        head.via,
        head.ip,
        head.request_id,
        at,
        "org.person",
    )

    def entry(action: str, pk: int, name: str, changes: dict[str, Any]) -> tuple[Any, ...]:
        # `changes` comes from audit.diff: already plain values.
        return (
            *shared_values,
            action,
            str(pk),
            name[:200],
            pk,
            changes_field.get_db_prep_save(changes, connection),
            audit.digest(changes, head.actor_label, name[:200]),
            "",
            "",
            None,
        )

    def named(values: dict[str, Any]) -> dict[str, Any]:
        return {k.removesuffix("_id"): v for k, v in values.items()}

    entries = []
    by_id = {row["id"]: row for row in snapshot.people.values()}
    created = dict(
        Person.objects.filter(body=body, employee_number__in=list(plan.create)).values_list(
            "employee_number", "pk"
        )
    )
    for matricola, values in plan.create.items():
        after = named({"employee_number": matricola, **values})
        name = f"{values['first_name']} {values['last_name']}"
        entries.append(entry("person.create", created[matricola], name, audit.diff({}, after)))
    for pk, changes in plan.update.items():
        existing = by_id[pk]
        before = named({k: existing[k] for k in changes})
        action = (
            "person.end"
            if existing["is_active"] and changes.get("is_active") is False
            else ("person.update")
        )
        name = f"{existing['first_name']} {existing['last_name']}"
        entries.append(entry(action, pk, name, audit.diff(before, named(changes))))
    for pk in plan.end:
        existing = by_id[pk]
        before = {"is_active": True, "ended_on": existing["ended_on"]}
        name = f"{existing['first_name']} {existing['last_name']}"
        after = {"is_active": False, "ended_on": today}
        entries.append(entry("person.end", pk, name, audit.diff(before, after)))
    placeholders = ", ".join(["%s"] * len(entries[0])) if entries else ""
    sql = f"INSERT INTO {AuditEntry._meta.db_table} ({columns}) VALUES ({placeholders})"  # noqa: S608 (constants)
    with connection.cursor() as cursor:
        for chunk in _chunks(entries):
            cursor.executemany(sql, chunk)


NEW_UNIT: dict[str, Any] = {"name": "", "level_name": "", "head_id": None, "parent_code": None}


def _apply_units(
    body: Body, plan: UnitsPlan, snapshot: UnitsSnapshot, progress: Progress | None
) -> None:
    existing = snapshot.units
    new_units = [
        OrgUnit(
            body=body,
            code=code,
            name=values["name"],
            level_name=values.get("level_name", ""),
            head_id=values.get("head_id"),
        )
        for code, values in plan.rows.items()
        if code not in existing
    ]
    OrgUnit.objects.bulk_create(new_units, batch_size=BATCH_SIZE)
    id_of = {code: unit["id"] for code, unit in existing.items()}
    id_of.update({unit.code: unit.pk for unit in new_units})
    changed = []
    for code, values in plan.rows.items():
        current = existing.get(code)
        if current is None and not values.get("parent_code"):
            continue  # created as it must be
        if current is not None and all(current[k] == v for k, v in values.items()):
            continue
        merged = {**(current or NEW_UNIT), **values}
        changed.append(
            OrgUnit(
                pk=id_of[code],
                name=merged["name"],
                level_name=merged["level_name"],
                head_id=merged["head_id"],
                parent_id=id_of[merged["parent_code"]] if merged["parent_code"] else None,
            )
        )
    OrgUnit.objects.bulk_update(
        changed, ["name", "level_name", "head", "parent"], batch_size=BATCH_SIZE
    )
    if progress is not None:
        progress("write", len(plan.rows), len(plan.rows))
    recompute_unit_paths(body)


def recompute_unit_paths(body: Body) -> int:
    """Rewrite the materialised path and depth of every unit of `body` whose place in the tree
    changed (see services.unit_path): one read, then bulk updates of the changed rows only.
    Returns how many units were rewritten."""
    rows = list(OrgUnit.objects.filter(body=body).values_list("id", "parent_id", "path", "depth"))
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, parent_id, _path, _depth in rows:
        children[parent_id].append(unit_id)
    placed: dict[int, tuple[str, int]] = {}
    stack = [(unit_id, f"/{unit_id}/", 0) for unit_id in children[None]]
    while stack:
        unit_id, path, depth = stack.pop()
        placed[unit_id] = (path, depth)
        stack.extend((child, f"{path}{child}/", depth + 1) for child in children[unit_id])
    if len(placed) != len(rows):
        raise RuntimeError(f"the units of body {body.pk} do not form a tree")
    moved = [
        OrgUnit(pk=unit_id, path=placed[unit_id][0], depth=placed[unit_id][1])
        for unit_id, _parent, path, depth in rows
        if placed[unit_id] != (path, depth)
    ]
    OrgUnit.objects.bulk_update(moved, ["path", "depth"], batch_size=BATCH_SIZE)
    return len(moved)


# Batches: the preview → confirm steps of the wizard and of the API ------------------------------

HR_ROLES = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)


def batches_for(access: Access) -> QuerySet[ImportBatch]:
    """The body's imports, for HR only; the file contents are not loaded."""
    access.require(*HR_ROLES)
    return ImportBatch.objects.filter(body=access.body).defer("content")


def get_batch(access: Access, batch_id: int) -> ImportBatch:
    """One import of the user's body: another body's is a 404, like a missing one."""
    return get_object_or_404(batches_for(access), pk=batch_id)


def _store_report(batch: ImportBatch, report: ImportReport) -> None:
    batch.row_count = report.rows
    batch.counts = report.counts
    batch.errors = [e.as_dict() for e in report.errors]
    batch.error_count = report.error_count
    batch.warnings = [w.as_dict() for w in report.warnings]


def create_batch(
    access: Access, kind: str, filename: str, content: bytes, *, full_export: bool
) -> ImportBatch:
    """Check an uploaded file and keep it for confirmation, with its counts and errors. A file
    with errors is kept only as its report: it can never be applied."""
    access.require(*HR_ROLES)
    report = run_import(access.body, kind, content, full_export=full_export, dry_run=True)
    batch = ImportBatch(
        body=access.body,
        kind=kind,
        uploaded_by_id=access.user_id,
        filename=filename[-255:],
        full_export=full_export,
        content=content if report.ok else b"",
        status=ImportStatus.PREVIEWED if report.ok else ImportStatus.FAILED,
    )
    _store_report(batch, report)
    batch.save()
    return batch


def confirm_batch(access: Access, batch_id: int) -> tuple[ImportBatch, ImportReport]:
    """Apply a previewed import, checking the file again against the data as it is now. Either
    every row is applied or, when anything is wrong, nothing is and the batch is refused."""
    access.require(*HR_ROLES)
    with transaction.atomic():
        batch = get_object_or_404(
            ImportBatch.objects.select_for_update().filter(body=access.body), pk=batch_id
        )
        if batch.status != ImportStatus.PREVIEWED:
            raise ImportConflict(
                _("This import is %(status)s: upload the file again to import it.")
                % {"status": batch.get_status_display().lower()}
            )
        try:
            report = run_import(
                access.body, batch.kind, bytes(batch.content), full_export=batch.full_export
            )
        except DatabaseError:
            logger.exception("HR import %s refused by the database", batch.pk)
            report = ImportReport(kind=batch.kind)
            report.error(
                0, "", _("The database refused the changes, so nothing was written. Try again.")
            )
        batch.content = b""
        batch.status = ImportStatus.APPLIED if report.applied else ImportStatus.FAILED
        if report.applied:
            batch.applied_at = timezone.now()
            batch.applied_by_id = access.user_id
        _store_report(batch, report)
        batch.save()
    return batch, report
