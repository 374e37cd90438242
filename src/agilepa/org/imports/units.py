"""A units file checked against a snapshot of the body's units: what is new, changed or
unchanged, and a tree with no loop, no missing parent and no more than `MAX_UNIT_DEPTH` levels.
`plan_units` is pure: testable without the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from agilepa.core.tabular import ImportReport, Progress, Row, Table, data_rows, map_columns
from agilepa.org.imports.columns import UNIT_COLUMNS, duplicate
from agilepa.org.models import Body, OrgUnit, Person

MAX_UNIT_DEPTH = 50


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
        if code and duplicate(row, "codice_unita", code, row_of):
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
