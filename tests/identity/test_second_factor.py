"""A second factor (TOTP, recovery codes) for HR administrators, network coordinators and
platform administrators who log in with a password; its reset is a platform admin's audited act."""

from __future__ import annotations

import base64

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from agilepa.identity import twofactor
from agilepa.identity.models import IdentityEvent, IdentityEventKind
from tests.factories import PASSWORD

LOGIN = "/account/login/"


@pytest.fixture(autouse=True)
def second_factor_required(settings) -> None:
    settings.SECOND_FACTOR_REQUIRED = True


def code_for(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:06d}"


# The password step of the real login, not client_as: the second factor comes after it.
def password_login(client: Client, email: str):
    return client.post(LOGIN, {"username": email, "password": PASSWORD})


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)
    return device, twofactor.new_recovery_codes(user)


def test_an_hr_admin_logging_in_with_a_password_must_set_up_a_second_factor(client, world) -> None:
    password_login(client, "hr@a.it")
    response = client.get("/b/c_a/")
    assert response.status_code == 302
    assert response["Location"] == "/account/second-factor/setup/"
    setup = client.get("/account/second-factor/setup/")
    assert b"totp-secret" in setup.content
    device = TOTPDevice.objects.get(user=world.users["hr_admin"], confirmed=False)
    done = client.post("/account/second-factor/setup/", {"code": code_for(device)})
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    assert done.context["next"] == "/b/c_a/"
    assert client.get("/b/c_a/").status_code == 200
    assert IdentityEvent.objects.filter(kind=IdentityEventKind.SECOND_FACTOR_ENROLLED).exists()


@pytest.mark.parametrize("role", ["coordinator", "platform_admin"])
def test_coordinators_and_platform_admins_are_held_too(client, world, role) -> None:
    password_login(client, world.users[role].email)
    assert client.get("/account/tokens/")["Location"] == "/account/second-factor/setup/"


def test_an_employee_logging_in_with_a_password_is_not_held(client, world) -> None:
    password_login(client, "employee@a.it")
    assert client.get("/account/tokens/").status_code == 200


def test_a_wrong_code_keeps_the_hr_admin_out(client, world) -> None:
    device, _codes = enrolled(world.users["hr_admin"])
    password_login(client, "hr@a.it")
    assert client.get("/b/c_a/")["Location"] == "/account/second-factor/"
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post("/account/second-factor/", {"code": wrong})
    assert response.status_code == 400
    assert client.get("/b/c_a/").status_code == 302


def test_the_current_code_lets_the_hr_admin_in(client, world) -> None:
    device, _codes = enrolled(world.users["hr_admin"])
    password_login(client, "hr@a.it")
    client.get("/b/c_a/")
    response = client.post("/account/second-factor/", {"code": code_for(device)})
    assert response["Location"] == "/b/c_a/"
    assert client.get("/b/c_a/").status_code == 200


def test_a_recovery_code_works_once(client, world) -> None:
    _device, codes = enrolled(world.users["hr_admin"])
    password_login(client, "hr@a.it")
    assert client.post("/account/second-factor/", {"code": codes[0]}).status_code == 302
    assert IdentityEvent.objects.filter(kind=IdentityEventKind.RECOVERY_CODE_USED).count() == 1
    second = Client()
    password_login(second, "hr@a.it")
    assert second.post("/account/second-factor/", {"code": codes[1]}).status_code == 302
    third = Client()
    password_login(third, "hr@a.it")
    assert third.post("/account/second-factor/", {"code": codes[0]}).status_code == 400


def test_after_a_wrong_code_even_the_right_one_waits_a_while(client, world) -> None:
    """django-otp's throttling: guessing six digits cannot go at the network's speed."""
    device, _codes = enrolled(world.users["hr_admin"])
    password_login(client, "hr@a.it")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    assert client.post("/account/second-factor/", {"code": wrong}).status_code == 400
    assert client.post("/account/second-factor/", {"code": code_for(device)}).status_code == 400


def test_the_api_refuses_a_session_waiting_for_its_second_factor(client, world) -> None:
    enrolled(world.users["hr_admin"])
    password_login(client, "hr@a.it")
    assert client.get("/api/v1/me").status_code == 403


def test_the_admin_console_login_is_held_too(client, world) -> None:
    enrolled(world.users["platform_admin"])
    client.post("/admin/login/", {"username": "admin@agilepa.it", "password": PASSWORD})
    assert client.get("/admin/")["Location"] == "/account/second-factor/"


def test_a_platform_admin_resets_a_second_factor_and_it_is_recorded(client, world) -> None:
    enrolled(world.users["hr_admin"])
    client.force_login(world.users["platform_admin"])
    response = client.post("/account/second-factor/reset/", {"email": "hr@a.it"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.users["hr_admin"]).exists()
    event = IdentityEvent.objects.get(kind=IdentityEventKind.SECOND_FACTOR_RESET)
    assert event.actor == world.users["platform_admin"]
    assert event.subject == world.users["hr_admin"]
    # At the next password login the HR admin enrols again.
    other = Client()
    password_login(other, "hr@a.it")
    assert other.get("/b/c_a/")["Location"] == "/account/second-factor/setup/"


@pytest.mark.parametrize("role", ["hr_admin", "coordinator", "employee"])
def test_nobody_but_a_platform_admin_resets_a_second_factor(client, world, role) -> None:
    device, _codes = enrolled(world.users["platform_admin"])
    client.force_login(world.users[role])
    response = client.post("/account/second-factor/reset/", {"email": "admin@agilepa.it"})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not IdentityEvent.objects.filter(kind=IdentityEventKind.SECOND_FACTOR_RESET).exists()


def test_an_hr_admin_enrols_in_the_browser_and_keeps_the_recovery_codes(page, world) -> None:
    page.goto("/account/login/")
    page.locator("input[name=username]").fill("hr@a.it")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/account/second-factor/setup/")
    secret = page.locator("#totp-secret").inner_text()
    key = base64.b32decode(secret)
    page.locator("input[name=code]").fill(f"{totp(key):06d}")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.locator("main a.btn-primary").click()
    page.wait_for_url("**/b/c_a/**")
