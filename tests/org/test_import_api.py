"""The HR import through the API: upload for a preview, then confirm; HR only, own body only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from agilepa.org.models import ImportBatch, ImportStatus, Person
from tests.factories import api_token_for
from tests.org.test_import_people import csv_file, digest, person, xlsx_file


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """The messages are asserted in English, the source language (Italian is the default)."""
    with translation.override("en"):
        yield


PROBLEM = "application/problem+json"


def english_client() -> Client:
    # Problem details are written in the language of the request: English, the source language.
    return Client(HTTP_ACCEPT_LANGUAGE="en")


# Headers apart from the client: one test posts the same file with no token at all.
def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_for(user)}"}


def post_file(api: Client, body: str, content: bytes, headers, **fields: object):
    data = {"file": SimpleUploadedFile("hr.csv", content), "kind": "people", **fields}
    return api.post(f"/api/v1/bodies/{body}/imports", data, **headers)


def test_hr_previews_then_confirms_an_import_with_a_token(world) -> None:
    client, headers = english_client(), bearer(world.users["hr_admin"])
    body = world.a.body.slug
    before = digest()
    response = post_file(client, body, xlsx_file([person(1), person(2)]), headers)
    assert response.status_code == 201, response.content
    preview = response.json()
    assert preview["status"] == "previewed"
    assert preview["counts"] == {"new": 2, "changed": 0, "unchanged": 0, "ended": 0}
    assert preview["errors"] == []
    assert digest() == before

    confirmed = client.post(f"/api/v1/bodies/{body}/imports/{preview['id']}/confirm", **headers)
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == "applied"
    assert (
        Person.objects.filter(body=world.a.body, employee_number__in=["N00001", "N00002"]).count()
        == 2
    )

    again = client.post(f"/api/v1/bodies/{body}/imports/{preview['id']}/confirm", **headers)
    assert again.status_code == 409
    assert again["Content-Type"] == PROBLEM


def test_a_full_export_flag_is_taken_from_the_form(world) -> None:
    response = post_file(
        english_client(),
        world.a.body.slug,
        csv_file([person(1)]),
        bearer(world.users["hr_admin"]),
        full_export="true",
    )
    assert response.json()["counts"]["ended"] == 4


def test_a_bad_file_answers_422_with_every_error(world) -> None:
    rows = [person(1), person(2, matricola="N00001"), person(3, data_assunzione="ieri")]
    before = digest()
    response = post_file(
        english_client(),
        world.a.body.slug,
        csv_file(rows),
        bearer(world.users["hr_admin"]),
    )
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["error_count"] == 2
    assert [(e["row"], e["column"]) for e in problem["errors"]] == [
        (3, "matricola"),
        (4, "data_assunzione"),
    ]
    assert "rows 2 and 3" in problem["errors"][0]["message"]
    assert ImportBatch.objects.get(pk=problem["import_id"]).status == ImportStatus.FAILED
    assert digest() == before


def test_a_request_without_a_file_or_a_kind_is_a_problem(world) -> None:
    client, headers = english_client(), bearer(world.users["hr_admin"])
    response = client.post(f"/api/v1/bodies/{world.a.body.slug}/imports", {}, **headers)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"kind", "file"}


def test_a_file_over_the_limit_is_refused_without_a_batch(world, settings) -> None:
    settings.IMPORT_MAX_BYTES = 100
    content = csv_file([person(n) for n in range(5)])
    response = post_file(
        english_client(),
        world.a.body.slug,
        content,
        bearer(world.users["hr_admin"]),
    )
    assert response.status_code == 422
    assert "limit" in response.json()["detail"]
    assert not ImportBatch.objects.exists()


def test_confirm_refuses_a_file_that_no_longer_fits(world) -> None:
    client, headers = english_client(), bearer(world.users["hr_admin"])
    body = world.a.body.slug
    preview = post_file(client, body, csv_file([person(1, codice_unita="AREA2")]), headers).json()
    world.a.other_area.code = "RINOMINATA"
    world.a.other_area.save()
    before = digest()
    response = client.post(f"/api/v1/bodies/{body}/imports/{preview['id']}/confirm", **headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["column"] == "codice_unita"
    assert digest() == before


@pytest.mark.parametrize("role", ["employee", "manager", "observer"])
def test_other_roles_are_forbidden(world, role: str) -> None:
    batch = ImportBatch.objects.create(
        body=world.a.body, kind="people", filename="x.csv", content=csv_file([person(1)])
    )
    client, headers = english_client(), bearer(world.users[role])
    body = world.a.body.slug
    before = digest()
    response = post_file(client, body, csv_file([person(2)]), headers)
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert (
        client.post(f"/api/v1/bodies/{body}/imports/{batch.pk}/confirm", **headers).status_code
        == 403
    )
    assert ImportBatch.objects.count() == 1
    assert digest() == before


def test_a_foreign_body_and_its_batches_are_not_found(world) -> None:
    theirs = ImportBatch.objects.create(
        body=world.b.body, kind="people", filename="x.csv", content=csv_file([person(1)])
    )
    client, headers = english_client(), bearer(world.users["hr_admin"])
    before = digest()
    assert post_file(client, world.b.body.slug, csv_file([person(2)]), headers).status_code == 404
    for body in (world.a.body.slug, world.b.body.slug):
        response = client.post(f"/api/v1/bodies/{body}/imports/{theirs.pk}/confirm", **headers)
        assert response.status_code == 404
        assert response["Content-Type"] == PROBLEM
    theirs.refresh_from_db()
    assert theirs.status == ImportStatus.PREVIEWED
    assert digest() == before


def test_the_import_routes_need_authentication(world) -> None:
    response = post_file(english_client(), world.a.body.slug, csv_file([person(1)]), {})
    assert response.status_code == 401
