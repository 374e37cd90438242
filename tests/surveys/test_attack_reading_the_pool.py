"""Attack: read the pool of answers waiting for their wave to close (in the database, a
replica, a backup, or the dead rows left in PostgreSQL's files after counting), without the
site's secret key. The envelopes show no answer, no unit, no length, and cannot be moved to
another wave."""

from __future__ import annotations

import pytest

from agilepa.surveys.models import PendingAnswer
from agilepa.surveys.sealing import Envelope, seal, unseal
from tests.surveys.helpers import answered_in_order


@pytest.mark.django_db
def test_the_pool_holds_no_readable_answer_and_no_telling_length(world) -> None:
    wave, _tokens, _order = answered_in_order(world, how_many=6)
    sealed = [bytes(p.sealed) for p in PendingAnswer.objects.filter(wave=wave)]
    assert len(sealed) == 6
    groups = {g.encode() for g in wave.invitations.values_list("unit_group", flat=True) if g}
    assert groups
    for blob in sealed:
        for needle in (b"commute", b"who5", b"100", b"car", *groups):
            assert needle not in blob
    assert len({len(b) for b in sealed}) == 1  # padded: a long comment looks like a short one


def test_an_envelope_opens_only_with_the_secret_key_and_for_its_own_wave(settings) -> None:
    envelope = Envelope("Area Servizi", True, {"c": "x" * 1500})
    blob = seal(envelope, wave_id=7)
    assert unseal(blob, wave_id=7) == envelope
    with pytest.raises(ValueError):
        unseal(blob, wave_id=8)  # copied into another wave's pool
    settings.SECRET_KEY = "another-key-as-in-a-stolen-backup-without-the-environment"
    with pytest.raises(ValueError):
        unseal(blob, wave_id=7)
