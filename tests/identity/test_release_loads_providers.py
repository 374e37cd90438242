"""The release step loads the identity providers' configuration file at each deployment
(issue 19), so a provider the file adds, changes or drops takes effect with the new code."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from agilepa.identity.models import IdentityProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path / "static")

    def run() -> None:
        call_command("release", verbosity=0)

    return run


def test_the_release_loads_the_providers_of_the_configured_file(
    release, tmp_path, monkeypatch
) -> None:
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
                }
            ]
        )
    )
    monkeypatch.setenv("AGILEPA_IDENTITY_PROVIDERS", str(config))
    release()
    provider = IdentityProvider.objects.get(slug="spid")
    assert provider.is_active and provider.from_file
    config.write_text(json.dumps([]))
    release()
    provider.refresh_from_db()
    assert not provider.is_active


def test_the_release_without_a_configured_file_leaves_the_providers_alone(
    release, monkeypatch
) -> None:
    monkeypatch.delenv("AGILEPA_IDENTITY_PROVIDERS", raising=False)
    IdentityProvider.objects.create(
        slug="console", name="Console", discovery_url="https://idp.example.it/", client_id="x"
    )
    release()
    assert IdentityProvider.objects.get(slug="console").is_active
