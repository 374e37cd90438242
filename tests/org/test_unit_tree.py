"""The organisation chart and the page of one unit."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agilepa.core.access import resolve_access
from agilepa.org import selectors
from tests.factories import PersonFactory, make_unit

BODY_ROLES = ["employee", "manager", "hr_admin", "observer", "platform_admin"]


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def tree_url(world) -> str:
    return f"/b/{world.a.body.slug}/units/"


def unit_url(world, unit) -> str:
    return f"/b/{world.a.body.slug}/units/{unit.pk}/"


def nested_names(html: str) -> list[str]:
    """Unit names in the order the tree shows them."""
    return re.findall(r'href="/b/[^/]+/units/\d+/">([^<]+)</a>', html)


@pytest.mark.parametrize("role", BODY_ROLES)
def test_every_role_of_the_body_sees_the_whole_tree(world, client, role: str) -> None:
    client.force_login(world.users[role])
    response = client.get(tree_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert nested_names(html) == [
        "Comune A",
        "Area Servizi al cittadino",
        "Servizio Anagrafe",
        "Area Risorse",
    ]
    assert "<details" in html and "<summary" in html


def test_each_unit_counts_its_own_people_and_those_of_its_subtree(world) -> None:
    PersonFactory(body=world.a.body, unit=world.a.service, is_active=False)
    access = resolve_access(world.users["hr_admin"], world.a.body)
    (root,) = selectors.unit_tree(access)
    area, other_area = root.children
    assert (root.direct, root.total) == (0, 4)
    assert (area.unit, area.direct, area.total) == (world.a.area, 1, 3)
    assert (area.children[0].direct, area.children[0].total) == (2, 2)
    assert (other_area.direct, other_area.total) == (1, 1)


def test_the_tree_page_shows_the_counts(world, client) -> None:
    client.force_login(world.users["hr_admin"])
    html = client.get(tree_url(world)).content.decode()
    assert "1 in the unit, 3 with its subunits" in html
    assert "2 people" in html
    assert "4 units, 4 active people." in html


@pytest.mark.parametrize(
    ("role", "sees"), [("hr_admin", True), ("employee", True), ("observer", False)]
)
def test_the_heads_name_is_shown_only_to_those_who_see_named_people(
    world, client, role: str, sees: bool
) -> None:
    client.force_login(world.users[role])
    head = world.a.manager_person.full_name
    assert (head in client.get(tree_url(world)).content.decode()) is sees
    assert (head in client.get(unit_url(world, world.a.area)).content.decode()) is sees


def test_the_tree_costs_the_same_queries_for_a_large_body(world, client) -> None:
    client.force_login(world.users["hr_admin"])
    with CaptureQueriesContext(connection) as small:
        client.get(tree_url(world))
    parent = world.a.other_area
    for i in range(40):
        unit = make_unit(world.a.body, f"U{i}", f"Ufficio {i}", parent=parent)
        PersonFactory(body=world.a.body, unit=unit)
        parent = unit if i % 5 else world.a.other_area
    with CaptureQueriesContext(connection) as large:
        response = client.get(tree_url(world))
    assert "Ufficio 39" in response.content.decode()
    assert len(large) == len(small)


def test_a_unit_page_shows_its_ancestors_children_head_and_counts(world, client) -> None:
    client.force_login(world.users["hr_admin"])
    response = client.get(unit_url(world, world.a.area))
    assert response.status_code == 200
    html = response.content.decode()
    breadcrumb = html.split('class="breadcrumb"')[1].split("</ol>")[0]
    assert "Comune A" in breadcrumb and "Area Servizi al cittadino" in breadcrumb
    assert breadcrumb.index(f'href="{unit_url(world, world.a.root)}"') < breadcrumb.index(
        "Area Servizi al cittadino"
    )
    assert "Servizio Anagrafe" in html
    assert world.a.manager_person.full_name in html
    node = response.context["node"]
    assert (node.direct, node.total) == (1, 3)


@pytest.mark.parametrize(
    ("role", "unit", "link"),
    [
        ("hr_admin", "other_area", True),
        ("manager", "service", True),  # inside the subtree they head
        ("manager", "other_area", False),
        ("employee", "service", False),
        ("observer", "service", False),
    ],
)
def test_the_people_of_a_unit_are_linked_for_those_who_may_list_them(
    world, client, role: str, unit: str, link: bool
) -> None:
    target = getattr(world.a, unit)
    client.force_login(world.users[role])
    html = client.get(unit_url(world, target)).content.decode()
    assert (f"/people/?unit={target.pk}" in html) is link


@pytest.mark.parametrize("role", ["hr_admin", "manager", "employee", "observer"])
def test_a_unit_of_another_body_is_not_found(world, client, role: str) -> None:
    client.force_login(world.users[role])
    assert client.get(unit_url(world, world.b.area)).status_code == 404
    assert client.get(f"/b/{world.b.body.slug}/units/").status_code == 404
