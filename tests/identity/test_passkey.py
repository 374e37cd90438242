"""A passkey or security key as the second factor (WebAuthn, by django-otp-webauthn), in
chromium with a virtual authenticator: an HR admin registers one, then logs in with it."""

from __future__ import annotations

import pytest
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from agilepa.identity import twofactor
from agilepa.identity.models import IdentityEvent, IdentityEventKind
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def passkeys_for_the_live_server(settings, live_server) -> None:
    settings.SECOND_FACTOR_REQUIRED = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]


def virtual_authenticator(page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )


def password_login(page, email: str) -> None:
    page.goto("/account/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_an_hr_admin_registers_a_passkey_and_logs_in_with_it(page, world, live_server) -> None:
    virtual_authenticator(page)
    password_login(page, "hr@a.it")
    page.wait_for_url("**/account/second-factor/setup/")
    page.locator("#passkey-register-button").click()
    page.wait_for_function(
        "() => document.querySelector('#passkey-register-status-message').innerText.length > 0"
    )
    assert WebAuthnCredential.objects.filter(user=world.users["hr_admin"]).count() == 1
    page.locator("#passkey-continue").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.goto("/b/c_a/")
    page.wait_for_url("**/b/c_a/**")

    # The next password login asks for the passkey, and it lets the HR admin in.
    page.context.clear_cookies()
    password_login(page, "hr@a.it")
    page.wait_for_url("**/account/second-factor/")
    page.locator("#passkey-verification-button").click()
    page.wait_for_url("**/b/c_a/**")


def test_a_reset_removes_the_passkeys_too(client, world) -> None:
    user = world.users["hr_admin"]
    WebAuthnCredential.objects.create(
        user=user, name="key", credential_id=b"x", public_key=b"y", sign_count=0
    )
    twofactor.reset(world.users["platform_admin"], user)
    assert not WebAuthnCredential.objects.filter(user=user).exists()
    assert IdentityEvent.objects.filter(kind=IdentityEventKind.SECOND_FACTOR_RESET).exists()
