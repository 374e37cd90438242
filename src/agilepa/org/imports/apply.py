"""Writing a checked plan: bulk creates and updates in batches, the people's audit entries, and
the units' materialised paths. Called by `run_import` inside its transaction only."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.utils import timezone

from agilepa.core.tabular import Progress
from agilepa.org.imports.people import PeoplePlan, PeopleSnapshot
from agilepa.org.imports.units import UnitsPlan, UnitsSnapshot
from agilepa.org.models import Body, OrgUnit, Person
from agilepa.org.signals import people_ended

BATCH_SIZE = 2000


def _chunks(items: list[Any], size: int = BATCH_SIZE) -> Any:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def apply_people(body: Body, plan: PeoplePlan, today: date, progress: Progress | None) -> None:
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


def audit_people(body: Body, plan: PeoplePlan, snapshot: PeopleSnapshot, today: date) -> None:
    """One audit entry per person created, changed or ended, in the import's transaction.

    The first entry names the import and carries who, how and from where; the people's entries
    copy those and are written in batches, so that a file of 100,000 people does not make
    100,000 round trips (bench/import_people.py)."""
    from agilepa.audit import services as audit

    if not (plan.create or plan.update or plan.end):
        return
    head = audit.record(
        "import.people",
        body=body,
        object_type="org.importbatch",
        changes={"created": len(plan.create), "updated": len(plan.update), "ended": len(plan.end)},
    )

    def named(values: dict[str, Any]) -> dict[str, Any]:
        return {k.removesuffix("_id"): v for k, v in values.items()}

    entries: list[tuple[str, int, str, int, dict[str, Any]]] = []
    by_id = {row["id"]: row for row in snapshot.people.values()}
    created = dict(
        Person.objects.filter(body=body, employee_number__in=list(plan.create)).values_list(
            "employee_number", "pk"
        )
    )
    for matricola, values in plan.create.items():
        after = named({"employee_number": matricola, **values})
        name = f"{values['first_name']} {values['last_name']}"
        pk = created[matricola]
        entries.append(("person.create", pk, name, pk, audit.diff({}, after)))
    for pk, changes in plan.update.items():
        existing = by_id[pk]
        before = named({k: existing[k] for k in changes})
        action = (
            "person.end"
            if existing["is_active"] and changes.get("is_active") is False
            else ("person.update")
        )
        name = f"{existing['first_name']} {existing['last_name']}"
        entries.append((action, pk, name, pk, audit.diff(before, named(changes))))
    for pk in plan.end:
        existing = by_id[pk]
        before = {"is_active": True, "ended_on": existing["ended_on"]}
        name = f"{existing['first_name']} {existing['last_name']}"
        after = {"is_active": False, "ended_on": today}
        entries.append(("person.end", pk, name, pk, audit.diff(before, after)))
    audit.record_many(head, "org.person", entries, batch_size=BATCH_SIZE)


NEW_UNIT: dict[str, Any] = {"name": "", "level_name": "", "head_id": None, "parent_code": None}


def apply_units(
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
