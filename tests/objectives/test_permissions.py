"""Who sees and changes which objective: a manager their subtree, a person their own and the
shared objectives of their unit, an observer only aggregates, a foreign body nothing."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from agilepa.core.access import PermissionDeniedForRole
from agilepa.objectives.selectors import objectives_for
from agilepa.objectives.services import record_checkin
from tests.objectives.helpers import access_of, make_objective


@pytest.fixture
def tree(world):
    hr = access_of(world)
    a = world.a
    return {
        "body": make_objective(hr, "ENTE", a.manager_person, level="body", krs=[]),
        "area": make_objective(hr, "AREA", a.manager_person, unit=a.area),
        "service_private": make_objective(hr, "SERV-P", a.colleague, unit=a.service, shared=False),
        "colleague": make_objective(hr, "COLL", a.colleague, level="person"),
        "mine": make_objective(hr, "MINE", a.employee_person, level="person"),
        "other_area": make_objective(hr, "ALTRA", a.outsider, unit=a.other_area),
        "outsider": make_objective(hr, "OUT", a.outsider, level="person"),
    }


def codes(access) -> set[str]:
    return set(objectives_for(access).values_list("code", flat=True))


def test_a_manager_sees_their_subtree_and_the_shared_body_objectives(world, tree) -> None:
    assert codes(access_of(world, "manager")) == {"ENTE", "AREA", "SERV-P", "COLL", "MINE"}


def test_a_person_sees_their_own_and_their_units_shared_objectives(world, tree) -> None:
    # Not a colleague's, not the service's private one, not another area's.
    assert codes(access_of(world, "employee")) == {"ENTE", "AREA", "MINE"}


def test_an_observer_sees_no_objective_by_name(world, tree) -> None:
    with pytest.raises(PermissionDeniedForRole):
        objectives_for(access_of(world, "observer"))
    client = Client()
    client.force_login(world.users["observer"])
    slug = world.a.body.slug
    assert client.get(f"/api/v1/bodies/{slug}/objectives").status_code == 403
    assert client.get(f"/b/{slug}/objectives/body/").status_code == 403
    page = client.get(f"/b/{slug}/objectives/measures/")
    assert page.status_code == 200
    assert world.a.colleague.last_name not in page.content.decode()


def test_the_owner_checks_in_but_does_not_change_targets(world, tree) -> None:
    client = Client()
    client.force_login(world.users["employee"])
    slug, mine = world.a.body.slug, tree["mine"]
    assert client.get(f"/b/{slug}/objectives/{mine.pk}/edit/").status_code == 403
    kr = mine.key_results.get()
    response = client.post(
        f"/api/v1/bodies/{slug}/objectives/{mine.pk}/check-ins",
        data=json.dumps({"comment": "Metà strada", "confidence": "medium", "values": {kr.pk: 50}}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["progress"] == 50


def test_a_person_cannot_check_in_on_a_shared_objective_they_do_not_own(world, tree) -> None:
    with pytest.raises(PermissionDeniedForRole):
        record_checkin(
            access_of(world, "employee"),
            tree["area"],
            values={},
            milestones_done=set(),
            comment="x",
            confidence="high",
        )


def test_a_manager_cannot_set_objectives_beyond_their_subtree(world, tree) -> None:
    manager = access_of(world, "manager")
    with pytest.raises(PermissionDeniedForRole):
        make_objective(manager, "NO", world.a.outsider, unit=world.a.other_area)
    with pytest.raises(PermissionDeniedForRole):
        make_objective(manager, "NO2", world.a.manager_person, level="body", krs=[])
    made = make_objective(manager, "SI", world.a.colleague, level="person", parent=tree["area"])
    assert made.parent == tree["area"]


def test_an_objective_aligns_only_up_the_tree_and_within_its_period(world, tree) -> None:
    hr = access_of(world)
    with pytest.raises(ValidationError, match="units above it"):
        make_objective(hr, "X1", world.a.employee_person, level="person", parent=tree["other_area"])
    with pytest.raises(ValidationError, match="same year"):
        make_objective(
            hr, "X2", world.a.manager_person, unit=world.a.area, parent=tree["body"], year=2028
        )
    quarter = make_objective(hr, "Q", world.a.manager_person, unit=world.a.area, period="Q1")
    with pytest.raises(ValidationError, match="period"):
        make_objective(hr, "X3", world.a.employee_person, level="person", parent=quarter)


def test_an_objective_cannot_contribute_to_its_own_child(world, tree) -> None:
    from agilepa.objectives.forms import ObjectiveForm
    from agilepa.objectives.services import ObjectiveInput, update_objective

    hr = access_of(world)
    area, child = (
        tree["area"],
        make_objective(
            hr, "FIGLIO", world.a.manager_person, unit=world.a.area, parent=tree["area"]
        ),
    )
    data = ObjectiveInput(
        **{
            k: v
            for k, v in ObjectiveForm.initial_of(area).items()
            if k not in ("unit", "owner", "parent")
        },
        unit_id=area.unit_id,
        owner_id=area.owner_id,
        parent_id=child.pk,
    )
    with pytest.raises(ValidationError, match="itself"):
        update_objective(hr, area, data, [])


def test_a_foreign_bodys_objective_is_not_found(world, tree) -> None:
    client = Client()
    client.force_login(world.users["hr_admin"])
    foreign = make_objective(
        access_of(world, "platform_admin", "b"), "B", world.b.outsider, unit=world.b.other_area
    )
    slug = world.a.body.slug
    assert client.get(f"/b/{slug}/objectives/{foreign.pk}/").status_code == 404
    assert client.get(f"/api/v1/bodies/{slug}/objectives/{foreign.pk}").status_code == 404
