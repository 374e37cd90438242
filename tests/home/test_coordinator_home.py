"""The network coordinator's home: their networks at a glance."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from agilepa.org.models import Membership, MembershipStatus
from tests.factories import NetworkFactory, PersonFactory


def _join(world) -> None:
    for body, status in ((world.a.body, "active"), (world.b.body, "applied")):
        Membership.objects.create(
            network=world.network, body=body, status=status, applied_on=date(2026, 1, 10)
        )


def test_the_coordinator_lands_on_the_home_of_their_networks(world, client_as):
    client = client_as("coordinator")
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("home:networks")


def test_the_network_shows_its_members_applications_and_people(world, client_as):
    _join(world)
    html = client_as("coordinator").get(reverse("home:networks")).content.decode()
    assert world.network.name in html
    assert '<dd class="col-sm-5" data-figure="members">1</dd>' in html
    assert '<dd class="col-sm-5" data-figure="applications">1</dd>' in html
    # Body A's four active people; B only applied.
    assert '<dd class="col-sm-5" data-figure="people">4</dd>' in html
    for name in ("org:network", "indicators:network", "maturity:network"):
        url = reverse(name, kwargs={"network": world.network.slug})
        assert f'href="{url}"' in html
        assert client_as("coordinator").get(url).status_code == 200, url


def test_a_network_coordinated_by_someone_else_is_not_shown(world, client_as):
    other = NetworkFactory(coordinator=world.b.body, slug="altra-rete", name="Altra rete")
    Membership.objects.create(
        network=other,
        body=world.b.body,
        status=MembershipStatus.ACTIVE,
        applied_on=date(2026, 1, 10),
    )
    html = client_as("coordinator").get(reverse("home:networks")).content.decode()
    assert "Altra rete" not in html


def test_a_user_who_coordinates_nothing_is_sent_to_their_body(world, client_as):
    response = client_as("observer").get(reverse("home:networks"))
    assert response.status_code == 302 and response.url == reverse("home")


def test_the_coordinators_home_reads_a_bounded_number_of_queries(
    world, client_as, django_assert_max_num_queries
):
    _join(world)
    for _i in range(5):
        PersonFactory(body=world.a.body, unit=world.a.service)
    client = client_as("coordinator")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("home:networks")).status_code == 200


def test_the_coordinators_home_speaks_italian(world, client_as):
    _join(world)
    client = client_as("coordinator", HTTP_ACCEPT_LANGUAGE="it")
    html = client.get(reverse("home:networks")).content.decode()
    for text in ("Pagina iniziale", "La rete", "Enti aderenti", "Domande di adesione in corso"):
        assert text in html, text
