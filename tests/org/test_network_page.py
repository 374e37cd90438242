"""The network overview: its members, where each stands in the adhesion workflow, who sees it."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from agilepa.org.models import Membership, MembershipStatus
from tests.factories import BodyFactory, NetworkFactory, PersonFactory, UserFactory, grant


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def members(world) -> dict[str, Membership]:
    """Body a active in the network, body b applied, a third body that has left."""
    gone = BodyFactory(name="Provincia Uscita", municipality="Ferrara")
    return {
        "a": Membership.objects.create(
            network=world.network,
            body=world.a.body,
            status=MembershipStatus.ACTIVE,
            applied_on=datetime.date(2025, 9, 1),
            protocol_signed_on=datetime.date(2025, 9, 20),
            activated_on=datetime.date(2025, 10, 1),
        ),
        "b": Membership.objects.create(
            network=world.network,
            body=world.b.body,
            status=MembershipStatus.APPLIED,
            applied_on=datetime.date(2026, 1, 10),
        ),
        "gone": Membership.objects.create(
            network=world.network,
            body=gone,
            status=MembershipStatus.LEFT,
            applied_on=datetime.date(2024, 1, 10),
            left_on=datetime.date(2025, 12, 31),
        ),
    }


def url(world) -> str:
    return f"/networks/{world.network.slug}/"


def test_the_coordinator_sees_every_member_with_its_status_and_dates(
    world, members, client
) -> None:
    client.force_login(world.users["coordinator"])
    response = client.get(url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.network.name in html
    for name in ("Comune A", "Comune B", "Provincia Uscita"):
        assert name in html
    assert "Protocol signed" in html and "Applied" in html and "Left" in html
    row = {r.membership.body.name: r for r in response.context["rows"]}
    assert row["Comune A"].membership.active_people == 4
    assert row["Comune A"].membership.activated_on == datetime.date(2025, 10, 1)


def test_the_page_names_the_coordinating_body_and_counts_members_by_status(
    world, members, client
) -> None:
    client.force_login(world.users["coordinator"])
    response = client.get(url(world))
    counts = {status.value: n for status, n in response.context["status_counts"]}
    assert counts == {"applied": 1, "signed": 0, "active": 1, "left": 1}
    assert "Coordinating body:" in response.content.decode()
    assert response.context["network"].coordinator == world.a.body


def test_active_people_count_only_active_people_of_each_member(world, members, client) -> None:
    PersonFactory(body=world.b.body, unit=world.b.service, is_active=False)
    client.force_login(world.users["coordinator"])
    rows = client.get(url(world)).context["rows"]
    counts = {r.membership.body.name: r.membership.active_people for r in rows}
    assert counts == {"Comune A": 4, "Comune B": 4, "Provincia Uscita": 0}


@pytest.mark.parametrize("role", ["employee", "manager", "hr_admin", "observer"])
def test_people_of_a_member_body_see_the_network_without_coordinator_actions(
    world, members, client, role: str
) -> None:
    client.force_login(world.users[role])
    response = client.get(url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Comune B" in html
    assert "/activate/" not in html
    assert not any(r.activate for r in response.context["rows"])


def test_a_member_body_is_a_link_only_for_those_with_a_role_in_it(world, members, client) -> None:
    client.force_login(world.users["hr_admin"])
    html = client.get(url(world)).content.decode()
    assert f'href="/b/{world.a.body.slug}/"' in html
    assert f'href="/b/{world.b.body.slug}/"' not in html


def test_the_coordinator_may_leave_any_current_member_and_activate_none_unsigned(
    world, members, client
) -> None:
    client.force_login(world.users["coordinator"])
    rows = {r.membership.body.name: r for r in client.get(url(world)).context["rows"]}
    assert rows["Comune A"].leave and rows["Comune B"].leave
    assert not rows["Provincia Uscita"].leave
    assert not rows["Comune B"].activate
    assert not rows["Comune B"].sign


def test_hr_of_a_member_body_acts_only_on_its_own_membership(world, members, client) -> None:
    client.force_login(world.users["hr_admin"])
    rows = {r.membership.body.name: r for r in client.get(url(world)).context["rows"]}
    assert rows["Comune A"].leave
    assert not rows["Comune B"].leave and not rows["Comune B"].sign


@pytest.mark.parametrize("role", ["nobody", "coordinator"])
def test_a_network_the_user_cannot_see_is_not_found(world, client, role: str) -> None:
    foreign = NetworkFactory(coordinator=world.b.body, slug="altra-rete")
    Membership.objects.create(network=foreign, body=world.b.body, applied_on="2026-01-10")
    client.force_login(world.users[role])
    assert client.get(f"/networks/{foreign.slug}/").status_code == 404


def test_a_member_body_alone_does_not_open_the_network_to_a_user_of_another_body(
    world, members, client
) -> None:
    stranger = UserFactory()
    grant(stranger, "hr_admin", body=BodyFactory())
    client.force_login(stranger)
    assert client.get(url(world)).status_code == 404


def test_a_network_without_members_says_so(world, client) -> None:
    client.force_login(world.users["coordinator"])
    response = client.get(url(world))
    assert response.status_code == 200
    assert "No body has applied to join this network yet." in response.content.decode()


def test_the_page_needs_a_login(world, client) -> None:
    response = client.get(url(world))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
