"""The public results page: no login, the ranking, totals per criterion and the jury's
motivation; no juror-level score, no comment, no person; only once the organiser publishes."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import Client
from django.urls import reverse

from agilepa.awards import services
from tests.awards.conftest import give


def _closed(contest):
    give(contest.juror_u, contest.app_b, 8, 6, contest)
    give(contest.juror_x, contest.app_b, 6, 8, contest)
    give(contest.juror_b, contest.app_u, 10, 10, contest)
    give(contest.juror_x, contest.app_u, 4, 4, contest)
    return services.close_jury(
        contest.organiser, contest.call, datetime(2026, 4, 20, tzinfo=UTC), accept_missing=False
    )


def test_the_results_are_not_public_until_the_organiser_publishes(contest):
    url = reverse("awards:public_results", args=[contest.call.slug])
    assert Client().get(url).status_code == 404
    _closed(contest)
    assert Client().get(url).status_code == 404
    assert Client().get(f"/api/v1/awards/results/{contest.call.slug}").status_code == 404


def test_results_cannot_be_published_before_the_jury_closes(contest):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="once the jury is closed"):
        services.publish(contest.organiser, contest.call, public=True)


def test_the_public_page_shows_ranking_totals_and_motivation_without_personal_data(contest):
    call = _closed(contest)
    services.publish(
        contest.organiser, call, public=True, motivation="Un progetto esemplare di flessibilità."
    )
    response = Client().get(reverse("awards:public_results", args=[call.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Un progetto esemplare di flessibilità." in html
    # The Unione: 60 x (10+4)/2/10 + 40 x 7/10 = 70; B: 60 x 7/10 + 40 x 7/10 = 70: ex aequo.
    assert html.count('data-total="70.00"') == 2
    for private in ("juror@b.it", "hr@unione.it", "expert@university.it", ">ok<", 'id="audit"'):
        assert private not in html
    api = Client().get(f"/api/v1/awards/results/{call.slug}").json()
    assert [r["total"] for r in api["results"]["ranking"]] == [70.0, 70.0]
    assert "@" not in str(api)
