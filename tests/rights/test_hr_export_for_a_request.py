"""HR produces the export for a request about a person; the request and the export are
recorded (art. 5(2) GDPR: the body shows it answered)."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest

from agilepa.audit.models import AuditEntry
from agilepa.rights.models import RequestKind, RequestStatus, SubjectRequest
from tests.rights.helpers import everything

pytestmark = pytest.mark.django_db


def test_hr_downloads_the_export_for_an_access_request_and_it_is_recorded(world, client_as) -> None:
    person = everything(world)
    hr = world.users["hr_admin"]
    response = client_as(hr).post(
        f"/b/c_a/people/{person.pk}/data/",
        {"kind": "access", "received_on": "2026-11-20", "format": "json", "note": "by PEC"},
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["person"]["id"] == person.pk
    assert data["sections"]["agreements"]["rows"]
    found = SubjectRequest.objects.get(person=person, kind=RequestKind.ACCESS)
    assert found.status == RequestStatus.DONE
    assert found.received_on == date(2026, 11, 20)
    assert found.handled_by == hr and found.handled_at is not None
    assert found.note == "by PEC"
    export = AuditEntry.objects.get(action="rights.export", person=person)
    assert export.actor_id == hr.pk
    assert export.changes == {"format": "json", "by": "hr", "request": found.pk}
    assert AuditEntry.objects.filter(action="rights.request", object_id=str(found.pk)).exists()


def test_hr_export_as_pdf_reads_back_the_persons_name(world, client_as) -> None:
    person = everything(world)
    response = client_as("hr_admin").post(
        f"/b/c_a/people/{person.pk}/data/",
        {"kind": "portability", "received_on": "2026-11-20", "format": "pdf"},
    )
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Ferretti" in text and "Your record" in text


def test_hr_export_fulfils_an_open_request_of_the_person(world, client_as) -> None:
    person = world.a.colleague
    open_request = SubjectRequest.objects.create(
        body=world.a.body, person=person, kind=RequestKind.ACCESS, received_on=date(2026, 11, 2)
    )
    response = client_as("hr_admin").post(
        f"/b/c_a/people/{person.pk}/data/",
        {
            "fulfils": open_request.pk,
            "kind": "access",
            "received_on": "2026-11-30",
            "format": "json",
        },
    )
    assert response.status_code == 200
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.DONE
    assert SubjectRequest.objects.filter(person=person).count() == 1


def test_another_persons_open_request_cannot_be_fulfilled_by_this_export(world, client_as) -> None:
    other = SubjectRequest.objects.create(
        body=world.a.body,
        person=world.a.outsider,
        kind=RequestKind.ACCESS,
        received_on=date(2026, 11, 2),
    )
    response = client_as("hr_admin").post(
        f"/b/c_a/people/{world.a.colleague.pk}/data/",
        {"fulfils": other.pk, "kind": "access", "received_on": "2026-11-30", "format": "json"},
    )
    assert response.status_code == 422
    other.refresh_from_db()
    assert other.status == RequestStatus.OPEN
    assert not AuditEntry.objects.filter(action="rights.export").exists()


def test_the_hr_page_shows_the_form_without_recording_anything(world, client_as) -> None:
    response = client_as("hr_admin").get(f"/b/c_a/people/{world.a.colleague.pk}/data/")
    assert response.status_code == 200
    assert not SubjectRequest.objects.exists()
    assert not AuditEntry.objects.filter(action="rights.export").exists()
