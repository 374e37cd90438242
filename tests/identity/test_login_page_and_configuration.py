"""The login page's ways in per body, the body that drops the password login, providers loaded
from the configuration file, and /readyz reporting a provider that cannot be reached."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from agilepa.identity import oidc
from agilepa.identity.models import BodyLoginPolicy, IdentityProvider, ProviderKind
from tests.factories import PASSWORD

DOWN = "http://127.0.0.1:9/.well-known/openid-configuration"


def make(slug: str, kind: str = ProviderKind.BODY_SSO, **extra) -> IdentityProvider:
    return IdentityProvider.objects.create(
        slug=slug, name=slug.title(), kind=kind, discovery_url=DOWN, client_id="x", **extra
    )


def test_the_login_page_offers_spid_cie_and_the_body_sso_of_that_body(client, world) -> None:
    make("spid", ProviderKind.SPID, network=world.network)  # the Region's proxy: a's network
    make("cie", ProviderKind.CIE, network=world.network)
    make("sso-a").bodies.add(world.a.body)
    make("sso-b").bodies.add(world.b.body)
    html = client.get("/account/login/?body=c_a").content.decode()
    assert "Sign in with SPID" in html and 'data-provider="spid"' in html
    # The official SPID logo, vendored from AgID's spid-smart-button (scripts/fetch_assets.sh).
    assert 'src="/static/vendor/spid/spid-ico-circle-bb.svg"' in html
    assert "Sign in with CIE" in html
    assert 'data-provider="sso-a"' in html
    assert 'data-provider="sso-b"' not in html
    assert 'name="password"' in html


def test_the_body_is_also_read_from_the_page_the_login_leads_to(client, world) -> None:
    make("sso-b").bodies.add(world.b.body)
    html = client.get("/account/login/?next=/b/c_b/").content.decode()
    assert 'data-provider="sso-b"' in html


def test_a_body_without_password_login_shows_no_password_form(client, world) -> None:
    make("sso-a").bodies.add(world.a.body)
    BodyLoginPolicy.objects.create(body=world.a.body, password_login=False)
    html = client.get("/account/login/?body=c_a").content.decode()
    assert 'data-provider="sso-a"' in html
    assert 'name="password"' not in html


def test_a_password_login_of_someone_whose_body_dropped_it_is_ended(client, world) -> None:
    BodyLoginPolicy.objects.create(body=world.a.body, password_login=False)
    client.post("/account/login/", {"username": "employee@a.it", "password": PASSWORD})
    response = client.get("/account/tokens/")
    assert response.status_code == 302 and response["Location"] == "/account/login/"
    assert client.get("/account/tokens/")["Location"].startswith("/account/login/")


def test_a_platform_admin_keeps_the_password_login(client, world) -> None:
    BodyLoginPolicy.objects.create(body=world.a.body, password_login=False)
    client.post("/account/login/", {"username": "admin@agilepa.it", "password": PASSWORD})
    assert client.get("/account/tokens/").status_code == 200


def test_readyz_names_a_provider_whose_discovery_cannot_be_fetched(client, db) -> None:
    oidc._checks.clear()
    make("regione")
    report = client.get("/readyz").json()["checks"]["identity_providers"]
    assert "regione" in report["unreachable"]
    assert report["ok"] is True  # the other ways in still work: the instance keeps serving


def test_providers_are_loaded_from_the_configuration_file(tmp_path, world) -> None:
    config = tmp_path / "idp.json"
    config.write_text(
        json.dumps(
            [
                {
                    "slug": "spid",
                    "name": "SPID",
                    "kind": "spid",
                    "discovery_url": "https://proxy.example.it/.well-known/openid-configuration",
                    "client_id": "agilepa",
                    "client_secret_env": "SPID_PROXY_SECRET",
                    "network": world.network.slug,
                },
                {
                    "slug": "entra-a",
                    "name": "Entra ID",
                    "discovery_url": "https://login.example.com/v2.0/.well-known/openid-configuration",
                    "client_id": "abc",
                    "bodies": ["c_a"],
                },
            ]
        )
    )
    call_command("load_identity_providers", file=str(config))
    assert IdentityProvider.objects.get(slug="spid").network == world.network
    assert list(IdentityProvider.objects.get(slug="entra-a").bodies.all()) == [world.a.body]
    config.write_text(json.dumps([]))
    call_command("load_identity_providers", file=str(config))
    assert not IdentityProvider.objects.filter(is_active=True).exists()


def test_a_secret_written_in_the_configuration_file_is_refused(tmp_path, db) -> None:
    config = tmp_path / "idp.json"
    config.write_text(json.dumps([{"slug": "x", "client_secret": "s3cret"}]))
    with pytest.raises(CommandError, match="secret"):
        call_command("load_identity_providers", file=str(config))
