"""Logging in with e-mail and password; repeated failures lock the address for a while."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db.models import F
from django.test import Client
from django.urls import reverse

from agilepa.core.models import LoginFailure
from tests.factories import PASSWORD, UserFactory

LOGIN = "/account/login/"


# The login form itself is under test here, so no client_as.
def log_in(client: Client, email: str, password: str):
    return client.post(LOGIN, {"username": email, "password": password})


def fail_until_locked(client: Client, email: str):
    response = None
    for _ in range(settings.LOGIN_MAX_FAILURES):
        response = log_in(client, email, "not-the-password")
    return response


def test_login_page_labels_its_inputs_and_links_the_password_reset(client, db) -> None:
    html = client.get(LOGIN).content.decode()
    assert '<label for="id_username"' in html
    assert '<label for="id_password"' in html
    assert 'autocomplete="current-password"' in html
    assert f'href="{reverse("password_reset")}"' in html


def test_login_with_the_right_password_redirects_home(client, world) -> None:
    response = log_in(client, "employee@a.it", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(world.users["employee"].pk)


def test_login_ignores_the_case_of_the_email(client, world) -> None:
    response = log_in(client, "Employee@A.it", PASSWORD)
    assert response.status_code == 302


def test_login_goes_to_the_page_asked_for(client, world) -> None:
    response = client.post(
        f"{LOGIN}?next=/account/tokens/", {"username": "employee@a.it", "password": PASSWORD}
    )
    assert response.url == "/account/tokens/"


def test_wrong_password_shows_an_error_tied_to_the_inputs_and_is_counted(client, world) -> None:
    response = log_in(client, "employee@a.it", "not-the-password")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Wrong e-mail address or password" in html
    assert 'id="login-error"' in html
    assert 'aria-describedby="login-error"' in html
    assert "_auth_user_id" not in client.session
    failure = LoginFailure.objects.get()
    assert (failure.email, failure.ip) == ("employee@a.it", "127.0.0.1")


def test_repeated_failures_lock_the_address_even_with_the_right_password(client, world) -> None:
    response = fail_until_locked(client, "employee@a.it")
    assert response.status_code == 429
    minutes = f"locked for {settings.LOGIN_LOCKOUT_MINUTES} minutes"
    assert minutes in response.content.decode()

    response = log_in(client, "employee@a.it", PASSWORD)
    assert response.status_code == 429
    assert minutes in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_attempts_while_locked_do_not_extend_the_lock(client, world) -> None:
    fail_until_locked(client, "employee@a.it")
    log_in(client, "employee@a.it", "another-guess")
    assert LoginFailure.objects.count() == settings.LOGIN_MAX_FAILURES


def test_the_lock_ends_after_the_window(client, world) -> None:
    fail_until_locked(client, "employee@a.it")
    LoginFailure.objects.update(
        at=F("at") - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=1)
    )
    response = log_in(client, "employee@a.it", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.users["employee"].pk)


def test_the_lock_is_per_address(client, world) -> None:
    fail_until_locked(client, "employee@a.it")
    assert log_in(client, "manager@a.it", PASSWORD).status_code == 302


def test_a_successful_login_forgets_earlier_failures(client, world) -> None:
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        log_in(client, "employee@a.it", "not-the-password")
    assert log_in(client, "employee@a.it", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(email="employee@a.it").exists()


def test_an_inactive_user_cannot_log_in(client, db) -> None:
    UserFactory(email="gone@a.it", is_active=False)
    assert log_in(client, "gone@a.it", PASSWORD).status_code == 422


@pytest.mark.parametrize("method", ["get", "post"])
def test_logout_only_by_post(client, world, method: str) -> None:
    client.force_login(world.users["employee"])
    response = getattr(client, method)(reverse("logout"))
    if method == "get":
        assert response.status_code == 405
        assert "_auth_user_id" in client.session
    else:
        assert response.url == reverse("login")
        assert "_auth_user_id" not in client.session
