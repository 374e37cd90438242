"""A real OpenID Connect provider (django-oauth-toolkit, tests/identity/provider/) started as its
own process on a free port, for the login flows driven in chromium. No mock of the client
library: Authlib fetches the provider's discovery document and keys and checks its tokens."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from agilepa.identity import oidc
from agilepa.identity.models import IdentityProvider, ProviderKind
from tests.factories import make_tax_code

PROVIDER_DIR = Path(__file__).parent / "provider"
CLIENT_ID = "agilepa-test"
SECRET_ENV = "AGILEPA_TEST_IDP_SECRET"
SECRET = "a-long-test-client-secret-0123456789"
IDP_PASSWORD = "provider-password-1"
SLUGS = ["regione", "spid-proxy"]

# Users of the provider, each with the claims it hands out.
ROSSI_TAX_CODE = make_tax_code(900001)
GHOST_TAX_CODE = make_tax_code(900002)
HR_TAX_CODE = make_tax_code(900003)
USERS = {
    "rossi": {  # matched by codice fiscale; its e-mail is not verified, so it does not count
        "fiscalNumber": f"TINIT-{ROSSI_TAX_CODE}",
        "email": "someone.else@example.it",
        "email_verified": False,
    },
    "ghost": {
        "fiscalNumber": f"TINIT-{GHOST_TAX_CODE}",
        "email": "ghost@example.it",
        "email_verified": True,
    },
    "unverified": {"email": "verdi@example.it", "email_verified": False},
    "hr": {"fiscalNumber": f"TINIT-{HR_TAX_CODE}", "amr": ["pwd", "otp"]},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Provider:
    url: str
    state: Path

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/o/.well-known/openid-configuration"

    def tamper(self, mode: str | None) -> None:
        target = self.state / "tamper.txt"
        if mode is None:
            target.unlink(missing_ok=True)
        else:
            target.write_text(mode)

    def configure(self, slug: str = "regione", kind: str = ProviderKind.BODY_SSO, **extra):
        return IdentityProvider.objects.create(
            slug=slug,
            name={"spid-proxy": "SPID"}.get(slug, "Regione SSO"),
            kind=kind,
            discovery_url=self.discovery_url,
            client_id=CLIENT_ID,
            client_secret_env=SECRET_ENV,
            **extra,
        )


def _run(args: list[str], env: dict, log: Path) -> subprocess.CompletedProcess:
    with log.open("a") as out:
        return subprocess.run(
            [sys.executable, *args], cwd=PROVIDER_DIR, env=env, stdout=out, stderr=out, check=True
        )


@pytest.fixture(scope="session")
def provider(live_server, tmp_path_factory) -> Iterator[Provider]:
    state = tmp_path_factory.mktemp("idp")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (state / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (state / "users.json").write_text(
        json.dumps({u: {"password": IDP_PASSWORD, "claims": c} for u, c in USERS.items()})
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "idp.settings",
        "IDP_STATE_DIR": str(state),
        "PYTHONPATH": str(PROVIDER_DIR),
    }
    log = state / "idp.log"
    _run(["-m", "django", "migrate", "-v", "0"], env, log)
    redirects = [f"{live_server.url}/identity/callback/{slug}/" for slug in SLUGS]
    _run(
        [
            "-m",
            "idp.setup",
            CLIENT_ID,
            SECRET,
            *redirects,
            "--logout",
            f"{live_server.url}/account/login/",
        ],
        env,
        log,
    )
    port = free_port()
    with log.open("a") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=PROVIDER_DIR,
            env=env,
            stdout=out,
            stderr=out,
        )
    found = Provider(url=f"http://127.0.0.1:{port}", state=state)
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(found.discovery_url, timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail(f"the test provider did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    os.environ[SECRET_ENV] = SECRET
    yield found
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(autouse=True)
def fresh_clients() -> Iterator[None]:
    """Each test builds its providers anew (the database is emptied between tests)."""
    oidc._clients.clear()
    oidc._checks.clear()
    yield
    oidc._clients.clear()
    oidc._checks.clear()
