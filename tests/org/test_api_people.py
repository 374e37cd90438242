import json

from django.test import Client

from agilepa.org.models import Person
from tests.factories import api_token_for, make_tax_code


def test_hr_lists_the_body_people_paginated_and_searchable(world, client_as) -> None:
    client = client_as("hr_admin")
    url = f"/api/v1/bodies/{world.a.body.slug}/people"
    page = client.get(url, {"limit": 2}).json()
    assert page["count"] == 4 and len(page["items"]) == 2
    found = client.get(url, {"q": world.a.colleague.last_name}).json()
    assert [p["id"] for p in found["items"]] == [world.a.colleague.pk]


def test_a_manager_lists_only_their_subtree(world, client_as) -> None:
    page = client_as("manager").get(f"/api/v1/bodies/{world.a.body.slug}/people").json()
    ids = {p["id"] for p in page["items"]}
    assert world.a.colleague.pk in ids and world.a.outsider.pk not in ids


def test_filtering_by_unit_includes_its_subtree(world, client_as) -> None:
    url = f"/api/v1/bodies/{world.a.body.slug}/people"
    page = client_as("hr_admin").get(url, {"unit_id": world.a.area.pk}).json()
    ids = {p["id"] for p in page["items"]}
    assert ids == {world.a.manager_person.pk, world.a.employee_person.pk, world.a.colleague.pk}


def test_hr_adds_a_person_and_a_bad_tax_code_is_a_problem_naming_the_field(
    world, client_as
) -> None:
    client = client_as("hr_admin")
    url = f"/api/v1/bodies/{world.a.body.slug}/people"
    person = {
        "employee_number": "X1",
        "first_name": "Giulia",
        "last_name": "Bianchi",
        "tax_code": make_tax_code(4242),
        "unit_id": world.a.service.pk,
    }
    created = client.post(url, json.dumps(person), content_type="application/json")
    assert created.status_code == 201
    assert Person.objects.get(body=world.a.body, employee_number="X1").last_name == "Bianchi"

    bad = {**person, "employee_number": "X2", "tax_code": "RSSMRA85T10A562T"}
    refused = client.post(url, json.dumps(bad), content_type="application/json")
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    problem = refused.json()
    assert problem["errors"][0]["field"] == "tax_code"
    assert "check character" in problem["detail"]
    assert not Person.objects.filter(employee_number="X2").exists()


def test_a_duplicate_matricola_is_refused(world, client_as) -> None:
    client = client_as("hr_admin")
    person = {
        "employee_number": world.a.colleague.employee_number,
        "first_name": "Dup",
        "last_name": "Licato",
        "tax_code": make_tax_code(777),
        "unit_id": world.a.service.pk,
    }
    response = client.post(
        f"/api/v1/bodies/{world.a.body.slug}/people",
        json.dumps(person),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "employee_number"


def test_a_unit_of_another_body_cannot_be_assigned(world, client_as) -> None:
    response = client_as("hr_admin").patch(
        f"/api/v1/bodies/{world.a.body.slug}/people/{world.a.colleague.pk}",
        json.dumps({"unit_id": world.b.service.pk}),
        content_type="application/json",
    )
    assert response.status_code == 422
    world.a.colleague.refresh_from_db()
    assert world.a.colleague.unit_id == world.a.service.pk


def test_ending_a_person_keeps_the_record(world, client_as) -> None:
    client = client_as("hr_admin")
    url = f"/api/v1/bodies/{world.a.body.slug}/people/{world.a.colleague.pk}/end"
    response = client.post(
        url, json.dumps({"ended_on": "2026-06-30"}), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    world.a.colleague.refresh_from_db()
    assert world.a.colleague.ended_on.isoformat() == "2026-06-30"
    again = client.post(url, "{}", content_type="application/json")
    assert again.status_code == 422


def test_an_employee_reads_themselves_through_a_token(world) -> None:
    raw = api_token_for(world.users["employee"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    own = client.get(f"/api/v1/bodies/{world.a.body.slug}/people/{world.a.employee_person.pk}")
    assert own.status_code == 200 and own.json()["tax_code"] == world.a.employee_person.tax_code
    other = client.get(f"/api/v1/bodies/{world.a.body.slug}/people/{world.a.colleague.pk}")
    assert other.status_code == 403
