"""Moving a unit from its page: HR only, never into its own subtree."""

from __future__ import annotations

import pytest
from django.test import Client

from agilepa.org.models import OrgUnit


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def url(world, unit) -> str:
    return f"/b/{world.a.body.slug}/units/{unit.pk}/move/"


def test_hr_sees_the_form_with_every_unit_and_the_current_parent_chosen(world, client_as) -> None:
    response = client_as("hr_admin").get(url(world, world.a.service))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{world.a.area.pk}" selected>' in html
    for unit in (world.a.root, world.a.other_area):
        assert f'<option value="{unit.pk}">' in html
    assert f'<option value="{world.b.area.pk}"' not in html


def test_hr_moves_a_unit_with_its_subtree(world, client_as) -> None:
    a = world.a
    response = client_as("hr_admin").post(
        url(world, a.area), {"parent": a.other_area.pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/b/{a.body.slug}/units/{a.area.pk}/"
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Area Servizi al cittadino moved under Area Risorse."]
    service = OrgUnit.objects.get(pk=a.service.pk)
    assert service.path == f"{a.other_area.path}{a.area.pk}/{a.service.pk}/"


def test_hr_makes_a_unit_top_level_by_choosing_no_parent(world, client_as) -> None:
    client_as("hr_admin").post(url(world, world.a.service), {"parent": ""})
    service = OrgUnit.objects.get(pk=world.a.service.pk)
    assert service.parent_id is None and service.depth == 0


@pytest.mark.parametrize("target", ["area", "service"])
def test_moving_a_unit_into_its_own_subtree_shows_the_reason_on_the_form(
    world, target: str, client_as
) -> None:
    a = world.a
    new_parent = getattr(a, target)
    response = client_as("hr_admin").post(url(world, a.area), {"parent": new_parent.pk})
    assert response.status_code == 422
    expected = (
        f"Area Servizi al cittadino cannot be moved under {new_parent.name}: "
        f"{new_parent.name} is inside its subtree."
    )
    assert response.context["form"].errors["parent"] == [expected]
    assert "inside its subtree" in response.content.decode()
    area = OrgUnit.objects.get(pk=a.area.pk)
    assert (area.parent_id, area.path) == (a.root.pk, a.area.path)


def test_a_parent_from_another_body_is_not_a_valid_choice(world, client_as) -> None:
    response = client_as("hr_admin").post(url(world, world.a.area), {"parent": world.b.area.pk})
    assert response.status_code == 422
    assert "parent" in response.context["form"].errors
    assert OrgUnit.objects.get(pk=world.a.area.pk).parent_id == world.a.root.pk


@pytest.mark.parametrize("role", ["employee", "manager", "observer"])
def test_only_hr_may_move_a_unit(world, client, role: str) -> None:
    client.force_login(world.users[role])
    assert client.get(url(world, world.a.service)).status_code == 403
    assert client.post(url(world, world.a.service), {"parent": ""}).status_code == 403
    assert OrgUnit.objects.get(pk=world.a.service.pk).parent_id == world.a.area.pk


def test_a_unit_of_another_body_cannot_be_moved(world, client, client_as) -> None:
    client = client_as("hr_admin")
    assert client.post(url(world, world.b.service), {"parent": ""}).status_code == 404
    foreign = f"/b/{world.b.body.slug}/units/{world.b.service.pk}/move/"
    assert client.post(foreign, {"parent": ""}).status_code == 404
    assert OrgUnit.objects.get(pk=world.b.service.pk).parent_id == world.b.area.pk
