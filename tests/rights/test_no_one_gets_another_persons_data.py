"""Attacks: a person asks for a colleague's data or a foreign body's, by every route; HR asks
for a person of another body. Nobody gets anyone else's data, and nothing is recorded as an
export of theirs."""

from __future__ import annotations

import json

import pytest

from agilepa.audit.models import AuditEntry
from agilepa.rights.models import SubjectRequest

pytestmark = pytest.mark.django_db


def test_an_employee_cannot_download_a_colleagues_data_by_their_id(world, client_as) -> None:
    client = client_as("employee")
    colleague = world.a.colleague
    assert client.get(f"/b/c_a/people/{colleague.pk}/data/").status_code == 403
    response = client.post(
        f"/b/c_a/people/{colleague.pk}/data/",
        {"kind": "access", "received_on": "2026-11-20", "format": "json"},
    )
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="rights.export").exists()


def test_a_person_id_added_to_the_own_download_is_ignored(world, client_as) -> None:
    client = client_as("employee")
    for url in (
        f"/b/c_a/me/data/export.json?person={world.a.colleague.pk}",
        f"/api/v1/bodies/c_a/me/data?person_id={world.a.colleague.pk}",
    ):
        data = json.loads(client.get(url).content)
        assert data["person"]["id"] == world.a.employee_person.pk
        assert world.a.colleague.last_name not in json.dumps(data)


def test_a_manager_cannot_download_the_data_of_their_staff(world, client_as) -> None:
    response = client_as("manager").get(f"/b/c_a/people/{world.a.colleague.pk}/data/")
    assert response.status_code == 403


def test_nobody_gets_a_foreign_bodys_person_data(world, client_as) -> None:
    foreign = world.b.employee_person
    hr = client_as("hr_admin")
    # Under their own body's address: the foreign person does not exist there.
    assert hr.get(f"/b/c_a/people/{foreign.pk}/data/").status_code == 404
    response = hr.post(
        f"/b/c_a/people/{foreign.pk}/data/",
        {"kind": "access", "received_on": "2026-11-20", "format": "json"},
    )
    assert response.status_code == 404
    # Under the foreign body's address: no role there.
    assert hr.get(f"/b/c_b/people/{foreign.pk}/data/").status_code == 404
    employee = client_as("employee")
    assert employee.get("/b/c_b/me/data/export.json").status_code == 404
    assert employee.get("/api/v1/bodies/c_b/me/data").status_code == 404
    assert not SubjectRequest.objects.exists()
    assert not AuditEntry.objects.filter(action="rights.export").exists()


def test_hr_cannot_close_a_foreign_bodys_request(world, client_as) -> None:
    from datetime import date

    foreign = SubjectRequest.objects.create(
        body=world.b.body,
        person=world.b.employee_person,
        kind="rectification",
        received_on=date(2026, 11, 2),
    )
    hr = client_as("hr_admin")
    assert hr.post(f"/b/c_a/rights/{foreign.pk}/", {"status": "done"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "open"


def test_a_person_sees_only_their_own_requests(world, client_as) -> None:
    from datetime import date

    SubjectRequest.objects.create(
        body=world.a.body,
        person=world.a.colleague,
        kind="rectification",
        received_on=date(2026, 11, 2),
        field="colleague-secret-field",
    )
    page = client_as("employee").get("/b/c_a/me/data/").content.decode()
    assert "colleague-secret-field" not in page
