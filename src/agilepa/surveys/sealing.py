"""The secrets of anonymous answering: invitation tokens, the keyed marks of spent tokens, and
the sealed envelopes that hold answers until their wave is counted.

Every value here is keyed with the site's secret key, which lives in the environment and never
in the database: whoever reads the database, a replica or a backup (the threat model of
docs/surveys.md) can neither recompute a token, nor tell which invitation a spent mark belongs
to, nor open an envelope.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

# Envelopes are padded to a multiple of this size, so that their length does not tell a long
# comment from a short one (nor, through it, who tends to write long comments).
ENVELOPE_BLOCK = 2048
NONCE_BYTES = 12


def _keys() -> Iterator[bytes]:
    yield settings.SECRET_KEY.encode()
    for fallback in getattr(settings, "SECRET_KEY_FALLBACKS", []):
        yield fallback.encode()


def _derive(secret: bytes, purpose: str) -> bytes:
    return hmac.new(secret, f"agilepa.surveys.{purpose}".encode(), hashlib.sha256).digest()


def token_of(wave_id: int, person_id: int, salt: str) -> str:
    """An invitation's token: an HMAC of the invitation with the secret key, so that reminders
    repeat it without it being stored."""
    message = f"survey-invitation:{wave_id}:{person_id}:{salt}"
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


class _Invited(Protocol):
    wave_id: int
    person_id: int
    salt: str


def token_for(invitation: _Invited) -> str:
    """The invitation's token: an HMAC with the secret key, so that reminders repeat the link
    without the token being stored."""
    return token_of(invitation.wave_id, invitation.person_id, invitation.salt)


def hash_token(token: str) -> str:
    """What the invitation stores to be found by its token: a plain hash, enough to look the
    token up, useless to recover it (the token is 256 random-looking bits)."""
    return hashlib.sha256(token.encode()).hexdigest()


def spent_mark(token: str) -> str:
    """The mark a used token leaves (a "nullifier"): keyed with the secret, so that nobody who
    reads the database can tell which invitation it comes from, while the server, given the
    token, finds it at once."""
    key = _derive(settings.SECRET_KEY.encode(), "spent")
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def reminder_key(wave_id: int, invitation_id: int) -> str:
    """The idempotency key of one reminder (core.mail.send_once): keyed with the secret, so
    that the sent-message table, which lists those not yet answering when the reminder went,
    names no invitation to whoever reads the database; deleted when the wave is counted."""
    key = _derive(settings.SECRET_KEY.encode(), "reminder")
    mark = hmac.new(key, str(invitation_id).encode(), hashlib.sha256).hexdigest()
    return f"survey-reminder:{wave_id}:{mark}"


@dataclass(frozen=True)
class Envelope:
    """What an answer carries until its wave is counted."""

    unit_group: str
    smart_worker: bool
    answers: Mapping[str, object]


def seal(envelope: Envelope, wave_id: int) -> bytes:
    """AES-256-GCM with a key derived from the secret key, bound to the wave (associated data),
    padded to `ENVELOPE_BLOCK`."""
    plain = json.dumps(
        {"u": envelope.unit_group, "s": envelope.smart_worker, "a": dict(envelope.answers)},
        separators=(",", ":"),
    ).encode()
    length = len(plain).to_bytes(4, "big")
    size = -(-(len(plain) + 4) // ENVELOPE_BLOCK) * ENVELOPE_BLOCK
    padded = length + plain + b"\0" * (size - len(plain) - 4)
    nonce = secrets.token_bytes(NONCE_BYTES)
    key = _derive(settings.SECRET_KEY.encode(), "pool")
    return nonce + AESGCM(key).encrypt(nonce, padded, str(wave_id).encode())


def unseal(sealed: bytes, wave_id: int) -> Envelope:
    """Open an envelope (with the secret key or one of its fallbacks, after a rotation)."""
    nonce, body = bytes(sealed[:NONCE_BYTES]), bytes(sealed[NONCE_BYTES:])
    for secret in _keys():
        try:
            padded = AESGCM(_derive(secret, "pool")).decrypt(nonce, body, str(wave_id).encode())
        except InvalidTag:
            continue
        length = int.from_bytes(padded[:4], "big")
        data = json.loads(padded[4 : 4 + length])
        return Envelope(data["u"], data["s"], data["a"])
    raise ValueError("This answer was sealed with a key the site no longer has.")
