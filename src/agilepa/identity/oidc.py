"""The OpenID Connect client, by Authlib: discovery, authorization code with PKCE (S256), the
ID token's signature (the provider's JWKS), issuer, audience, expiry and nonce are all checked
by the library. Here only which provider, and a short timeout so a provider that is down costs
a page, not a hung worker."""

from __future__ import annotations

import time

import requests
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings

from .models import IdentityProvider

TIMEOUT = 5.0
CHECK_TTL = 60.0

_clients: dict[str, tuple[tuple, DjangoOAuth2App]] = {}
_checks: dict[str, tuple[float, str | None]] = {}


def _key(provider: IdentityProvider) -> tuple:
    return (provider.discovery_url, provider.client_id, provider.client_secret, provider.scopes)


def client_for(provider: IdentityProvider) -> DjangoOAuth2App:
    """One Authlib client per provider, rebuilt when the provider's settings change (the
    discovery document is then fetched anew)."""
    key = _key(provider)
    cached = _clients.get(provider.slug)
    if cached and cached[0] == key:
        return cached[1]
    name = f"idp-{provider.slug}"
    client = OAuth().register(
        name,
        client_id=provider.client_id,
        client_secret=provider.client_secret or None,
        server_metadata_url=provider.discovery_url,
        client_kwargs={
            "scope": provider.scopes,
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT,
            "token_endpoint_auth_method": "client_secret_basic"
            if provider.client_secret
            else "none",
        },
    )
    _clients[provider.slug] = (key, client)
    return client


def forget(slug: str) -> None:
    _clients.pop(slug, None)
    _checks.pop(slug, None)


def probe(provider: IdentityProvider) -> str | None:
    """None when the discovery document and the keys can be fetched, else what failed.
    Cached for a minute: /readyz is polled often and a provider must not be hammered."""
    now = time.monotonic()
    cached = _checks.get(provider.slug)
    if cached and now - cached[0] < getattr(settings, "IDENTITY_CHECK_TTL", CHECK_TTL):
        return cached[1]
    problem: str | None = None
    try:
        response = requests.get(provider.discovery_url, timeout=TIMEOUT)
        response.raise_for_status()
        metadata = response.json()
        for field in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not metadata.get(field):
                raise ValueError(f"discovery document lacks {field}")
        keys = requests.get(metadata["jwks_uri"], timeout=TIMEOUT)
        keys.raise_for_status()
        if not keys.json().get("keys"):
            raise ValueError("the key set is empty")
    except (requests.RequestException, ValueError) as exc:
        problem = f"{type(exc).__name__}: {exc}"[:200]
    _checks[provider.slug] = (now, problem)
    return problem


def claims_options(provider: IdentityProvider) -> dict:
    """The issuer and the audience an ID token must carry. Authlib checks the audience only
    when told to (by default only `azp` is compared with the client id): a token issued to
    another client with `azp` naming ours would otherwise pass — the tests forge one."""
    metadata = client_for(provider).load_server_metadata()
    return {
        "iss": {"essential": True, "values": [metadata["issuer"]]},
        "aud": {"essential": True, "values": [provider.client_id]},
    }
