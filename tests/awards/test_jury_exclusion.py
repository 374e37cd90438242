"""A juror from an applying body is excluded from scoring its application: they do not see it
in their list, its page answers 404, and the API refuses the score with the reason."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from agilepa.awards import services
from agilepa.awards.models import Score
from tests.awards.conftest import AFTER, give


def test_the_juror_of_an_applying_body_does_not_see_its_application_in_the_list(contest, client_as):
    client = client_as(contest.juror_b.user)
    page = client.get(reverse("awards:jury_call", args=[contest.call.pk])).content.decode()
    assert f'data-application="{contest.app_u.pk}"' in page
    assert f'data-application="{contest.app_b.pk}"' not in page
    listed = client.get(f"/api/v1/awards/jury/calls/{contest.call.pk}/applications").json()
    assert [a["id"] for a in listed] == [contest.app_u.pk]


def test_the_page_of_ones_own_bodys_application_answers_404(contest, client_as):
    client = client_as(contest.juror_b.user)
    url = reverse("awards:jury_application", args=[contest.call.pk, contest.app_b.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {f"score_{contest.flex}": "10"}).status_code == 404
    assert not Score.objects.exists()


def test_the_api_refuses_a_score_of_ones_own_bodys_application_with_the_reason(contest, client_as):
    client = client_as(contest.juror_b.user)
    url = f"/api/v1/awards/jury/calls/{contest.call.pk}/applications/{contest.app_b.pk}/scores"
    response = client.put(
        url,
        json.dumps({"scores": [{"criterion_id": contest.flex, "value": 10}]}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "excluded" in response.json()["detail"]
    assert contest.world.b.body.name in response.json()["detail"]
    assert not Score.objects.exists()


def test_an_hr_role_in_the_applying_body_excludes_too(contest):
    with pytest.raises(PermissionDenied):
        give(contest.juror_u, contest.app_u, 9, 9, contest)


def test_joining_an_applying_body_after_being_named_excludes_the_juror(contest, world):
    from tests.factories import PersonFactory

    PersonFactory(body=world.b.body, unit=world.b.service, user=contest.juror_x.user)
    with pytest.raises(PermissionDenied):
        give(contest.juror_x, contest.app_b, 5, 5, contest)


def test_a_user_who_is_no_juror_gets_404_on_every_jury_page(contest, client_as):
    client = client_as(contest.hr_b)
    call = contest.call.pk
    assert client.get(reverse("awards:jury_call", args=[call])).status_code == 404
    url = reverse("awards:jury_application", args=[call, contest.app_u.pk])
    assert client.get(url).status_code == 404
    api = f"/api/v1/awards/jury/calls/{call}/applications/{contest.app_u.pk}"
    assert client.get(api).status_code == 404


def test_an_excluded_juror_does_not_lower_the_applications_total(contest):
    # B is scored by the Unione's juror and the expert only; the Unione by B's and the expert.
    give(contest.juror_u, contest.app_b, 8, 6, contest)
    give(contest.juror_x, contest.app_b, 6, 8, contest)
    give(contest.juror_b, contest.app_u, 10, 10, contest)
    give(contest.juror_x, contest.app_u, 4, 4, contest)
    call = services.close_jury(contest.organiser, contest.call, _now(), accept_missing=False)
    from agilepa.awards.selectors import results

    rows = {r["body"]: r for r in results(call).rows()}
    # B: 60 x 7/10 + 40 x 7/10 = 70; the Unione: 60 x 7/10 + 40 x 7/10 = 70
    assert rows[contest.world.b.body.name]["total"] == 70.0
    assert rows["Unione Reno Galliera"]["total"] == 70.0
    assert call.missing_at_close == []


def _now():
    from datetime import UTC, datetime

    return datetime(2026, AFTER.month, AFTER.day, 12, tzinfo=UTC)


def test_an_external_juror_finds_their_calls_from_the_home_page(contest, client_as):
    client = client_as(contest.juror_x.user)
    home = client.get("/", follow=True).content.decode()
    assert reverse("awards:jury") in home
    page = client.get(reverse("awards:jury")).content.decode()
    assert f'data-call="{contest.call.pk}"' in page
