"""Throttles: one address (or one account) that knocks too often is answered 429 with
Retry-After, before the page does any work; the API answers a problem document.

The suite runs with throttles off (pyproject.toml); each test here turns them on with its own
low rates."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings

from agilepa.core.models import LoginFailure
from tests.factories import PASSWORD

LOW = {
    "login_ip": "5/10m",
    "login_account": "3/10m",
    "password_reset_ip": "4/h",
    "password_reset_account": "2/h",
    "token_creation": "2/h",
    "survey_answer": "3/h",
    "public_pages": "3/m",
    "open_data": "2/m",
}


@pytest.fixture(autouse=True)
def low_throttles(db):
    cache.clear()
    with override_settings(THROTTLE_ENABLED=True, THROTTLE_RATES=LOW):
        yield
    cache.clear()


def other_ip(number: int) -> Client:
    return Client(REMOTE_ADDR=f"10.0.0.{number}")


def test_spraying_one_password_across_many_addresses_from_one_ip_is_throttled(world) -> None:
    client = Client()
    codes = [
        client.post(
            "/account/login/", {"username": f"p{n}@a.it", "password": "Estate2026!"}
        ).status_code
        for n in range(8)
    ]
    assert codes[:5] == [422] * 5
    assert codes[5:] == [429] * 3
    # The throttled attempts never reached the password check.
    assert LoginFailure.objects.count() == 5


def test_a_throttled_page_says_when_to_retry(world) -> None:
    client = Client()
    for n in range(5):
        client.post("/account/login/", {"username": f"p{n}@a.it", "password": "x"})
    response = client.post("/account/login/", {"username": "employee@a.it", "password": PASSWORD})
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "Try again in 600 seconds" in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_one_account_guessed_from_many_ips_is_throttled_per_account(world) -> None:
    codes = [
        other_ip(n)
        .post("/admin/login/", {"username": "Admin@AgilePA.it ", "password": "x"})
        .status_code
        for n in range(4)
    ]
    assert codes[-1] == 429
    assert 429 not in codes[:3]


def test_reset_bombing_one_mailbox_sends_few_emails(world) -> None:
    for n in range(6):
        other_ip(n).post("/account/password/reset/", {"email": "employee@a.it"})
    assert len(mail.outbox) == 2


def test_reset_requests_for_many_mailboxes_from_one_ip_are_throttled(world) -> None:
    client = Client()
    codes = [
        client.post("/account/password/reset/", {"email": f"x{n}@a.it"}).status_code
        for n in range(6)
    ]
    assert codes[4:] == [429, 429]


def test_token_creation_is_throttled_per_user(world) -> None:
    client = Client()
    client.force_login(world.users["employee"])
    codes = [
        client.post("/account/tokens/", {"name": f"t{n}", "password": PASSWORD}).status_code
        for n in range(3)
    ]
    assert codes[-1] == 429


def test_survey_answers_from_one_ip_are_throttled(db) -> None:
    client = Client()
    codes = [client.post("/survey/", {"code": f"guess{n}"}).status_code for n in range(5)]
    assert 429 not in codes[:3]
    assert codes[3:] == [429, 429]


def test_survey_answers_through_the_api_share_the_same_count(db) -> None:
    client = Client()
    for n in range(3):
        client.post("/survey/", {"code": f"guess{n}"})
    response = client.post(
        "/api/v1/survey-answers/open", {"code": "guess"}, content_type="application/json"
    )
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"


def test_public_pages_are_throttled_per_ip_and_other_ips_are_not_affected(db) -> None:
    client = Client()
    codes = [client.get("/public/networks/nessuna/").status_code for _ in range(5)]
    assert codes == [404, 404, 404, 429, 429]
    assert other_ip(9).get("/public/networks/nessuna/").status_code == 404


def test_open_data_over_the_api_answers_a_problem_with_retry_after(db) -> None:
    client = Client()
    url = "/api/v1/open-data/indicators/body/nessuno/2026?format=json"
    for _ in range(2):
        assert client.get(url).status_code != 429
    response = client.get(url)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "60"
    assert response.json()["status"] == 429


def test_throttles_are_off_when_disabled(db) -> None:
    with override_settings(THROTTLE_ENABLED=False):
        client = Client()
        assert {client.get("/public/networks/nessuna/").status_code for _ in range(6)} == {404}
