"""A person downloads everything held about them (artt. 15 and 20 GDPR): JSON and PDF, from
their data page and through the API, each download recorded in the audit trail."""

from __future__ import annotations

import json
import subprocess

import pytest
from django.test import Client

from agilepa.audit.models import AuditEntry
from agilepa.rights import gather
from tests.rights.helpers import MARKED, everything

pytestmark = pytest.mark.django_db


def download_json(manager: Client) -> dict:
    response = manager.get("/b/c_a/me/data/export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_the_json_export_holds_every_section_with_the_persons_data_in_every_app(
    world, client_as
) -> None:
    everything(world)
    data = download_json(client_as("manager"))
    assert data["format"] == gather.FORMAT and data["version"] == gather.VERSION
    sections = data["sections"]
    for key, marker in MARKED.items():
        assert sections[key]["rows"], f"section {key} is empty"
        assert marker in json.dumps(sections[key], ensure_ascii=False), key
    assert sections["person"]["rows"][0]["unit"] == "Area Servizi al cittadino"
    assert sections["person"]["rows"][0]["body"] == "Comune A"


def test_every_section_documents_its_fields(world, client_as) -> None:
    everything(world)
    for key, section in download_json(client_as("manager"))["sections"].items():
        assert section["title"], key
        for row in section["rows"]:
            documented = set(section["fields"])
            keys = {k.removesuffix("_display") for k in row}
            assert keys <= documented, f"{key}: {keys - documented} undocumented"


def test_the_export_holds_the_persons_own_derogation_reason_and_special_categories(
    world, client_as
):
    everything(world)
    sections = download_json(client_as("manager"))["sections"]
    assert sections["derogations"]["rows"][0]["reason"] == "reason-of-the-export"
    assert "disabled_l68" in sections["agreements"]["rows"][0]


def test_the_export_holds_no_password_hash_and_no_secret(world, client_as) -> None:
    person = everything(world)
    text = json.dumps(download_json(client_as("manager")))
    user = person.user
    user.refresh_from_db()
    assert user.password and user.password not in text
    for section in json.loads(text)["sections"].values():
        for row in section["rows"]:
            assert "password" not in row and "token_hash" not in row and "key" not in row
    assert "token_hash" not in text and "f" * 64 not in text  # the calendar feed's
    assert "t" * 32 not in text  # a booking's check-in token


def test_the_pdf_names_every_section(world, client_as) -> None:
    everything(world)
    response = client_as("manager").get("/b/c_a/me/data/export.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    for title in (
        "Your record",
        "Your login",
        "Your roles in the body",
        "Agreements",
        "History of the agreements",
        "Derogations from the prevalence of presence",
        "Planned days",
        "Actual days",
        "Absences",
        "Seat bookings",
        "Room bookings",
        "Objectives you own",
        "Check-ins",
        "Commute profile",
        "Training and event registrations",
        "Equipment",
        "Communications to the Ministry of Labour",
        "Who changed or read your data",
        "Survey invitations",
    ):
        assert title in flat, title
    assert "Survey answers are not in this export" in flat
    assert "objective-of-the-export" in flat
    assert "Ferretti" in flat


def test_the_api_returns_the_same_export(world, client_as) -> None:
    everything(world)
    response = client_as("manager").get("/api/v1/bodies/c_a/me/data")
    assert response.status_code == 200
    data = response.json()
    assert data["format"] == gather.FORMAT
    assert set(data["sections"]) == set(download_json(client_as("manager"))["sections"])


def test_every_download_is_recorded_in_the_audit_trail(world, client_as) -> None:
    person = everything(world)
    client = client_as("manager")
    client.get("/b/c_a/me/data/export.json")
    client.get("/b/c_a/me/data/export.pdf")
    client.get("/api/v1/bodies/c_a/me/data")
    entries = AuditEntry.objects.filter(action="rights.export", person=person).order_by("id")
    assert [e.changes["format"] for e in entries] == ["json", "pdf", "api"]
    assert {e.actor_id for e in entries} == {world.users["manager"].pk}
    assert {e.changes["by"] for e in entries} == {"self"}


def test_the_data_page_offers_both_downloads(world, client_as) -> None:
    response = client_as("employee").get("/b/c_a/me/data/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/b/c_a/me/data/export.pdf" in body and "/b/c_a/me/data/export.json" in body


def test_a_person_with_nothing_else_gets_empty_sections_not_an_error(world, client_as) -> None:
    data = json.loads(client_as("employee").get("/b/c_a/me/data/export.json").content)
    assert data["sections"]["person"]["rows"]
    assert data["sections"]["agreements"]["rows"] == []
    response = client_as("employee").get("/b/c_a/me/data/export.pdf")
    assert response.status_code == 200


def test_the_data_page_and_the_pdf_speak_italian_by_default(world) -> None:
    everything(world)
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(world.users["manager"])
    page = client.get("/b/c_a/me/data/").content.decode()
    assert '<html lang="it"' in page and "I miei dati" in page
    pdf = client.get("/b/c_a/me/data/export.pdf").content
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "La tua anagrafica" in text and "Storia degli accordi" in text
    assert "anonime per costruzione" in text
