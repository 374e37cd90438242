"""A material's link and a meeting's online room are web addresses only: a `javascript:` link
is refused whatever the entry (page, API, service), and one stored before the check is never
rendered as a link on member or public pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from agilepa.community import services
from agilepa.community.models import Material
from agilepa.core.models import RoleKind
from tests.factories import UserFactory, grant

ATTACKS = [
    "javascript:alert(document.cookie)",
    " JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://files.example.it/x",
    "//evil.example/x",
]


def publish(community, url: str) -> Material:
    return services.publish_material(
        community.hr_a,
        theme=community.tables["spazi"],
        title="Guida",
        summary="Guida",
        kind="guide",
        visibility="public",
        url=url,
    )


@pytest.mark.parametrize("url", ATTACKS)
def test_the_service_refuses_a_link_that_is_not_http(community, url: str) -> None:
    with pytest.raises(ValidationError) as caught:
        publish(community, url)
    assert "not a web address" in caught.value.message_dict["url"][0]
    assert not Material.objects.exists()


def test_the_service_keeps_a_web_link(community) -> None:
    assert publish(community, " https://www.funzionepubblica.gov.it/ ").url == (
        "https://www.funzionepubblica.gov.it/"
    )


@pytest.mark.parametrize("url", ATTACKS[:3])
def test_the_api_refuses_a_javascript_link_on_publish_and_on_change(
    world, community, url: str, client_as
) -> None:
    client = client_as("hr_admin")
    response = client.post(
        f"/api/v1/bodies/{world.a.body.slug}/materials",
        {
            "theme_id": community.tables["spazi"].pk,
            "title": "Guida",
            "summary": "Guida",
            "kind": "guide",
            "url": url,
        },
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    material = publish(community, "https://example.it/")
    response = client.patch(
        f"/api/v1/bodies/{world.a.body.slug}/materials/{material.pk}",
        {"url": url},
        content_type="application/json",
    )
    assert response.status_code == 422
    material.refresh_from_db()
    assert material.url == "https://example.it/"


def test_the_page_refuses_a_javascript_link(world, community, client_as) -> None:
    response = client_as("hr_admin").post(
        f"/b/{world.a.body.slug}/library/new/",
        {
            "theme": community.tables["spazi"].pk,
            "title": "Guida",
            "summary": "Guida",
            "kind": "guide",
            "licence": "cc-by-4.0",
            "visibility": "public",
            "url": "javascript:alert(1)",
        },
    )
    assert response.status_code == 422
    assert not Material.objects.exists()


def test_a_javascript_link_stored_earlier_is_not_a_link_on_any_page(
    world, community, client_as
) -> None:
    material = publish(community, "https://example.it/")
    Material.objects.filter(pk=material.pk).update(url="javascript:alert(document.cookie)")
    pages = [
        client_as("hr_admin").get(f"/b/{world.a.body.slug}/library/{material.pk}/"),
        Client().get(f"/public/materials/{material.pk}/"),
    ]
    for page in pages:
        assert page.status_code == 200
        assert 'href="javascript:' not in page.content.decode()


def test_a_meeting_room_must_be_a_web_address(community) -> None:
    coordinator = UserFactory(email="coord@rete.it")
    grant(coordinator, RoleKind.NETWORK_COORDINATOR, network=community.network)
    start = timezone.now() + timedelta(days=10)
    with pytest.raises(ValidationError) as caught:
        services.schedule_meeting(
            coordinator,
            community.tables["spazi"],
            title="Online",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            online_url="javascript:alert(1)",
        )
    assert "online_url" in caught.value.message_dict
