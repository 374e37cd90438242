"""Logging in to the platform administrators' console: the same lockout as the site's form, so
a platform admin's password cannot be guessed without limit through /admin/login/."""

import pytest
from django.conf import settings
from django.test import Client

from agilepa.core.models import LoginFailure
from tests.factories import PASSWORD

ADMIN_LOGIN = "/admin/login/"


def admin_log_in(client: Client, email: str, password: str):
    return client.post(ADMIN_LOGIN, {"username": email, "password": password, "next": "/admin/"})


def test_admin_login_with_the_right_password_opens_the_console(client, world) -> None:
    response = admin_log_in(client, "admin@agilepa.it", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.users["platform_admin"].pk)


def test_brute_force_on_the_admin_login_locks_the_address_even_with_the_right_password(
    client, world
) -> None:
    for guess in range(settings.LOGIN_MAX_FAILURES + 20):
        admin_log_in(client, "admin@agilepa.it", f"guess-{guess}")
    assert LoginFailure.objects.filter(email="admin@agilepa.it").count() == (
        settings.LOGIN_MAX_FAILURES
    )
    response = admin_log_in(client, "admin@agilepa.it", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert f"locked for {settings.LOGIN_LOCKOUT_MINUTES} minutes" in response.content.decode()


@pytest.mark.parametrize("first", ["site", "admin"])
def test_failures_on_either_form_count_towards_one_lockout(client, world, first: str) -> None:
    half = settings.LOGIN_MAX_FAILURES // 2
    forms = ["/account/login/", ADMIN_LOGIN]
    if first == "admin":
        forms.reverse()
    for _ in range(half):
        client.post(forms[0], {"username": "admin@agilepa.it", "password": "wrong"})
    for _ in range(settings.LOGIN_MAX_FAILURES - half):
        client.post(forms[1], {"username": "admin@agilepa.it", "password": "wrong"})
    response = client.post(
        "/account/login/", {"username": "admin@agilepa.it", "password": PASSWORD}
    )
    assert response.status_code == 429
