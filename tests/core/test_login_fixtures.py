"""The suite's own login fixtures (tests/conftest.py): `client_as` and `api_as`."""

from __future__ import annotations

import pytest

from agilepa.core.models import ApiToken, TokenScope
from agilepa.org.models import Body
from tests.factories import UserFactory


@pytest.mark.django_db
def test_a_user_of_the_test_logs_in_without_building_the_world(client_as) -> None:
    user = UserFactory()
    response = client_as(user).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["email"] == user.email
    assert not Body.objects.exists()  # no world


def test_a_role_is_the_user_of_the_tests_world(world, client_as, api_as) -> None:
    assert client_as("hr_admin").get("/api/v1/me").json()["email"] == "hr@a.it"
    assert api_as("manager").get("/api/v1/me").json()["email"] == "manager@a.it"
    assert not ApiToken.objects.exists()  # a session, as most API tests use


def test_a_token_carries_the_limits_asked_for(world, api_as) -> None:
    assert api_as("employee", token=True).get("/api/v1/me").status_code == 200
    api_as("hr_admin", world.a.body, scope=TokenScope.READ)
    token = ApiToken.objects.get(user=world.users["hr_admin"])
    assert (token.body, token.scope) == (world.a.body, TokenScope.READ)
