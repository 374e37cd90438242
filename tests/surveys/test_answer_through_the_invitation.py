"""An invited person answers once through the link, without logging in; the answer keeps no
trace of who gave it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from agilepa.surveys import services
from agilepa.surveys.models import Invitation, PendingAnswer, Response, SpentToken
from tests.surveys.helpers import (
    DURING,
    access_of,
    campaign_with_wave,
    count,
    open_survey,
    send_answers,
    staff,
    who5_answers,
)


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
    with_address = [m for m in mail.outbox if "/survey/#t=" in m.body]
    assert len(with_address) == world.a.body.people.exclude(email="").count()
    # The token in the link's fragment, which browsers never send to the server.
    assert all(
        any(f"/survey/#t={t}" in m.body for t in result.tokens.values()) for m in with_address
    )
    stored = "".join(Invitation.objects.values_list("token_hash", flat=True))
    assert not any(t in stored for t in result.tokens.values())  # only hashes are kept


def test_a_wave_is_sent_once(world, sent) -> None:
    _campaign, wave, _result = sent
    wave.refresh_from_db()
    with pytest.raises(Exception, match="already been sent"):
        services.send_wave(access_of(world), wave)


def test_the_code_opens_the_survey_without_a_login_and_answers_once(
    world, sent, monkeypatch
) -> None:
    _campaign, wave, result = sent
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: DURING)
    token = next(iter(result.tokens.values()))
    client = Client()
    landing = client.get("/survey/")
    assert landing.status_code == 200
    assert "surveys/answer.js" in landing.content.decode()  # reads the code from the fragment
    page = open_survey(client, token)
    assert page.status_code == 200
    assert "I have felt cheerful and in good spirits" in page.content.decode()
    response = send_answers(client, token, who5_answers(4))
    assert response.status_code == 302 and response["Location"] == "/survey/thanks/"
    # In the sealed pool until the wave is counted; the response appears only then.
    assert PendingAnswer.objects.filter(wave=wave).count() == 1
    assert not Response.objects.exists()
    again = send_answers(client, token, who5_answers(4))
    assert again.status_code == 410
    assert open_survey(client, token).status_code == 410
    assert PendingAnswer.objects.filter(wave=wave).count() == SpentToken.objects.count() == 1
    assert count(wave) == 1
    assert Response.objects.get(wave=wave).answers["who5_1"] == 4


def test_missing_answers_are_asked_again_and_nothing_is_recorded(sent, monkeypatch) -> None:
    _campaign, _wave, result = sent
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: DURING)
    token = next(iter(result.tokens.values()))
    answers = who5_answers(4)
    del answers["who5_2"]
    page = send_answers(Client(), token, answers)
    assert page.status_code == 422
    assert "This question needs an answer." in page.content.decode()
    assert not PendingAnswer.objects.exists() and not SpentToken.objects.exists()


def test_an_unknown_code_and_a_closed_wave_are_refused(sent, monkeypatch) -> None:
    _campaign, _wave, result = sent
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: DURING)
    assert open_survey(Client(), "not-a-token").status_code == 410
    assert open_survey(Client(), "").status_code == 410
    with pytest.raises(services.InvitationRefused):
        services.submit(
            next(iter(result.tokens.values())), who5_answers(3), today=DURING.replace(month=3)
        )


def test_the_api_answers_with_the_token_in_the_body_alone(sent, monkeypatch) -> None:
    _campaign, _wave, result = sent
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: DURING)
    token = next(iter(result.tokens.values()))
    client = Client()

    def post(path: str, data: dict[str, object]):
        return client.post(path, data, content_type="application/json")

    survey = post("/api/v1/survey-answers/open", {"token": token})
    assert survey.status_code == 200
    assert survey.json()["survey"]["sections"][0]["code"] == "who5"
    posted = post("/api/v1/survey-answers", {"token": token, "answers": who5_answers(5)})
    assert posted.status_code == 201
    assert post("/api/v1/survey-answers/open", {"token": token}).status_code == 410
    assert post("/api/v1/survey-answers", {"token": token, "answers": {}}).status_code == 410
    assert post("/api/v1/survey-answers", {"token": "nope", "answers": {}}).status_code == 410


def test_a_response_holds_nothing_that_links_it_to_its_invitation(sent) -> None:
    _campaign, wave, result = sent
    tokens = list(result.tokens.values())
    for token in tokens[:2]:
        services.submit(token, who5_answers(3), today=DURING)
    count(wave)
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {"id", "wave", "unit_group", "smart_worker", "submitted_on", "answers"}
    assert not any(
        f.is_relation and f.related_model in (Response, PendingAnswer, SpentToken)
        for f in Invitation._meta.get_fields()
    )
    # Random ids and the wave's day: neither the order nor the moment matches the invitations.
    assert all(r.id.version == 4 for r in Response.objects.all())
    assert {r.submitted_on for r in Response.objects.all()} == {wave.closes_on}
    # The invitation says neither whether nor when it was used or reminded.
    names = {f.name for f in Invitation._meta.get_fields()}
    assert not names & {"used", "used_at", "reminded_on"}


def test_an_invitation_handed_in_is_taken_only_for_its_own_token_and_checked_all_the_same(
    sent,
) -> None:
    _campaign, wave, result = sent
    (first, token), (second, other_token) = list(result.tokens.items())[:2]
    held = Invitation.objects.select_related("wave__campaign__survey").get(
        wave=wave, person_id=first
    )
    # Another person's token is looked up, not answered as `held`.
    assert services.invitation_for_token(other_token, DURING, held=held).person_id == second
    with pytest.raises(services.InvitationRefused):
        services.invitation_for_token("not-a-token", DURING, held=held)
    with pytest.raises(services.InvitationRefused):  # closed: the dates are checked
        services.submit(token, who5_answers(3), today=DURING.replace(month=3), invitation=held)
    services.submit(token, who5_answers(3), today=DURING, invitation=held)
    assert PendingAnswer.objects.filter(wave=wave).count() == 1
    with pytest.raises(services.InvitationRefused):
        services.submit(token, who5_answers(3), today=DURING, invitation=held)
