"""Who sees which material: public for everyone (also without login), network for the
network's active members, body for the author body only; the same rules for the suggestions."""

from __future__ import annotations

import pytest
from django.test import Client

from agilepa.community import selectors, services
from agilepa.community.selectors import suggested_materials
from agilepa.org.models import Membership, MembershipStatus


def make(community, visibility: str, title: str, dimensions=None, downloads: int = 0):
    material = services.publish_material(
        community.hr_a,
        theme=community.tables["performance-obiettivi"],
        title=title,
        summary="Sintesi",
        kind="guide",
        visibility=visibility,
        dimensions=dimensions or [],
        text="Testo del materiale",
    )
    if downloads:
        type(material).objects.filter(pk=material.pk).update(download_count=downloads)
    return material


@pytest.fixture
def three(community):
    return {
        "public": make(community, "public", "Pubblico"),
        "network": make(community, "network", "Di rete"),
        "body": make(community, "body", "Dell'ente"),
    }


def titles(viewer) -> set[str]:
    return set(selectors.visible_materials(viewer).values_list("title", flat=True))


def test_the_author_body_sees_all_three(community, three):
    assert titles(community.hr_a) == {"Pubblico", "Di rete", "Dell'ente"}
    assert titles(community.observer_a) == {"Pubblico", "Di rete", "Dell'ente"}


def test_another_active_member_sees_public_and_network(community, three):
    assert titles(community.hr_b) == {"Pubblico", "Di rete"}


def test_a_body_that_only_applied_sees_public_only(community, three):
    assert titles(community.hr_c) == {"Pubblico"}


def test_a_body_that_left_the_network_no_longer_sees_its_materials(world, community, three):
    Membership.objects.filter(network=community.network, body=world.b.body).update(
        status=MembershipStatus.LEFT
    )
    assert titles(community.hr_b) == {"Pubblico"}


def test_the_anonymous_public_sees_public_only(community, three):
    assert titles(None) == {"Pubblico"}


def test_a_hidden_material_is_a_404_on_page_and_api(world, community, three, client_as):
    from agilepa.core.models import User

    client = client_as(User.objects.get(email="hr@b.it"))
    slug = world.b.body.slug
    hidden = three["body"]
    assert client.get(f"/b/{slug}/library/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/v1/bodies/{slug}/materials/{hidden.pk}").status_code == 404
    assert client.get(f"/b/{slug}/library/{three['network'].pk}/").status_code == 200


def test_public_pages_show_only_public_materials_without_login(community, three):
    client = Client()
    assert client.get(f"/public/materials/{three['public'].pk}/").status_code == 200
    assert client.get(f"/public/materials/{three['network'].pk}/").status_code == 404
    assert client.get(f"/public/materials/{three['body'].pk}/").status_code == 404
    page = client.get(f"/public/networks/{community.network.slug}/library/?q=").content.decode()
    assert "Pubblico" in page
    assert "Di rete" not in page


def test_suggestions_follow_dimensions_visibility_and_downloads(community):
    skills_popular = make(community, "network", "Formare i dirigenti", ["skills"], downloads=9)
    skills = make(community, "public", "Competenze digitali", ["skills", "digital"], downloads=2)
    make(community, "body", "Competenze interne", ["skills"], downloads=50)
    make(community, "network", "Spazi", ["spaces"], downloads=99)
    # A title naming a dimension is not a dimension.
    make(community, "network", 'Guida "skills"', [], downloads=99)

    found = suggested_materials(community.hr_b, ["skills", "wellbeing"], limit=5)
    assert found == [skills_popular, skills]
    assert suggested_materials(community.hr_b, ["skills"], limit=1) == [skills_popular]
    assert suggested_materials(None, ["skills"], limit=5) == [skills]
    assert suggested_materials(community.hr_b, [], limit=5) == []
