"""Logging in through an OpenID Connect provider, driven in chromium (in Italian, the browser's
language) against a real provider process: matching by codice fiscale, refusal of an unknown
person, RP-initiated logout, tampered ID tokens refused, a provider that is down."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from agilepa.identity.models import IdentityEvent, IdentityEventKind, ProviderKind
from tests.identity.conftest import GHOST_TAX_CODE, HR_TAX_CODE, IDP_PASSWORD, ROSSI_TAX_CODE

pytestmark = pytest.mark.e2e


def sign_in_at_provider(page, username: str) -> None:
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()


def start(page, slug: str = "regione", body: str = "c_a") -> None:
    page.goto(f"/account/login/?body={body}")
    page.locator(f"a[data-provider={slug}]").click()


@pytest.fixture
def rossi(world):
    """The employee of body A, whose codice fiscale the provider's user 'rossi' carries."""
    person = world.a.employee_person
    person.tax_code = ROSSI_TAX_CODE
    person.save(update_fields=["tax_code"])
    return person


def test_a_person_logs_in_through_the_body_provider_matched_by_codice_fiscale(
    page, provider, world, rossi
) -> None:
    provider.configure().bodies.add(world.a.body)
    start(page)
    sign_in_at_provider(page, "rossi")
    expect(page).to_have_url(re.compile(r"/b/c_a/"))
    event = IdentityEvent.objects.get(kind=IdentityEventKind.LOGIN)
    assert event.subject == rossi.user


def test_a_person_without_a_login_gets_one_but_no_person_is_created(page, provider, world) -> None:
    person = world.a.colleague
    person.tax_code = ROSSI_TAX_CODE
    person.save(update_fields=["tax_code"])
    people = type(person).objects.count()
    provider.configure().bodies.add(world.a.body)
    start(page)
    sign_in_at_provider(page, "rossi")
    expect(page).to_have_url(re.compile(r"/b/c_a/"))
    person.refresh_from_db()
    assert person.user is not None and person.user.email == person.email
    assert type(person).objects.count() == people


def test_an_unknown_person_is_refused_with_a_page_saying_whom_to_ask(page, provider, world) -> None:
    assert not type(world.a.employee_person).objects.filter(tax_code=GHOST_TAX_CODE).exists()
    users = type(world.users["employee"]).objects.count()
    provider.configure().bodies.add(world.a.body)
    start(page)
    sign_in_at_provider(page, "ghost")
    expect(page.locator("h1")).to_have_text("Nessuna registrazione a tuo nome qui")
    expect(page.locator("main")).to_contain_text("ufficio del personale")
    expect(page.locator("main")).to_contain_text(world.a.body.name)
    assert type(world.users["employee"]).objects.count() == users
    assert IdentityEvent.objects.filter(kind=IdentityEventKind.REFUSED, detail="unknown").exists()


def test_an_ended_person_is_refused(page, provider, world, rossi) -> None:
    rossi.is_active = False
    rossi.save(update_fields=["is_active"])
    provider.configure().bodies.add(world.a.body)
    start(page)
    sign_in_at_provider(page, "rossi")
    expect(page.locator("main")).to_contain_text("risulta cessato")


def test_an_unverified_email_is_never_matched(page, provider, world) -> None:
    person = world.a.colleague
    person.email = "verdi@example.it"
    person.save(update_fields=["email"])
    provider.configure().bodies.add(world.a.body)
    start(page)
    sign_in_at_provider(page, "unverified")
    expect(page.locator("h1")).to_have_text("Nessuna registrazione a tuo nome qui")


def test_a_person_of_a_body_the_provider_does_not_serve_is_refused(page, provider, world) -> None:
    person = world.b.employee_person
    person.tax_code = ROSSI_TAX_CODE
    person.save(update_fields=["tax_code"])
    provider.configure().bodies.add(world.a.body)
    start(page)
    sign_in_at_provider(page, "rossi")
    expect(page.locator("h1")).to_have_text("Nessuna registrazione a tuo nome qui")


def test_logout_ends_the_session_at_the_provider_too(page, provider, world, rossi) -> None:
    provider.configure().bodies.add(world.a.body)
    start(page)
    sign_in_at_provider(page, "rossi")
    expect(page).to_have_url(re.compile(r"/b/c_a/"))
    # The header's logout button sits in the user menu: submit its form.
    page.locator("form[action='/account/logout/']").first.evaluate("form => form.requestSubmit()")
    expect(page).to_have_url(re.compile(r"/account/login/"))
    # The provider's session ended too: starting again asks for the provider's password.
    start(page)
    expect(page.locator("input[name=password]")).to_be_visible()
    assert page.url.startswith(provider.url)


@pytest.mark.parametrize("mode", ["signature", "audience", "nonce"])
def test_a_tampered_id_token_is_refused(page, provider, world, rossi, mode) -> None:
    provider.configure().bodies.add(world.a.body)
    provider.tamper(mode)
    try:
        start(page)
        sign_in_at_provider(page, "rossi")
        expect(page.locator("h1")).to_have_text("Accesso non completato")
    finally:
        provider.tamper(None)
    page.goto("/account/tokens/")
    expect(page).to_have_url(re.compile(r"/account/login/"))
    assert IdentityEvent.objects.filter(kind=IdentityEventKind.REFUSED).exists()
    assert not IdentityEvent.objects.filter(kind=IdentityEventKind.LOGIN).exists()
    detail = IdentityEvent.objects.get(kind=IdentityEventKind.REFUSED).detail
    assert {"signature": "bad_signature", "audience": "'aud'", "nonce": "'nonce'"}[mode] in detail


def test_a_provider_that_is_down_gives_a_page_and_the_password_login_still_works(
    page, provider, world, rossi
) -> None:
    down = provider.configure()
    down.discovery_url = "http://127.0.0.1:9/.well-known/openid-configuration"
    down.save()
    down.bodies.add(world.a.body)
    start(page)
    expect(page.locator("h1")).to_have_text("Accesso non completato")
    expect(page.locator("main")).to_contain_text("non è raggiungibile")
    page.get_by_role("link", name="Torna alla pagina di accesso").click()
    page.locator("input[name=username]").fill("employee@a.it")
    from tests.factories import PASSWORD

    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/b/c_a/"))


def test_a_second_factor_asserted_by_the_provider_is_recorded_for_an_hr_admin(
    page, provider, world
) -> None:
    person = world.a.colleague
    person.tax_code = HR_TAX_CODE
    person.user = world.users["hr_admin"]
    person.save(update_fields=["tax_code", "user"])
    provider.configure().bodies.add(world.a.body)
    start(page)
    sign_in_at_provider(page, "hr")
    expect(page).to_have_url(re.compile(r"/b/c_a/"))
    event = IdentityEvent.objects.get(kind=IdentityEventKind.LOGIN)
    assert event.detail == "second factor: otp"


def test_entra_con_spid_through_the_region_proxy_serves_every_body_of_the_network(
    page, provider, world, rossi
) -> None:
    """The Region's SPID proxy is configured once, for the network; body A coordinates it."""
    provider.configure(slug="spid-proxy", kind=ProviderKind.SPID, network=world.network)
    page.goto("/account/login/?body=c_a")
    page.get_by_role("link", name="Entra con SPID").click()
    sign_in_at_provider(page, "rossi")
    expect(page).to_have_url(re.compile(r"/b/c_a/"))
    assert IdentityEvent.objects.get(kind=IdentityEventKind.LOGIN).provider.kind == "spid"
