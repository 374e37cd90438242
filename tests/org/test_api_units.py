import json

from django.test import Client

from agilepa.org.models import OrgUnit


def test_the_unit_tree_lists_paths_in_order_with_headcounts(world, client_as) -> None:
    units = client_as("hr_admin").get(f"/api/v1/bodies/{world.a.body.slug}/units").json()
    assert [u["code"] for u in units] == ["ENTE", "AREA1", "SERV1", "AREA2"]
    by_code = {u["code"]: u for u in units}
    assert by_code["SERV1"]["headcount"] == 2
    assert by_code["AREA1"]["head_id"] == world.a.manager_person.pk


def test_an_observer_sees_counts_but_not_who_heads_a_unit(world) -> None:
    client = Client()
    client.force_login(world.users["observer"])
    units = client.get(f"/api/v1/bodies/{world.a.body.slug}/units").json()
    assert all(u["head_id"] is None for u in units)
    assert sum(u["headcount"] for u in units) == 4


def test_moving_a_subtree_rewrites_the_paths_below_it(world, client_as) -> None:
    client = client_as("hr_admin")
    url = f"/api/v1/bodies/{world.a.body.slug}/units/{world.a.area.pk}"
    response = client.patch(
        url, json.dumps({"parent_id": world.a.other_area.pk}), content_type="application/json"
    )
    assert response.status_code == 200
    service = OrgUnit.objects.get(pk=world.a.service.pk)
    assert service.path == f"{world.a.other_area.path}{world.a.area.pk}/{service.pk}/"
    assert service.depth == 3


def test_moving_a_unit_under_its_own_descendant_is_refused_and_changes_nothing(
    world, client_as
) -> None:
    client = client_as("hr_admin")
    url = f"/api/v1/bodies/{world.a.body.slug}/units/{world.a.area.pk}"
    response = client.patch(
        url, json.dumps({"parent_id": world.a.service.pk}), content_type="application/json"
    )
    assert response.status_code == 422
    assert "subtree" in response.json()["detail"]
    area = OrgUnit.objects.get(pk=world.a.area.pk)
    assert area.parent_id == world.a.root.pk and area.path == world.a.area.path


def test_a_unit_code_is_unique_in_the_body(world, client_as) -> None:
    response = client_as("hr_admin").post(
        f"/api/v1/bodies/{world.a.body.slug}/units",
        json.dumps({"code": "SERV1", "name": "Doppione", "parent_id": world.a.root.pk}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_the_openapi_document_and_docs_are_served() -> None:
    client = Client()
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/bodies/{body}/people" in schema.json()["paths"]
    assert client.get("/api/v1/docs").status_code == 200
