"""Attack: a person answered a survey; their export, by themselves or by HR, holds nothing of
the answer (surveys are anonymous by design, docs/surveys.md), and says so."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from agilepa.surveys.models import Invitation, PendingAnswer, Response, SpentToken
from tests.surveys.helpers import answered_in_order, count

pytestmark = pytest.mark.django_db


def test_the_export_of_a_person_who_answered_holds_nothing_of_the_answer(world) -> None:
    wave, tokens, order = answered_in_order(world, how_many=6)
    count(wave)
    assert Response.objects.filter(wave=wave).count() == 6
    person_id = order[0]
    person = world.a.employee_person.__class__.objects.get(pk=person_id)
    person.user = world.users["employee"]
    world.a.employee_person.user = None
    world.a.employee_person.save(update_fields=["user"])
    person.save(update_fields=["user"])

    client = Client()
    client.force_login(world.users["employee"])
    raw = client.get(f"/b/{world.a.body.slug}/me/data/export.json").content.decode()
    data = json.loads(raw)

    # Invited, which the platform knows: listed, with the note that answers are not.
    (row,) = data["sections"]["survey_invitations"]["rows"]
    assert row["wave"] == wave.label
    assert "anonymous by design" in data["not_included"]["survey_answers"]
    # Nothing of any answer, nor what would link one to them.
    for question in ("who5_1", "wlb_1", "commute_km", "commute_mode"):
        assert question not in raw
    for response in Response.objects.all():
        assert str(response.pk) not in raw
    for mark in SpentToken.objects.values_list("mark", flat=True):
        assert mark not in raw
    invitation = Invitation.objects.get(wave=wave, person_id=person_id)
    assert invitation.token_hash not in raw and invitation.salt not in raw
    assert tokens[person_id] not in raw
    assert "unit_group" not in raw and "smart_worker" not in raw
    assert not PendingAnswer.objects.exists()


def test_hr_export_of_a_person_who_answered_holds_nothing_of_the_answer(world) -> None:
    _wave, tokens, order = answered_in_order(world, how_many=3)
    client = Client()
    client.force_login(world.users["hr_admin"])
    response = client.post(
        f"/b/{world.a.body.slug}/people/{order[0]}/data/",
        {"kind": "access", "received_on": date(2027, 2, 22), "format": "json"},
    )
    assert response.status_code == 200
    raw = response.content.decode()
    for question in ("who5_1", "wlb_1", "commute_km"):
        assert question not in raw
    for pending in PendingAnswer.objects.all():
        assert bytes(pending.sealed).hex()[:32] not in raw
    assert tokens[order[0]] not in raw
