"""HR publishes a material, with its file checked by content: bad files get a clear error on
the page and in the API, nothing is stored; versions keep the old files downloadable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agilepa.community import services
from agilepa.community.models import Material, MaterialVersion
from agilepa.core.models import User
from tests.filebuilders import docx_bytes, pdf_bytes, upload


def form(community, **extra):
    data = {
        "theme": community.tables["disciplina-regolamenti"].pk,
        "title": "Regolamento tipo",
        "summary": "Il modello della rete",
        "kind": "regulation",
        "licence": "cc-by-4.0",
        "visibility": "network",
    }
    data.update(extra)
    return data


def stored_files(media_root) -> list[Path]:
    root = Path(media_root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_hr_publishes_a_pdf_and_the_preview_shows_its_text(world, community, media_root, client_as):
    client = client_as("hr_admin")
    response = client.post(
        f"/b/{world.a.body.slug}/library/new/",
        form(community, file=upload("Regolamento.pdf", pdf_bytes("Articolo uno del modello"))),
    )
    material = Material.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/b/{world.a.body.slug}/library/{material.pk}/"
    version = material.versions.get()
    assert version.original_name == "Regolamento.pdf"
    assert "Regolamento" not in version.file.name  # a random name on disk
    assert str(media_root) in version.file.path
    page = client.get(response["Location"]).content.decode()
    assert "Articolo uno del modello" in page


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("regolamento.pdf", b"MZ\x90\x00" + b"\x00" * 200, "MZ/PE"),
        ("regolamento.docx", b"\x7fELF\x02\x01" + b"\x00" * 64, "ELF"),
        ("vuoto.pdf", b"", "empty"),
        ("rotto.pdf", b"%PDF-1.7\n1 0 obj << garbage", "damaged PDF"),
        ("macro.docx", docx_bytes(macros=True), "macros"),
    ],
)
def test_bad_files_are_refused_on_the_page_with_the_reason(
    world, community, media_root, name, data, says, client_as
):
    client = client_as("hr_admin")
    response = client.post(
        f"/b/{world.a.body.slug}/library/new/", form(community, file=upload(name, data))
    )
    assert response.status_code == 422
    assert says in response.content.decode()
    assert not Material.objects.exists()
    assert stored_files(media_root) == []


def test_an_oversized_file_is_refused_with_both_sizes(
    world, community, settings, media_root, client_as
):
    settings.MATERIAL_MAX_BYTES = 1000
    client = client_as("hr_admin")
    data = pdf_bytes() + b"%" * 2000
    response = client.post(
        f"/b/{world.a.body.slug}/library/new/", form(community, file=upload("grande.pdf", data))
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "is 2.5\xa0KB; the largest file accepted here is 1000\xa0bytes" in html
    assert not Material.objects.exists()


def test_the_api_answers_a_renamed_executable_with_a_problem(world, community, client_as):
    client = client_as("hr_admin")
    response = client.post(
        f"/api/v1/bodies/{world.a.body.slug}/materials",
        {
            "theme_id": community.tables["spazi"].pk,
            "title": "Guida",
            "summary": "Guida",
            "kind": "guide",
            "file": upload("guida.pdf", b"MZ" + b"\x00" * 100),
        },
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "MZ/PE" in json.loads(response.content)["detail"]


def test_the_api_publishes_and_lists_a_material(world, community, client_as):
    client = client_as("hr_admin")
    response = client.post(
        f"/api/v1/bodies/{world.a.body.slug}/materials",
        {
            "theme_id": community.tables["spazi"].pk,
            "title": "Regolamento degli spazi",
            "summary": "Postazioni condivise",
            "kind": "regulation",
            "dimensions": "spaces,organisation",
            "file": upload(
                "spazi.odt", bytes(range(256)) * 4, "application/vnd.oasis.opendocument.text"
            ),
        },
    )
    assert response.status_code == 422  # an ODT by name only: the content is unknown binary
    assert "not a known file type" in response.json()["detail"]
    response = client.post(
        f"/api/v1/bodies/{world.a.body.slug}/materials",
        {
            "theme_id": community.tables["spazi"].pk,
            "title": "Regolamento degli spazi",
            "summary": "Postazioni condivise",
            "kind": "regulation",
            "dimensions": "spaces,organisation",
            "file": upload("spazi.pdf", pdf_bytes("Spazi")),
        },
    )
    assert response.status_code == 201, response.content
    body = json.loads(response.content)
    assert body["licence"] == "cc-by-4.0"
    assert body["dimensions"] == ["spaces", "organisation"]
    listed = client.get(f"/api/v1/bodies/{world.b.body.slug}/materials?q=regolamenti")
    assert listed.status_code == 404  # hr@a.it has no role in body B
    other = client_as(User.objects.get(email="hr@b.it"))
    listed = other.get(f"/api/v1/bodies/{world.b.body.slug}/materials?q=regolamenti").json()
    assert [m["title"] for m in listed["results"]] == ["Regolamento degli spazi"]


def test_a_new_version_keeps_the_old_file_downloadable_and_counts_downloads(
    world, community, client_as
):
    material = services.publish_material(
        community.hr_a,
        theme=community.tables["spazi"],
        title="Guida",
        summary="Guida",
        kind="guide",
        file=upload("v1.pdf", pdf_bytes("Prima")),
    )
    client = client_as("hr_admin")
    response = client.post(
        f"/b/{world.a.body.slug}/library/{material.pk}/versions/new/",
        {"file": upload("v2.docx", docx_bytes("Seconda")), "note": "Aggiornata"},
    )
    assert response.status_code == 302
    assert list(material.versions.values_list("number", "original_name")) == [
        (2, "v2.docx"),
        (1, "v1.pdf"),
    ]
    old = client.get(f"/b/{world.a.body.slug}/library/{material.pk}/v1/download/")
    assert old.status_code == 200
    assert b"".join(old.streaming_content) == pdf_bytes("Prima")
    assert 'filename="v1.pdf"' in old["Content-Disposition"]
    employee = client_as("employee")
    assert (
        employee.get(f"/b/{world.a.body.slug}/library/{material.pk}/v2/download/").status_code
        == 200
    )
    material.refresh_from_db()
    assert material.download_count == 2


def test_only_the_author_body_hr_changes_a_material(world, community):
    material = services.publish_material(
        community.hr_a,
        theme=community.tables["spazi"],
        title="Guida",
        summary="Guida",
        kind="guide",
        text="Testo",
    )
    with pytest.raises(services.PermissionDeniedForRole):
        services.add_version(community.hr_b, material, text="Altro")
    with pytest.raises(services.PermissionDeniedForRole):
        services.publish_material(
            community.employee_a,
            theme=community.tables["spazi"],
            title="x",
            summary="x",
            kind="guide",
            text="x",
        )
    assert MaterialVersion.objects.count() == 1


def test_a_theme_of_a_network_the_body_is_not_active_in_is_refused(community):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.publish_material(
            community.hr_c,
            theme=community.tables["spazi"],
            title="x",
            summary="x",
            kind="guide",
            text="x",
        )
    assert "theme" in caught.value.message_dict
