"""Personal access tokens: created on the account page, shown once, revoked by their owner."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from agilepa.core.models import ApiToken, hash_token
from tests.factories import PASSWORD, api_token_for

TOKENS = "/account/tokens/"
RAW_TOKEN = re.compile(r"apa_[A-Za-z0-9_-]{40,}")


def create_token(client: Client, name: str = "HR export script"):
    return client.post(
        TOKENS, {"name": name, "days": 90, "scope": "write", "body": "", "password": PASSWORD}
    )


def api_me(raw: str):
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer " + raw)


def test_tokens_page_needs_login(client, db) -> None:
    response = client.get(TOKENS)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_creating_a_token_shows_its_value_once_and_the_value_opens_the_api(client, world) -> None:
    client.force_login(world.users["employee"])
    response = create_token(client)
    assert response.status_code == 201
    raw = RAW_TOKEN.search(response.content.decode()).group()

    token = ApiToken.objects.get(user=world.users["employee"])
    assert token.name == "HR export script"
    assert token.token_hash == hash_token(raw)
    assert raw not in (token.token_hash, token.hint)

    page = client.get(TOKENS).content.decode()
    assert raw not in page
    assert token.hint in page
    assert "HR export script" in page

    me = api_me(raw)
    assert me.status_code == 200
    assert me.json()["email"] == "employee@a.it"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_needs_a_name(client, world) -> None:
    client.force_login(world.users["employee"])
    response = create_token(client, name="  ")
    assert response.status_code == 422
    assert re.search(r'aria-describedby="[^"]*\bid_name_error\b', response.content.decode())
    assert not ApiToken.objects.exists()


def test_the_page_lists_only_my_tokens(client, world) -> None:
    api_token_for(world.users["manager"], "manager's script")
    api_token_for(world.users["employee"], "my script")
    client.force_login(world.users["employee"])
    page = client.get(TOKENS).content.decode()
    assert "my script" in page
    assert "manager&#x27;s script" not in page


def test_revoking_a_token_closes_the_api_to_it(client, world) -> None:
    raw = api_token_for(world.users["employee"], "old script")
    token = ApiToken.objects.get()
    client.force_login(world.users["employee"])

    response = client.post(reverse("token_revoke", kwargs={"token_id": token.pk}))
    assert response.url == reverse("tokens")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Revoked on" in client.get(TOKENS).content.decode()

    me = api_me(raw)
    assert me.status_code == 401
    assert me["Content-Type"] == "application/problem+json"


def test_revoking_needs_post(client, world) -> None:
    api_token_for(world.users["employee"])
    token = ApiToken.objects.get()
    client.force_login(world.users["employee"])
    response = client.get(reverse("token_revoke", kwargs={"token_id": token.pk}))
    assert response.status_code == 405
    token.refresh_from_db()
    assert token.is_active


def test_another_user_cannot_revoke_my_token(client, world) -> None:
    raw = api_token_for(world.users["employee"])
    token = ApiToken.objects.get()
    client.force_login(world.users["hr_admin"])
    response = client.post(reverse("token_revoke", kwargs={"token_id": token.pk}))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.is_active
    assert api_me(raw).status_code == 200


def test_creating_a_token_on_the_page_needs_the_csrf_token(world) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["employee"])
    assert create_token(client).status_code == 403
    assert not ApiToken.objects.exists()


def test_creating_a_token_through_the_api_with_the_session_needs_the_csrf_token(world) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["employee"])
    payload = {
        "data": {"name": "script", "password": PASSWORD},
        "content_type": "application/json",
    }

    refused = client.post("/api/v1/tokens", **payload)
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert not ApiToken.objects.exists()

    client.get(TOKENS)  # sets the CSRF cookie, as any page does
    csrf = client.cookies["csrftoken"].value
    created = client.post("/api/v1/tokens", HTTP_X_CSRFTOKEN=csrf, **payload)
    assert created.status_code == 201
    assert api_me(created.json()["token"]).status_code == 200


def test_another_users_token_is_not_found_whatever_the_method(client, world) -> None:
    api_token_for(world.users["employee"])
    token = ApiToken.objects.get()
    client.force_login(world.users["hr_admin"])
    assert client.get(reverse("token_revoke", kwargs={"token_id": token.pk})).status_code == 404


def test_last_use_is_written_at_most_once_a_minute(world) -> None:
    from datetime import timedelta

    from django.utils import timezone

    token, raw = ApiToken.issue(world.users["employee"], "script")
    assert api_me(raw).status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    assert api_me(raw).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first  # a read stays a read within the minute
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(seconds=61))
    assert api_me(raw).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(seconds=1)
    assert timezone.now() - token.last_used_at < timedelta(seconds=30)
    token.revoke()
    assert api_me(raw).status_code == 401


def test_a_token_authenticates_its_user_with_their_own_flags(world) -> None:
    """The API's user is loaded in part (the rest on first use): its flags must be its own,
    never another's or swapped (an ordinary user is no superuser through a token)."""
    from django.test import RequestFactory

    from agilepa.core.api_auth import BearerToken

    user = world.users["manager"]
    found = BearerToken().authenticate(RequestFactory().get("/"), api_token_for(user))
    assert (found.pk, found.is_active, found.is_superuser) == (user.pk, True, False)
    assert found.email == user.email  # a deferred field, loaded on use
    world.users["manager"].is_active = False
    world.users["manager"].save()
    raw = api_token_for(world.users["manager"])
    assert BearerToken().authenticate(RequestFactory().get("/"), raw) is None


@pytest.mark.django_db(transaction=True)
def test_last_use_is_written_outside_a_transaction_and_the_connection_stays_durable() -> None:
    """Served as in production (autocommit, no test transaction around the request): the touch
    of an idle token is written (on PostgreSQL without waiting for the disk, for that statement
    only), and the next write of the same connection is durable again."""
    from django.db import connection

    from agilepa.core.models import User

    user = User.objects.create_user(email="script@a.it", password=PASSWORD)
    token, raw = ApiToken.issue(user, "script")
    assert token.last_used_at is None

    on_postgresql = connection.vendor == "postgresql"
    if on_postgresql:
        with connection.cursor() as cursor:
            # Durable, as in production (the suite's sessions are not: tests/dbsetup.py).
            cursor.execute("SET synchronous_commit TO on")
    assert api_me(raw).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    if on_postgresql:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
            cursor.execute("RESET synchronous_commit")
