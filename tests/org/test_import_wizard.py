"""The HR import wizard: upload → preview → confirm, for HR admins only, inside their body."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from agilepa.org.models import ImportBatch, ImportStatus, Person
from tests.factories import make_tax_code
from tests.org.test_import_people import csv_file, digest, person


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """The messages are asserted in English, the source language (Italian is the default)."""
    with translation.override("en"):
        yield


def upload(
    client: Client, body: str, content: bytes, kind: str = "people", full_export: bool = False
):
    data = {"kind": kind, "file": SimpleUploadedFile("personale.csv", content, "text/csv")}
    if full_export:
        data["full_export"] = "on"
    return client.post(f"/b/{body}/import/", data)


@pytest.fixture
def hr(world, client_as) -> Client:
    return client_as("hr_admin")


def test_the_upload_page_lists_the_columns(world, hr) -> None:
    response = hr.get(f"/b/{world.a.body.slug}/import/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    for column in ("matricola", "codice_fiscale", "codice_unita_padre"):
        assert f"<code>{column}</code>" in html


def test_hr_uploads_previews_and_confirms_a_file(world, hr) -> None:
    body = world.a.body.slug
    before = digest()
    response = upload(hr, body, csv_file([person(1), person(2)]), full_export=True)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/b/{body}/import/{batch.pk}/"
    assert digest() == before  # the preview writes nothing

    preview = hr.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert batch.counts == {"new": 2, "changed": 0, "unchanged": 0, "ended": 4}
    assert "Confirm the import" in html
    assert "4 people in service are missing from this full export" in html

    confirmed = hr.post(f"/b/{body}/import/{batch.pk}/confirm/", follow=True)
    assert confirmed.status_code == 200
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED
    assert batch.applied_by == world.users["hr_admin"]
    assert bytes(batch.content) == b""  # the file is not kept once applied
    assert Person.objects.filter(body=world.a.body, is_active=True).count() == 2
    assert "Confirm the import" not in confirmed.content.decode()


def test_the_preview_lists_every_error_with_row_column_and_reason(world, hr) -> None:
    rows = [person(1, codice_fiscale="ABC"), person(2, codice_unita="NOPE")]
    response = upload(hr, world.a.body.slug, csv_file(rows))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.FAILED
    assert bytes(batch.content) == b""
    html = hr.get(response["Location"]).content.decode()
    assert "The file has 2 errors: nothing has been imported." in html
    assert "<td>2</td>" in html and "<td>codice_fiscale</td>" in html
    assert "<td>3</td>" in html and "<td>codice_unita</td>" in html
    assert "There is no unit with code NOPE" in html
    assert "Confirm the import" not in html


def test_a_refused_batch_cannot_be_confirmed(world, hr) -> None:
    upload(hr, world.a.body.slug, csv_file([person(1, codice_unita="NOPE")]))
    batch = ImportBatch.objects.get()
    before = digest()
    response = hr.post(f"/b/{world.a.body.slug}/import/{batch.pk}/confirm/", follow=True)
    assert response.status_code == 200
    assert digest() == before


def test_confirming_twice_applies_once(world, hr) -> None:
    upload(hr, world.a.body.slug, csv_file([person(1)]))
    batch = ImportBatch.objects.get()
    url = f"/b/{world.a.body.slug}/import/{batch.pk}/confirm/"
    hr.post(url)
    Person.objects.filter(employee_number="N00001").update(first_name="Cambiato a mano")
    response = hr.post(url, follow=True)
    assert "This import is applied" in response.content.decode()
    assert Person.objects.get(employee_number="N00001").first_name == "Cambiato a mano"


def test_confirming_checks_the_file_again_against_the_data_as_it_is_now(world, hr) -> None:
    upload(hr, world.a.body.slug, csv_file([person(1), person(2, codice_unita="AREA2")]))
    batch = ImportBatch.objects.get()
    # Between preview and confirmation, someone renames the unit the file refers to.
    world.a.other_area.code = "AREA-RISORSE"
    world.a.other_area.save()
    before = digest()
    response = hr.post(f"/b/{world.a.body.slug}/import/{batch.pk}/confirm/", follow=True)
    assert "nothing was imported" in response.content.decode()
    assert digest() == before
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert [(e["row"], e["column"]) for e in batch.errors] == [(3, "codice_unita")]


def test_a_get_on_the_confirm_address_only_shows_the_preview(world, hr) -> None:
    upload(hr, world.a.body.slug, csv_file([person(1)]))
    batch = ImportBatch.objects.get()
    response = hr.get(f"/b/{world.a.body.slug}/import/{batch.pk}/confirm/")
    assert response.status_code == 302
    assert ImportBatch.objects.get().status == ImportStatus.PREVIEWED


def test_a_50_mb_file_is_refused_on_the_form_and_nothing_is_kept(world, hr) -> None:
    header = b"matricola;cognome;nome;codice_fiscale;codice_unita\r\n"
    row = f"1;Rossi;Anna;{make_tax_code(1)};SERV1\r\n".encode()
    content = header + row * (50 * 1024 * 1024 // len(row))
    response = upload(hr, world.a.body.slug, content)
    assert response.status_code == 422
    assert "the limit is" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_pdf_is_refused_as_not_a_spreadsheet(world, hr) -> None:
    response = upload(hr, world.a.body.slug, b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n")
    html = hr.get(response["Location"]).content.decode()
    assert "not a spreadsheet" in html


def test_the_upload_form_says_what_is_missing(world, hr) -> None:
    response = hr.post(f"/b/{world.a.body.slug}/import/", {"kind": "people"})
    assert response.status_code == 422
    assert not ImportBatch.objects.exists()


# Permissions ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["employee", "manager", "observer"])
def test_other_roles_of_the_body_are_forbidden_every_step(world, role: str, client_as) -> None:
    hr = client_as("hr_admin")
    upload(hr, world.a.body.slug, csv_file([person(1)]))
    batch = ImportBatch.objects.get()
    client = client_as(role)
    body = world.a.body.slug
    before = digest()
    assert client.get(f"/b/{body}/import/").status_code == 403
    assert upload(client, body, csv_file([person(2)])).status_code == 403
    assert client.get(f"/b/{body}/import/{batch.pk}/").status_code == 403
    assert client.post(f"/b/{body}/import/{batch.pk}/confirm/").status_code == 403
    assert ImportBatch.objects.count() == 1
    assert ImportBatch.objects.get().status == ImportStatus.PREVIEWED
    assert digest() == before


def test_platform_admins_may_import(world, client_as) -> None:
    client = client_as("platform_admin")
    response = upload(client, world.a.body.slug, csv_file([person(1)]))
    assert response.status_code == 302


def test_a_foreign_body_is_not_found(world, hr) -> None:
    body = world.b.body.slug
    assert hr.get(f"/b/{body}/import/").status_code == 404
    assert upload(hr, body, csv_file([person(1)])).status_code == 404
    assert not ImportBatch.objects.exists()


def test_another_bodys_batch_is_not_found_from_this_body(world, hr, client_as) -> None:
    their_hr = client_as("platform_admin")
    rows = [person(1, codice_unita="SERV1")]
    upload(their_hr, world.b.body.slug, csv_file(rows))
    theirs = ImportBatch.objects.get(body=world.b.body)
    before = digest()
    own = world.a.body.slug
    assert hr.get(f"/b/{own}/import/{theirs.pk}/").status_code == 404
    assert hr.post(f"/b/{own}/import/{theirs.pk}/confirm/").status_code == 404
    assert hr.get(f"/b/{world.b.body.slug}/import/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ImportStatus.PREVIEWED
    assert digest() == before
