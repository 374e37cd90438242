"""The XLSX import of objectives: the template imports, every error names its row and column,
and a file with any error writes nothing; the export reads back in."""

from __future__ import annotations

import io

from django.test import Client
from openpyxl import Workbook, load_workbook

from agilepa.objectives import transfer
from agilepa.objectives.models import KeyResult, Objective
from tests.objectives.helpers import access_of

HEADER = [c.name for c in transfer.COLUMNS]


def xlsx(rows: list[dict[str, object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append([row.get(name, "") for name in HEADER])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def unit_row(world, **overrides) -> dict[str, object]:
    row = {
        "codice": "OB-1",
        "livello": "unita",
        "anno": 2027,
        "periodo": "anno",
        "titolo": "Ridurre i tempi",
        "codice_unita": world.a.service.code,
        "matricola_responsabile": world.a.manager_person.employee_number,
        "risultato_chiave": "Giorni per pratica",
        "tipo": "numero",
        "baseline": 40,
        "target": 20,
        "direzione": "decrescente",
    }
    row.update(overrides)
    return row


def test_a_valid_file_creates_the_tree_with_its_key_results(world) -> None:
    hr = access_of(world)
    content = xlsx(
        [
            unit_row(world, codice="FIGLIO", obiettivo_padre="OB-1"),  # parent defined below
            unit_row(world),
            {
                "codice": "OB-1",
                "anno": 2027,
                "risultato_chiave": "Sportello",
                "tipo": "milestone",
                "milestone": "Analisi; Avvio",
            },
        ]
    )
    preview = transfer.run_import(hr, content, dry_run=True)
    assert preview.report.ok, preview.report.errors
    assert preview.report.counts["new"] == 2
    assert Objective.objects.count() == 0  # a preview writes nothing
    done = transfer.run_import(hr, content, dry_run=False)
    assert done.report.applied and done.created == 2
    parent = Objective.objects.get(code="OB-1")
    assert Objective.objects.get(code="FIGLIO").parent == parent
    assert KeyResult.objects.filter(objective=parent).count() == 2
    assert parent.key_results.get(kind="milestones").milestones.count() == 2


def test_every_error_names_its_row_and_column_and_nothing_is_written(world) -> None:
    hr = access_of(world)
    content = xlsx(
        [
            unit_row(world),  # valid
            unit_row(world, codice="OB-2", codice_unita="NOPE"),
            unit_row(world, codice="OB-3", livello="reparto"),
            unit_row(world, codice="OB-4", target="tanti"),
            unit_row(world, codice="OB-5", baseline=20, target=40),  # decreasing, but target up
            unit_row(world, codice="OB-6", obiettivo_padre="MANCA"),
        ]
    )
    result = transfer.run_import(hr, content, dry_run=False)
    found = {(e.row, e.column) for e in result.report.errors}
    assert (3, "codice_unita") in found
    assert (4, "livello") in found
    assert (5, "target") in found
    assert (6, "risultato_chiave") in found
    assert any(e.row == 7 and "MANCA" in e.message for e in result.report.errors)
    assert not result.report.applied
    assert Objective.objects.count() == 0


def test_a_missing_column_and_a_file_that_is_not_a_spreadsheet_are_refused(world) -> None:
    hr = access_of(world)
    book = Workbook()
    book.active.append(["codice", "titolo"])
    book.active.append(["X", "Y"])
    out = io.BytesIO()
    book.save(out)
    result = transfer.run_import(hr, out.getvalue(), dry_run=True)
    assert "livello" in result.report.errors[0].message
    result = transfer.run_import(hr, b"%PDF-1.4 not a sheet", dry_run=True)
    assert "PDF" in result.report.errors[0].message


def test_a_manager_cannot_import_objectives_beyond_their_subtree(world) -> None:
    manager = access_of(world, "manager")
    content = xlsx(
        [
            unit_row(
                world,
                codice_unita=world.a.other_area.code,
                matricola_responsabile=world.a.outsider.employee_number,
            )
        ]
    )
    result = transfer.run_import(manager, content, dry_run=False)
    assert [(e.row, e.column) for e in result.report.errors] == [(2, "codice_unita")]
    assert Objective.objects.count() == 0


def test_the_template_and_the_export_import_back(world) -> None:
    hr = access_of(world)
    transfer.run_import(hr, xlsx([unit_row(world)]), dry_run=False)
    client = Client()
    client.force_login(world.users["hr_admin"])
    slug = world.a.body.slug
    exported = client.get(f"/b/{slug}/objectives/export.xlsx?year=2027")
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][: len(HEADER)] == tuple(HEADER)
    assert rows[1][0] == "OB-1" and rows[1][HEADER.index("direzione")] == "decrescente"
    # The same file, its codes changed, is a valid import.
    book = load_workbook(io.BytesIO(exported.content))
    book.active["A2"] = "OB-COPIA"
    out = io.BytesIO()
    book.save(out)
    assert transfer.run_import(hr, out.getvalue(), dry_run=True).report.ok
    template = client.get(f"/b/{slug}/objectives/template.xlsx")
    assert template.status_code == 200
    headers = next(load_workbook(io.BytesIO(template.content)).active.iter_rows(values_only=True))
    assert list(headers) == HEADER


def test_the_import_page_previews_then_confirms(world) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(world.users["hr_admin"])
    url = f"/b/{world.a.body.slug}/objectives/import/"
    upload = SimpleUploadedFile("obiettivi.xlsx", xlsx([unit_row(world)]))
    page = client.post(url, {"file": upload})
    assert "all valid" in page.content.decode()
    assert Objective.objects.count() == 0
    client.post(url, {"action": "confirm"})
    assert Objective.objects.get().code == "OB-1"
