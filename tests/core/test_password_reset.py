"""Setting a new password through a link sent by e-mail."""

import re

from django.conf import settings
from django.test import Client
from django.urls import reverse

from agilepa.core.models import LoginFailure
from tests.factories import PASSWORD

NEW_PASSWORD = "Lavoro-agile-nuova-2026"


def ask_for_link(client: Client, email: str):
    return client.post(reverse("password_reset"), {"email": email})


def link_in(message) -> str:
    match = re.search(r"https?://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def set_new_password(client: Client, link: str):
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "new_password1" in form_page.content.decode()
    form_url = form_page.redirect_chain[-1][0]
    return client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})


def test_password_reset_sends_one_email_with_a_link_that_sets_a_new_password(
    client, world, mailoutbox
) -> None:
    response = ask_for_link(client, "employee@a.it")
    assert response.url == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["employee@a.it"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert "\n" not in message.subject

    response = set_new_password(client, link_in(message))
    assert response.url == reverse("password_reset_complete")

    assert not client.login(email="employee@a.it", password=PASSWORD)
    assert client.login(email="employee@a.it", password=NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client, world, mailoutbox
) -> None:
    response = ask_for_link(client, "nobody-here@a.it")
    assert response.url == reverse("password_reset_done")
    assert mailoutbox == []


def test_a_reset_link_works_only_once(client, world, mailoutbox) -> None:
    ask_for_link(client, "employee@a.it")
    link = link_in(mailoutbox[0])
    set_new_password(client, link)
    page = client.get(link, follow=True).content.decode()
    assert "no longer valid" in page
    assert "new_password1" not in page


def test_a_weak_new_password_is_refused_next_to_its_field(client, world, mailoutbox) -> None:
    ask_for_link(client, "employee@a.it")
    form_page = client.get(link_in(mailoutbox[0]), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "12345", "new_password2": "12345"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_new_password2_error"' in html
    assert re.search(r'aria-describedby="[^"]*\bid_new_password2_error\b', html)


def test_setting_a_new_password_lifts_the_lockout(client, world, mailoutbox) -> None:
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post(reverse("login"), {"username": "employee@a.it", "password": "guess"})
    ask_for_link(client, "employee@a.it")
    set_new_password(client, link_in(mailoutbox[0]))
    assert not LoginFailure.objects.filter(email="employee@a.it").exists()
    response = client.post(
        reverse("login"), {"username": "employee@a.it", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
