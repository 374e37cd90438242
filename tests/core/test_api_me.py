"""GET /api/v1/me: who the caller is, by session or by personal access token."""

from django.test import Client

from tests.factories import api_token_for

ME = "/api/v1/me"


def test_me_without_credentials_is_a_401_problem(client, db) -> None:
    response = client.get(ME)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["status"] == 401


def test_me_with_an_unknown_token_is_a_401_problem(client, world) -> None:
    response = client.get(ME, HTTP_AUTHORIZATION="Bearer apa_not-a-real-token")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_me_with_the_session_names_the_user_and_their_roles(client, world) -> None:
    client.force_login(world.users["hr_admin"])
    response = client.get(ME)
    assert response.status_code == 200
    data = response.json()
    assert data["email"] == "hr@a.it"
    assert data["is_platform_admin"] is False
    assert data["bodies"] == [{"slug": "c_a", "name": "Comune A", "roles": ["hr_admin"]}]


def test_me_with_a_token_is_the_tokens_owner(world) -> None:
    raw = api_token_for(world.users["manager"])
    response = Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["email"] == "manager@a.it"
    assert set(response.json()["bodies"][0]["roles"]) == {"employee", "manager"}


def test_a_token_of_a_deactivated_user_is_refused(world) -> None:
    user = world.users["employee"]
    raw = api_token_for(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
