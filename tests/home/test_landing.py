"""Where people land: the site's home sends each user to the home of their body, whose sections
follow their roles in the menu's order; the body's registry card stays in the menu."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import grant
from tests.home.conftest import home_url
from tests.home.helpers import build


def test_a_user_of_a_body_lands_on_its_home(world, client_as):
    response = client_as("employee").get(reverse("home"))
    assert response.status_code == 302 and response.url == home_url(world)


def test_a_user_with_no_role_anywhere_is_told_so(world, client_as):
    response = client_as("nobody").get(reverse("home"))
    assert response.status_code == 200 and b"No body yet" in response.content


def test_a_user_with_several_roles_sees_each_section_in_the_menus_order(world, client_as):
    from agilepa.core.models import RoleKind

    build(world.a)
    manager = world.users["manager"]
    grant(manager, RoleKind.HR_ADMIN, body=world.a.body)
    grant(manager, RoleKind.NETWORK_COORDINATOR, network=world.network)
    html = client_as("manager").get(home_url(world)).content.decode()
    order = [html.index(f'id="{s}"') for s in ("my-work", "my-unit", "the-body", "the-network")]
    assert order == sorted(order)


def test_the_menu_offers_the_home_and_the_bodys_registry_card(world, client_as):
    html = client_as("observer").get(home_url(world)).content.decode()
    assert f'href="{home_url(world)}" aria-current="page"' in html
    card = reverse("org:body", kwargs={"body": world.a.body.slug})
    assert f'href="{card}"' in html
    assert client_as("observer").get(card).status_code == 200


def test_another_bodys_home_is_not_found(world, client_as):
    assert client_as("employee").get(f"/b/{world.b.body.slug}/home/").status_code == 404
