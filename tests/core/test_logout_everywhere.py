"""“Log out everywhere” ends every session of the user, on every browser, and no one else's."""

from __future__ import annotations

from django.test import Client

from tests.factories import PASSWORD


# Through the real login form, not client_as: each browser needs a session of its own to end.
def logged_in(email: str) -> Client:
    client = Client()
    assert client.post("/account/login/", {"username": email, "password": PASSWORD}).status_code
    return client


def test_log_out_everywhere_ends_the_sessions_on_every_browser(world) -> None:
    laptop, phone, colleague = logged_in("hr@a.it"), logged_in("hr@a.it"), logged_in("manager@a.it")
    page = laptop.get("/account/tokens/").content.decode()
    assert 'action="/account/sessions/end/"' in page

    response = laptop.post("/account/sessions/end/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/"
    assert "2 sessions ended" in laptop.get("/account/login/").content.decode()
    assert phone.get("/account/tokens/").status_code == 302
    assert laptop.get("/account/tokens/").status_code == 302
    assert colleague.get("/account/tokens/").status_code == 200


def test_log_out_everywhere_only_by_post(world) -> None:
    client = logged_in("hr@a.it")
    assert client.get("/account/sessions/end/").status_code == 405
    assert client.get("/account/tokens/").status_code == 200
