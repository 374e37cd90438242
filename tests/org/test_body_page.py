"""The body overview: who the body is, its numbers, its sites and networks; seen by every role
of the body, and by an observer without a single name of a person."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from agilepa.org.models import Body, Membership, MembershipStatus, Person
from tests.factories import OfficeSiteFactory, PersonFactory

BODY_ROLES = ["employee", "manager", "hr_admin", "observer", "platform_admin"]


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def described(world) -> Body:
    body = world.a.body
    body.address = "Piazza Maggiore 6"
    body.latitude, body.longitude = Decimal("44.493671"), Decimal("11.343035")
    body.save()
    OfficeSiteFactory(body=body, name="Palazzo d'Accursio", code="PDA", address="Piazza Maggiore 6")
    PersonFactory(body=body, unit=world.a.service, contract="part_time", part_time_percent=50)
    PersonFactory(body=body, unit=world.a.service, is_active=False)
    Membership.objects.create(
        network=world.network,
        body=body,
        status=MembershipStatus.ACTIVE,
        applied_on=datetime.date(2025, 9, 1),
        activated_on=datetime.date(2025, 10, 1),
    )
    return body


def url(world) -> str:
    return f"/b/{world.a.body.slug}/"


@pytest.mark.parametrize("role", BODY_ROLES)
def test_every_role_of_the_body_sees_its_overview(world, described, client, role: str) -> None:
    client.force_login(world.users[role])
    response = client.get(url(world))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Comune A",
        "c_a",
        "Comune",
        "Bologna",
        "Piazza Maggiore 6",
        "Palazzo d&#x27;Accursio",
    ):
        assert text in html, text
    assert "44.493671" in html.replace(",", ".")
    assert world.network.name in html and "Active" in html


def test_the_overview_counts_people_units_and_sites(world, described, client) -> None:
    client.force_login(world.users["observer"])
    summary = client.get(url(world)).context["summary"]
    assert summary == {
        "active_people": 5,
        "ended_people": 1,
        "part_time": 1,
        "units": 4,
        "sites": 1,
    }


@pytest.mark.parametrize(
    ("role", "link"),
    [("hr_admin", True), ("manager", True), ("employee", False), ("observer", False)],
)
def test_the_people_link_is_offered_only_to_those_who_may_list_people(
    world, client, role: str, link: bool
) -> None:
    client.force_login(world.users[role])
    html = client.get(url(world)).content.decode()
    assert (f'href="/b/{world.a.body.slug}/people/"' in html) is link
    assert f'href="/b/{world.a.body.slug}/units/"' in html


@pytest.mark.parametrize(
    "role", ["employee", "manager", "hr_admin", "observer", "coordinator", "nobody"]
)
def test_a_foreign_body_is_not_found(world, client, role: str) -> None:
    client.force_login(world.users[role])
    assert client.get(f"/b/{world.b.body.slug}/").status_code == 404


def test_a_body_without_sites_or_networks_says_so(world, client) -> None:
    client.force_login(world.users["hr_admin"])
    html = client.get(url(world)).content.decode()
    assert "No office site recorded yet." in html
    assert "This body is not a member of any network." in html


def test_observer_never_sees_a_named_person_on_any_page_of_the_body(
    world, described, client
) -> None:
    """CUG and RSU observers read aggregates: no page may show who someone is."""
    a = world.a
    client.force_login(world.users["observer"])
    pages = [
        url(world),
        f"/b/{a.body.slug}/units/",
        f"/b/{a.body.slug}/units/{a.root.pk}/",
        f"/b/{a.body.slug}/units/{a.area.pk}/",
        f"/b/{a.body.slug}/units/{a.service.pk}/",
        f"/networks/{world.network.slug}/",
    ]
    people = Person.objects.filter(body=a.body)
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        for person in people:
            for text in (person.last_name, person.tax_code, person.employee_number):
                assert text not in html, f"{page} shows {text}"
    for page in (f"/b/{a.body.slug}/people/", f"/b/{a.body.slug}/people/{a.colleague.pk}/"):
        assert client.get(page).status_code == 403, page
