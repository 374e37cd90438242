"""The main navigation offers exactly the pages the user may open: it asks each page's own
policy (core/navigation.py), so every link it shows opens, and every page it hides refuses."""

import re

import pytest
from django.test import Client
from django.urls import resolve, reverse

from agilepa.core.access import get_access_or_404
from agilepa.core.navigation import ITEMS, THE_NETWORK, menu

BODY_ROLES = ["employee", "manager", "hr_admin", "observer", "platform_admin"]
LINK = re.compile(r'<a class="dropdown-item list-item[^"]*" href="([^"]+)"')


def _nav_links(html: str) -> list[str]:
    start = html.index('id="main-nav"')
    return LINK.findall(html[start : html.index("</nav>", start)])


def _client(world, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.url_name)
def test_each_item_asks_the_policy_its_view_declares(item) -> None:
    view = resolve(reverse(item.url_name, kwargs={"body": "any"})).func
    assert view.policies == (item.policy,)


@pytest.mark.parametrize("role", BODY_ROLES)
def test_every_link_the_navigation_offers_opens(world, role: str) -> None:
    client = _client(world, role)
    page = client.get(reverse("org:body", kwargs={"body": world.a.body.slug}))
    assert page.status_code == 200
    links = _nav_links(page.content.decode())
    assert reverse("org:body", kwargs={"body": world.a.body.slug}) in links
    for url in links:
        assert client.get(url).status_code == 200, url


def test_the_coordinator_is_offered_the_network_and_its_page_opens(world) -> None:
    client = _client(world, "coordinator")
    network_url = reverse("org:network", kwargs={"network": world.network.slug})
    page = client.get(network_url)
    assert page.status_code == 200
    links = _nav_links(page.content.decode())
    assert links == [network_url]
    assert 'aria-current="page"' in page.content.decode()


@pytest.mark.parametrize("role", [*BODY_ROLES, "coordinator"])
def test_every_page_the_navigation_hides_refuses_unless_hidden_as_of_no_use(
    world, role: str
) -> None:
    client = _client(world, role)
    user = world.users[role]
    access = None
    if role != "coordinator":
        access = get_access_or_404(user, world.a.body.slug)
    for item in ITEMS:
        if access is not None and item.visible_to(access):
            continue
        if access is not None and item.policy(access):
            # Open to the role, hidden where it is of no use: the item says why.
            assert item.shown is not None and item.why_shown, item.url_name
            continue
        url = reverse(item.url_name, kwargs={"body": world.a.body.slug})
        assert client.get(url).status_code in (403, 404), (role, url)


def test_the_current_page_is_marked_in_its_group(world) -> None:
    client = _client(world, "hr_admin")
    html = client.get(reverse("org:people", kwargs={"body": world.a.body.slug})).content.decode()
    people = reverse("org:people", kwargs={"body": world.a.body.slug})
    assert f'class="dropdown-item list-item active" href="{people}" aria-current="page"' in html
    assert 'id="nav-my_unit"' in html


def test_outside_a_body_only_the_networks_are_offered(world) -> None:
    menus = menu(None, [world.network])
    assert [entry.group for entry in menus] == [THE_NETWORK]
