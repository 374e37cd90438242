"""A people file checked against a snapshot of the body's people, units and sites: what is new,
changed, unchanged or ended, and every row's errors. `plan_people` is pure: testable without
the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _

from agilepa.core import formats
from agilepa.core.tabular import (
    ImportReport,
    Progress,
    Row,
    Table,
    data_rows,
    map_columns,
    parse_percent,
)
from agilepa.org.imports.columns import PEOPLE_COLUMNS, duplicate, parse_contract, parse_yes_no
from agilepa.org.models import Body, ContractType, OfficeSite, OrgUnit, Person
from agilepa.org.validators import normalize_tax_code, validate_tax_code

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
        if matricola and duplicate(row, "matricola", matricola, seen):
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
                "import %(from_day)s ends them."
            )
            % {"from_day": formats.with_article("dal:on or after", end_date)},
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
