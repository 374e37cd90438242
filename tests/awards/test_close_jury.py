"""Closing the jury: every eligible juror-application pair scored, or closed explicitly with the
missing scores listed; afterwards no score changes, and the audit record shows who scored what."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agilepa.awards import services
from agilepa.awards.models import ScoreEvent
from tests.awards.conftest import AFTER, give

NOW = datetime(2026, 4, 20, 9, tzinfo=UTC)


def _all_scored(contest):
    give(contest.juror_u, contest.app_b, 8, 6, contest)
    give(contest.juror_x, contest.app_b, 6, 8, contest)
    give(contest.juror_b, contest.app_u, 10, 10, contest)
    give(contest.juror_x, contest.app_u, 4, 4, contest)


def test_closing_with_missing_scores_is_refused_and_lists_them(contest):
    give(contest.juror_x, contest.app_b, 6, 8, contest)
    with pytest.raises(ValidationError) as refused:
        services.close_jury(contest.organiser, contest.call, NOW, accept_missing=False)
    message = refused.value.messages[0]
    assert "3 juror-application pairs" in message
    assert "hr@unione.it" in message and "juror@b.it" in message
    contest.call.refresh_from_db()
    assert not contest.call.jury_closed


def test_the_organiser_closes_anyway_and_the_missing_scores_are_recorded(contest):
    give(contest.juror_x, contest.app_b, 6, 8, contest)
    call = services.close_jury(contest.organiser, contest.call, NOW, accept_missing=True)
    assert call.jury_closed_at == NOW
    assert sorted((m["juror"], m["criteria_missing"]) for m in call.missing_at_close) == [
        ("expert@university.it", 2),
        ("hr@unione.it", 2),
        ("juror@b.it", 2),
    ]


def test_closing_through_the_page_needs_the_explicit_choice(contest, client_as):
    client = client_as(contest.organiser)
    url = reverse("awards:call_organise", args=[contest.world.a.body.slug, contest.call.pk])
    client.post(url, {"action": "close"})
    contest.call.refresh_from_db()
    assert not contest.call.jury_closed
    client.post(url, {"action": "close", "accept_missing": "1"})
    contest.call.refresh_from_db()
    assert contest.call.jury_closed


def test_no_score_changes_after_the_jury_closes(contest, client_as):
    _all_scored(contest)
    services.close_jury(contest.organiser, contest.call, NOW, accept_missing=False)
    with pytest.raises(ValidationError, match="closed"):
        give(contest.juror_x, contest.app_b, 10, 10, contest)
    client = client_as(contest.juror_x.user)
    url = f"/api/v1/awards/jury/calls/{contest.call.pk}/applications/{contest.app_b.pk}/scores"
    response = client.put(
        url,
        json.dumps({"scores": [{"criterion_id": contest.flex, "value": 10}]}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "can no longer change" in response.json()["detail"]


def test_scoring_opens_after_the_applications_close(contest):
    with pytest.raises(ValidationError, match="Scoring opens after"):
        services.score(
            contest.juror_x,
            contest.app_b.pk,
            [services.ScoreIn(contest.flex, 5)],
            contest.call.applications_close,
        )


def test_a_score_outside_the_scale_is_refused_with_the_criterion(contest):
    with pytest.raises(ValidationError, match="Flessibilità: a score goes from 0 to 10, not 11"):
        services.score(
            contest.juror_x, contest.app_b.pk, [services.ScoreIn(contest.flex, 11)], AFTER
        )


def test_every_score_given_is_recorded_with_its_previous_value(contest):
    give(contest.juror_x, contest.app_b, 6, 8, contest)
    give(contest.juror_x, contest.app_b, 7, 8, contest)
    events = list(
        ScoreEvent.objects.filter(criterion_id=contest.flex).values_list(
            "user__email", "value", "previous"
        )
    )
    assert events == [("expert@university.it", 6, None), ("expert@university.it", 7, 6)]


def test_the_organiser_sees_the_audit_after_closing(contest, client_as):
    _all_scored(contest)
    services.close_jury(contest.organiser, contest.call, NOW, accept_missing=False)
    client = client_as(contest.organiser)
    html = client.get(
        reverse("awards:call", args=[contest.world.a.body.slug, contest.call.pk])
    ).content.decode()
    assert 'id="audit"' in html and "expert@university.it" in html
    assert 'data-position="1"' in html


def test_only_the_organiser_closes_the_jury(contest, client_as):
    with pytest.raises(PermissionDenied):
        services.close_jury(contest.hr_b, contest.call, NOW, accept_missing=True)
    response = client_as(contest.hr_b).post(
        f"/api/v1/bodies/c_b/awards/calls/{contest.call.pk}/close-jury",
        json.dumps({"accept_missing": True}),
        content_type="application/json",
    )
    assert response.status_code == 403  # body B sees the call (it applied), organises nothing
    contest.call.refresh_from_db()
    assert not contest.call.jury_closed


def test_a_ranking_with_a_tie_explains_how_it_was_broken(contest, client_as):
    # B: 60 x 7/10 + 40 x 7/10 = 70; the Unione: 60 x 8/10 + 40 x 5.5/10 = 48 + 22 = 70.
    give(contest.juror_u, contest.app_b, 8, 6, contest)
    give(contest.juror_x, contest.app_b, 6, 8, contest)
    give(contest.juror_b, contest.app_u, 8, 6, contest)
    give(contest.juror_x, contest.app_u, 8, 5, contest)
    services.close_jury(contest.organiser, contest.call, NOW, accept_missing=False)
    client = client_as(contest.organiser)
    body = client.get(
        f"/api/v1/bodies/{contest.world.a.body.slug}/awards/calls/{contest.call.pk}/results"
    ).json()
    assert [(r["body"], r["total"], r["position"]) for r in body["ranking"]] == [
        ("Unione Reno Galliera", 70.0, 1),
        (contest.world.b.body.name, 70.0, 2),
    ]
    assert body["ties"] == [
        {
            "first": "Unione Reno Galliera",
            "second": contest.world.b.body.name,
            "total": 70.0,
            "criterion": "Flessibilità",
            "first_mean": 8.0,
            "second_mean": 7.0,
        }
    ]
    html = client.get(
        reverse("awards:call", args=[contest.world.a.body.slug, contest.call.pk])
    ).content.decode()
    assert 'data-tie-criterion="Flessibilità"' in html


def test_applications_equal_on_every_criterion_are_ex_aequo(contest, client_as):
    give(contest.juror_u, contest.app_b, 8, 6, contest)
    give(contest.juror_x, contest.app_b, 6, 8, contest)
    give(contest.juror_b, contest.app_u, 7, 7, contest)
    give(contest.juror_x, contest.app_u, 7, 7, contest)
    services.close_jury(contest.organiser, contest.call, NOW, accept_missing=False)
    body = (
        client_as(contest.organiser)
        .get(f"/api/v1/bodies/{contest.world.a.body.slug}/awards/calls/{contest.call.pk}/results")
        .json()
    )
    assert [r["position"] for r in body["ranking"]] == [1, 1]
    assert all(r["shared"] for r in body["ranking"])
    assert body["ties"][0]["criterion"] is None
