"""Changing one's own password while logged in."""

import re

from django.urls import reverse

from tests.factories import PASSWORD

NEW_PASSWORD = "Lavoro-agile-nuova-2026"


def test_password_change_needs_login(client, db) -> None:
    response = client.get(reverse("password_change"))
    assert response.url.startswith(reverse("login"))


def test_password_change_sets_the_new_password(client, world) -> None:
    client.force_login(world.users["employee"])
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.url == reverse("password_change_done")
    assert client.get(response.url).status_code == 200
    world.users["employee"].refresh_from_db()
    assert world.users["employee"].check_password(NEW_PASSWORD)


def test_password_change_with_a_wrong_old_password_is_refused(client, world) -> None:
    client.force_login(world.users["employee"])
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 422
    assert re.search(r'aria-describedby="[^"]*\bid_old_password_error\b', response.content.decode())
    world.users["employee"].refresh_from_db()
    assert world.users["employee"].check_password(PASSWORD)
