"""The result of a self-assessment suggests the library's materials for its weakest
dimensions, among those the body may see."""

from __future__ import annotations

from django.test import Client

from agilepa.community.models import Material, MaterialKind, Table, Visibility
from agilepa.maturity.models import Assessment
from agilepa.maturity.questionnaire import ITEMS, Dimension, items_of
from agilepa.org.models import Membership, MembershipStatus
from tests.factories import BodyFactory, NetworkFactory


def material(author, theme, title: str, dimensions: list[str], visibility: str, downloads=0):
    return Material.objects.create(
        author_body=author,
        theme=theme,
        title=title,
        summary="Un materiale",
        kind=MaterialKind.GUIDE,
        visibility=visibility,
        dimensions=dimensions,
        download_count=downloads,
    )


def test_the_weakest_dimensions_bring_the_materials_the_body_may_see(world) -> None:
    # Spaces (0) and digital (25) are the weakest; every other dimension is at 75.
    answers = {item.code: 3 for item in ITEMS}
    answers.update({item.code: 0 for item in items_of(Dimension.SPACES)})
    answers.update({item.code: 1 for item in items_of(Dimension.DIGITAL)})
    Assessment.objects.create(body=world.a.body, year=2026, status="submitted", answers=answers)
    network = NetworkFactory(coordinator=BodyFactory())
    Membership.objects.create(
        network=network, body=world.a.body, applied_on="2026-01-10", status=MembershipStatus.ACTIVE
    )
    table = Table.objects.filter(network=network).first() or Table.objects.create(
        network=network, name="Spazi", slug="spazi"
    )
    author = network.coordinator
    shown_spaces = material(author, table, "Coworking di rete", ["spaces"], "network", 40)
    shown_digital = material(author, table, "VPN e cloud", ["digital", "skills"], "public", 10)
    material(author, table, "Obiettivi individuali", ["performance"], "public", 99)
    material(author, table, "Bozza interna", ["spaces"], Visibility.BODY, 500)
    client = Client()
    client.force_login(world.users["hr_admin"])
    html = client.get(f"/b/{world.a.body.slug}/maturity/2026/").content.decode()
    start = html.index('id="suggested-materials"')
    listed = html[start : html.index("</ul>", start)]
    assert listed.index(f'data-material="{shown_spaces.pk}"') < listed.index(
        f'data-material="{shown_digital.pk}"'
    )
    assert listed.count("data-material=") == 2
