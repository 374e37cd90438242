"""An invited person answers once through the link, without logging in; the answer keeps no
trace of who gave it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from agilepa.surveys import services
from agilepa.surveys.models import Invitation, Response
from tests.surveys.helpers import DURING, access_of, campaign_with_wave, staff, who5_answers


@pytest.fixture
def sent(world, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    staff(world, smart=3, others=3)
    campaign, wave = campaign_with_wave(world)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_wave(access_of(world), wave)
    return campaign, wave, sent


def test_sending_a_wave_invites_everyone_of_the_body_by_e_mail(world, sent) -> None:
    _campaign, wave, result = sent
    people = world.a.body.people.filter(is_active=True).count()
    assert result.invited == people == Invitation.objects.filter(wave=wave).count()
    with_address = [m for m in mail.outbox if "/survey/" in m.body]
    assert len(with_address) == world.a.body.people.exclude(email="").count()
    assert all(any(t in m.body for t in result.tokens.values()) for m in with_address)
    stored = "".join(Invitation.objects.values_list("token_hash", flat=True))
    assert not any(t in stored for t in result.tokens.values())  # only hashes are kept


def test_a_wave_is_sent_once(world, sent) -> None:
    _campaign, wave, _result = sent
    wave.refresh_from_db()
    with pytest.raises(Exception, match="already been sent"):
        services.send_wave(access_of(world), wave)


def test_the_link_opens_the_survey_without_a_login_and_answers_once(
    world, sent, monkeypatch
) -> None:
    _campaign, wave, result = sent
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: DURING)
    token = next(iter(result.tokens.values()))
    client = Client()
    page = client.get(f"/survey/{token}/")
    assert page.status_code == 200
    assert "I have felt cheerful and in good spirits" in page.content.decode()
    response = client.post(f"/survey/{token}/", who5_answers(4))
    assert response.status_code == 302 and response["Location"] == "/survey/thanks/"
    assert Response.objects.filter(wave=wave).count() == 1
    again = client.post(f"/survey/{token}/", who5_answers(4))
    assert again.status_code == 410
    assert Response.objects.filter(wave=wave).count() == 1


def test_missing_answers_are_asked_again_and_nothing_is_recorded(sent, monkeypatch) -> None:
    _campaign, _wave, result = sent
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: DURING)
    token = next(iter(result.tokens.values()))
    answers = who5_answers(4)
    del answers["who5_2"]
    page = Client().post(f"/survey/{token}/", answers)
    assert page.status_code == 422
    assert "This question needs an answer." in page.content.decode()
    assert not Response.objects.exists()
    assert not Invitation.objects.filter(used=True).exists()


def test_an_unknown_link_and_a_closed_wave_are_refused(sent, monkeypatch) -> None:
    _campaign, _wave, result = sent
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: DURING)
    assert Client().get("/survey/not-a-token/").status_code == 410
    with pytest.raises(services.InvitationRefused):
        services.submit(
            next(iter(result.tokens.values())), who5_answers(3), today=DURING.replace(month=3)
        )


def test_the_api_answers_with_the_token_alone(sent, monkeypatch) -> None:
    _campaign, _wave, result = sent
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: DURING)
    token = next(iter(result.tokens.values()))
    client = Client()
    survey = client.get(f"/api/v1/survey-answers/{token}")
    assert survey.status_code == 200
    assert survey.json()["survey"]["sections"][0]["code"] == "who5"
    posted = client.post(
        f"/api/v1/survey-answers/{token}",
        {"answers": who5_answers(5)},
        content_type="application/json",
    )
    assert posted.status_code == 201
    assert client.get(f"/api/v1/survey-answers/{token}").status_code == 410
    bad = client.post(
        "/api/v1/survey-answers/nope", {"answers": {}}, content_type="application/json"
    )
    assert bad.status_code == 410


def test_a_response_holds_nothing_that_links_it_to_its_invitation(sent) -> None:
    _campaign, _wave, result = sent
    tokens = list(result.tokens.values())
    for token in tokens[:2]:
        services.submit(token, who5_answers(3), today=DURING)
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {"id", "wave", "unit_group", "smart_worker", "submitted_on", "answers"}
    assert not any(
        f.is_relation and f.related_model is Response for f in Invitation._meta.get_fields()
    )
    # Random ids and a day, no time: neither the order nor the moment matches the invitations.
    assert all(r.id.version == 4 for r in Response.objects.all())
    assert {f.name for f in Invitation._meta.get_fields()} >= {"used"}
    assert "used_at" not in {f.name for f in Invitation._meta.get_fields()}
