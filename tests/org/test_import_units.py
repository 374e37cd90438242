"""Importing organisational units: parents anywhere in the file or already in the body, moves
that keep the materialised paths right, and the cycles and unknown parents that are refused."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator

import pytest
from django.utils import translation

from agilepa.org.imports.apply import recompute_unit_paths
from agilepa.org.imports.run import run_import
from agilepa.org.imports.units import MAX_UNIT_DEPTH
from agilepa.org.models import OrgUnit, Person
from agilepa.org.services import move_unit


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """The messages are asserted in English, the source language (Italian is the default)."""
    with translation.override("en"):
        yield


TODAY = datetime.date(2026, 3, 2)
HEADER = ["codice_unita", "denominazione", "livello", "codice_unita_padre"]


def units_file(rows: list[tuple[str, ...]], header: list[str] | None = None) -> bytes:
    lines = [";".join(header or HEADER)] + [";".join(row) for row in rows]
    return "\n".join(lines).encode()


def do_import(world, content: bytes, **options: object):
    return run_import(world.a.body, "units", content, today=TODAY, **options)


def digest() -> str:
    rows = [
        list(Person.objects.order_by("pk").values_list()),
        list(OrgUnit.objects.order_by("pk").values_list()),
    ]
    return json.dumps(rows, default=str)


def assert_paths_consistent(body) -> None:
    """Every unit's path is its parent's path plus its own id, and its depth matches."""
    units = {u.pk: u for u in OrgUnit.objects.filter(body=body)}
    for unit in units.values():
        parent = units.get(unit.parent_id)
        expected = f"{parent.path if parent else '/'}{unit.pk}/"
        assert (unit.path, unit.depth) == (expected, expected.count("/") - 2), unit.code


def tree(body) -> dict[str, str | None]:
    return {
        u.code: (u.parent.code if u.parent else None)
        for u in OrgUnit.objects.filter(body=body).select_related("parent")
    }


def test_units_may_name_parents_that_come_later_in_the_file_or_already_exist(world) -> None:
    rows = [
        ("UFF-PROT", "Ufficio Protocollo", "Ufficio", "SETT-AG"),
        ("SETT-AG", "Settore Affari generali", "Settore", "AREA2"),
        ("SERV-TRIB", "Servizio Tributi", "Servizio", ""),
    ]
    report = do_import(world, units_file(rows))
    assert report.ok, report.errors
    assert report.counts == {"new": 3, "changed": 0, "unchanged": 0, "ended": 0}
    codes = tree(world.a.body)
    assert codes["UFF-PROT"] == "SETT-AG"
    assert codes["SETT-AG"] == "AREA2"
    assert codes["SERV-TRIB"] is None
    assert OrgUnit.objects.get(body=world.a.body, code="UFF-PROT").depth == 3
    assert_paths_consistent(world.a.body)


def test_moving_existing_units_rewrites_the_paths_of_their_whole_subtree(world) -> None:
    # AREA1 (with SERV1 below it) moves under AREA2; the people stay in their units.
    rows = [
        ("AREA1", "Area Servizi al cittadino", "", "AREA2"),
        ("AREA2", "Area Risorse", "", "ENTE"),
    ]
    report = do_import(world, units_file(rows))
    assert report.ok, report.errors
    assert report.counts == {"new": 0, "changed": 1, "unchanged": 1, "ended": 0}
    service = OrgUnit.objects.get(pk=world.a.service.pk)
    root, area, other = world.a.root.pk, world.a.area.pk, world.a.other_area.pk
    assert service.path == f"/{root}/{other}/{area}/{service.pk}/"
    assert service.depth == 3
    assert_paths_consistent(world.a.body)
    # The subtree query of the new place finds the moved units (what managers' scopes use).
    inside = OrgUnit.objects.filter(path__startswith=OrgUnit.objects.get(pk=other).path)
    assert set(inside.values_list("code", flat=True)) == {"AREA2", "AREA1", "SERV1"}


def test_the_import_and_move_unit_agree_on_paths(world) -> None:
    move_unit(world.a.service, world.a.other_area)
    by_service = dict(OrgUnit.objects.filter(body=world.a.body).values_list("id", "path"))
    assert recompute_unit_paths(world.a.body) == 0
    assert dict(OrgUnit.objects.filter(body=world.a.body).values_list("id", "path")) == by_service


def test_a_unit_can_become_a_top_unit(world) -> None:
    report = do_import(world, units_file([("AREA2", "Area Risorse", "", "")]))
    assert report.ok
    moved = OrgUnit.objects.get(pk=world.a.other_area.pk)
    assert (moved.parent_id, moved.path, moved.depth) == (None, f"/{moved.pk}/", 0)


def test_a_file_without_the_parent_column_keeps_the_parents(world) -> None:
    header = ["codice_unita", "denominazione"]
    report = do_import(world, units_file([("SERV1", "Servizio Anagrafe e Stato civile")], header))
    assert report.counts["changed"] == 1
    service = OrgUnit.objects.get(pk=world.a.service.pk)
    assert service.name == "Servizio Anagrafe e Stato civile"
    assert service.parent_id == world.a.area.pk


def test_heads_are_set_by_matricola_and_unknown_ones_are_a_warning(world) -> None:
    header = [*HEADER, "matricola_responsabile"]
    colleague = world.a.colleague
    rows = [
        ("SERV1", "Servizio Anagrafe", "", "AREA1", colleague.employee_number),
        ("AREA2", "Area Risorse", "", "ENTE", "NESSUNO"),
    ]
    report = do_import(world, units_file(rows, header))
    assert report.ok, report.errors
    assert OrgUnit.objects.get(pk=world.a.service.pk).head == colleague
    assert [(w.row, w.column) for w in report.warnings] == [(3, "matricola_responsabile")]


def test_units_missing_from_the_file_are_kept(world) -> None:
    before = OrgUnit.objects.filter(body=world.a.body).count()
    report = do_import(world, units_file([("NEW", "Nuova unità", "", "ENTE")]), full_export=True)
    assert report.ok
    assert OrgUnit.objects.filter(body=world.a.body).count() == before + 1


def refused(world, content: bytes) -> list[tuple[int, str, str]]:
    before = digest()
    report = do_import(world, content)
    assert not report.ok and not report.applied
    assert digest() == before
    return [(e.row, e.column, e.message) for e in report.errors]


def test_a_cycle_in_the_file_is_refused_with_its_codes(world) -> None:
    rows = [
        ("A", "Unità A", "", "C"),
        ("B", "Unità B", "", "A"),
        ("C", "Unità C", "", "B"),
        ("D", "Unità D", "", "ENTE"),
    ]
    errors = refused(world, units_file(rows))
    assert len(errors) == 1
    row, column, message = errors[0]
    assert (row, column) == (2, "codice_unita_padre")
    assert "A → C → B → A" in message


def test_a_unit_that_is_its_own_parent_is_a_cycle(world) -> None:
    errors = refused(world, units_file([("X", "Unità X", "", "X")]))
    assert "X → X" in errors[0][2]


def test_moving_an_existing_unit_under_its_own_subunit_is_a_cycle(world) -> None:
    # SERV1 is inside AREA1 in the body: AREA1 under SERV1 would put AREA1 inside itself.
    errors = refused(world, units_file([("AREA1", "Area", "", "SERV1")]))
    assert len(errors) == 1
    assert "AREA1 → SERV1 → AREA1" in errors[0][2]


def test_an_unknown_parent_is_refused(world) -> None:
    errors = refused(
        world, units_file([("X", "Unità X", "", "NOPE"), ("Y", "Unità Y", "", "ENTE")])
    )
    assert [(row, col) for row, col, _m in errors] == [(2, "codice_unita_padre")]
    assert "NOPE" in errors[0][2]


def test_a_parent_of_another_body_is_unknown(world) -> None:
    world.b.area.code = "ONLY-B"
    world.b.area.save()
    errors = refused(world, units_file([("X", "Unità X", "", "ONLY-B")]))
    assert errors[0][:2] == (2, "codice_unita_padre")


def test_a_duplicate_unit_code_gives_both_rows(world) -> None:
    errors = refused(world, units_file([("X", "Unità X", "", ""), ("X", "Altra X", "", "")]))
    assert errors == [(3, "codice_unita", "X appears twice, in rows 2 and 3.")]


def test_missing_unit_columns_are_named(world) -> None:
    errors = refused(world, units_file([("X",)], header=["codice_unita"]))
    assert errors == [(1, "", "Required column missing: denominazione.")]


def test_a_tree_deeper_than_the_limit_is_refused(world) -> None:
    rows = [
        (f"L{n}", f"Livello {n}", "", f"L{n - 1}" if n else "") for n in range(MAX_UNIT_DEPTH + 1)
    ]
    errors = refused(world, units_file(rows))
    assert [row for row, _c, _m in errors] == [MAX_UNIT_DEPTH + 2]


@pytest.mark.parametrize("name", ["", "x" * 201])
def test_a_unit_name_must_be_given_and_not_too_long(world, name: str) -> None:
    errors = refused(world, units_file([("X", name, "", "")]))
    assert errors[0][:2] == (2, "denominazione")
