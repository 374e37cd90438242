"""Sessions end after a while without activity (30 minutes by default for HR and platform
administrators), and after an absolute lifetime whatever the activity."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from agilepa.core.sessions import SEEN, STARTED
from tests.factories import PASSWORD

PAGE = "/account/tokens/"


# Through the real login form, not client_as: the timeout is counted from the login.
def logged_in(email: str) -> Client:
    client = Client()
    response = client.post("/account/login/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def age(client: Client, key: str, minutes: float) -> None:
    """Move the session's clock back, as if that much time had gone by."""
    session = client.session
    session[key] -= minutes * 60
    session.save()


@pytest.mark.parametrize("email", ["hr@a.it", "admin@agilepa.it"])
def test_an_administrator_idle_past_the_short_timeout_is_logged_out(world, email: str) -> None:
    client = logged_in(email)
    age(client, SEEN, settings.SESSION_IDLE_MINUTES_PRIVILEGED + 1)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "without activity" in page


def test_an_employee_keeps_the_session_past_the_short_timeout(world) -> None:
    client = logged_in("employee@a.it")
    age(client, SEEN, settings.SESSION_IDLE_MINUTES_PRIVILEGED + 1)
    assert client.get(PAGE).status_code == 200


def test_an_employee_idle_past_the_general_timeout_is_logged_out(world) -> None:
    client = logged_in("employee@a.it")
    age(client, SEEN, settings.SESSION_IDLE_MINUTES + 1)
    assert client.get(PAGE).status_code == 302
    assert "_auth_user_id" not in client.session


def test_activity_keeps_an_administrator_logged_in(world) -> None:
    client = logged_in("hr@a.it")
    for _ in range(3):
        age(client, SEEN, settings.SESSION_IDLE_MINUTES_PRIVILEGED - 5)
        assert client.get(PAGE).status_code == 200


def test_an_active_session_still_ends_after_the_absolute_lifetime(world) -> None:
    client = logged_in("employee@a.it")
    age(client, STARTED, settings.SESSION_ABSOLUTE_HOURS * 60 + 1)
    assert client.get(PAGE).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_session_cookie_does_not_outlive_the_absolute_lifetime() -> None:
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_HOURS * 3600
    assert settings.SESSION_COOKIE_AGE < 14 * 24 * 3600


def test_an_idle_session_cannot_use_the_api_either(world) -> None:
    client = logged_in("hr@a.it")
    age(client, SEEN, settings.SESSION_IDLE_MINUTES_PRIVILEGED + 1)
    assert client.get("/api/v1/me").status_code == 401
