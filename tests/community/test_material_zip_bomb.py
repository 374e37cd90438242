"""A ZIP bomb published as a material is refused on the page and in the API with the reason,
and nothing is stored."""

from __future__ import annotations

import pytest
from django.test import Client

from agilepa.community.models import Material
from tests.community.test_publish_material import form, stored_files
from tests.filebuilders import docx_bytes, upload, zip_bomb


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return zip_bomb(docx_bytes(), "word/document.xml", 300)


def test_the_page_refuses_a_zip_bomb_docx(world, community, media_root, bomb) -> None:
    client = Client()
    client.force_login(world.users["hr_admin"])
    response = client.post(
        f"/b/{world.a.body.slug}/library/new/",
        form(community, file=upload("regolamento.docx", bomb)),
    )
    assert response.status_code == 422
    assert "exhaust memory" in response.content.decode()
    assert not Material.objects.exists()
    assert stored_files(media_root) == []


def test_the_api_refuses_a_zip_bomb_docx(world, community, media_root, bomb) -> None:
    client = Client()
    client.force_login(world.users["hr_admin"])
    response = client.post(
        f"/api/v1/bodies/{world.a.body.slug}/materials",
        {
            "theme_id": community.tables["spazi"].pk,
            "title": "Guida",
            "summary": "Guida",
            "kind": "guide",
            "file": upload("guida.docx", bomb),
        },
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "exhaust memory" in response.json()["detail"]
    assert stored_files(media_root) == []
