"""HR downloads the body's record of processing activities (art. 30) as DOCX: the body is the
titolare, every activity of the registry is there with its data, legal basis, recipients,
retention and security measures, and the special categories are named."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client
from docx import Document

from agilepa.audit.models import AuditEntry
from agilepa.privacy import registry


def download(hr: Client, world, settings=None) -> Document:
    response = hr.get(f"/b/{world.a.body.slug}/privacy/register.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="registro-trattamenti-c_a.docx"' in response["Content-Disposition"]
    return Document(BytesIO(response.content))


def cells(document: Document) -> dict[str, list[str]]:
    """Each row's label and its texts, over every table of the document."""
    found: dict[str, list[str]] = {}
    for table in document.tables:
        for row in table.rows:
            found.setdefault(row.cells[0].text, []).append(row.cells[1].text)
    return found


def test_the_register_names_the_body_as_titolare(world, client_as) -> None:
    document = download(client_as("hr_admin"), world)
    assert document.core_properties.author == "Comune A"
    rows = cells(document)
    assert rows["Titolare del trattamento"] == ["Comune A"]
    assert rows["Codice IPA"] == ["c_a"]


def test_the_register_holds_every_activity_with_what_article_30_asks(world, client_as) -> None:
    document = download(client_as("hr_admin"), world)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    carried_out = [a for a in registry.ACTIVITIES if registry.models_of(a.key)]
    assert len(carried_out) >= 8
    for activity in carried_out:
        assert any(activity.name in h for h in headings), activity.name
    rows = cells(document)
    n = len(carried_out)
    for label in (
        "Finalità del trattamento",
        "Base giuridica",
        "Categorie di interessati",
        "Categorie di dati personali comuni",
        "Categorie particolari di dati (art. 9 GDPR)",
        "Categorie di destinatari",
        "Trasferimenti verso paesi terzi od organizzazioni internazionali",
        "Termini di cancellazione",
        "Misure di sicurezza tecniche e organizzative (art. 32 GDPR)",
        "Tabelle della piattaforma",
    ):
        assert len(rows[label]) == n, label
        assert all(text.strip() for text in rows[label]), label
    assert all(
        t.startswith("nessuno")
        for t in rows["Dati relativi a condanne penali e reati (art. 10 GDPR)"]
    )
    special = " ".join(rows["Categorie particolari di dati (art. 9 GDPR)"])
    assert "L. 68/1999" in special and "3-bis" in special
    assert any("art. 9, par. 2, lett. b)" in t for t in rows["Base giuridica"])
    tables = " ".join(rows["Tabelle della piattaforma"])
    assert "(org.Person)" in tables and "(agreements.PresenceDerogation)" in tables


def test_the_register_states_the_retention_terms_in_force(world, settings, client_as) -> None:
    retention = " ".join(cells(download(client_as("hr_admin"), world))["Termini di cancellazione"])
    assert "tentativi di accesso non riusciti: 90 giorni" in retention
    assert "file di importazione: 7 giorni" in retention
    assert "5 anni dopo la cessazione" in retention
    assert "termini predefiniti della piattaforma" in retention
    settings.RETENTION_LOGIN_FAILURE_DAYS = 30
    settings.RETENTION_TASK_RESULT_DAYS = 15
    retention = " ".join(cells(download(client_as("hr_admin"), world))["Termini di cancellazione"])
    assert "tentativi di accesso non riusciti: 30 giorni" in retention
    assert "elaborazioni in background: 15 giorni" in retention


def test_downloading_the_register_is_recorded(world, client_as) -> None:
    download(client_as("hr_admin"), world)
    assert AuditEntry.objects.filter(
        action="privacy.register_downloaded", body_id=world.a.body.pk
    ).exists()


@pytest.mark.parametrize("role", ["employee", "manager", "observer"])
def test_only_hr_downloads_the_register(world, role: str, client_as) -> None:
    response = client_as(role).get(f"/b/{world.a.body.slug}/privacy/register.docx")
    assert response.status_code == 403


def test_hr_of_another_body_gets_404_for_the_register(world, client_as) -> None:
    response = client_as("hr_admin").get(f"/b/{world.b.body.slug}/privacy/register.docx")
    assert response.status_code == 404
