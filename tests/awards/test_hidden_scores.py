"""Scores stay hidden from the other jurors, from the applicants and from the organiser's pages
until the jury closes; after that every juror sees them."""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse

from agilepa.awards import services
from tests.awards.conftest import AFTER, give

SECRET = "Progetto eccellente, punteggio pieno"


def _score_with_comment(contest):
    services.score(
        contest.juror_x,
        contest.app_u.pk,
        [
            services.ScoreIn(contest.flex, 9, SECRET),
            services.ScoreIn(contest.training, 3),
        ],
        AFTER,
    )


def test_another_juror_sees_neither_the_score_nor_the_comment(contest, client_as):
    _score_with_comment(contest)
    client = client_as(contest.juror_b.user)
    url = reverse("awards:jury_application", args=[contest.call.pk, contest.app_u.pk])
    page = client.get(url).content.decode()
    assert SECRET not in page
    assert 'id="all-scores"' not in page
    api = client.get(f"/api/v1/awards/jury/calls/{contest.call.pk}/applications/{contest.app_u.pk}")
    assert api.json()["my_scores"] == []
    assert api.json()["all_scores"] is None


def test_the_juror_sees_their_own_scores(contest, client_as):
    _score_with_comment(contest)
    client = client_as(contest.juror_x.user)
    api = client.get(f"/api/v1/awards/jury/calls/{contest.call.pk}/applications/{contest.app_u.pk}")
    mine = {s["criterion_id"]: s["value"] for s in api.json()["my_scores"]}
    assert mine == {contest.flex: 9, contest.training: 3}


def test_applicants_and_the_organiser_see_no_score_before_closing(contest, client_as):
    _score_with_comment(contest)
    for user, body in (
        (contest.hr_u, "u_reno"),
        (contest.organiser, contest.world.a.body.slug),
    ):
        page = client_as(user).get(reverse("awards:call", args=[body, contest.call.pk]))
        html = page.content.decode()
        assert SECRET not in html
        assert 'id="ranking"' not in html
    response = client_as(contest.organiser).get(
        f"/api/v1/bodies/{contest.world.a.body.slug}/awards/calls/{contest.call.pk}/results"
    )
    assert response.status_code == 422


def test_after_closing_the_jurors_see_every_score(contest, client_as):
    _score_with_comment(contest)
    services.close_jury(
        contest.organiser, contest.call, datetime(2026, 4, 20, tzinfo=UTC), accept_missing=True
    )
    client = client_as(contest.juror_b.user)
    url = reverse("awards:jury_application", args=[contest.call.pk, contest.app_u.pk])
    assert SECRET in client.get(url).content.decode()


def test_the_applicant_sees_the_ranking_only_once_public(contest, client_as):
    give(contest.juror_x, contest.app_u, 9, 3, contest)
    call = services.close_jury(
        contest.organiser, contest.call, datetime(2026, 4, 20, tzinfo=UTC), accept_missing=True
    )
    url = reverse("awards:call", args=["u_reno", contest.call.pk])
    assert 'id="ranking"' not in client_as(contest.hr_u).get(url).content.decode()
    services.publish(contest.organiser, call, public=True, motivation="Bravi")
    html = client_as(contest.hr_u).get(url).content.decode()
    assert 'id="ranking"' in html
    assert "expert@university.it" not in html  # no juror-level scores for applicants
