"""Attack: HR (or a manager, an observer) polls the results while a wave is open, right
before and right after a colleague says "I have just answered": the results page, the CSV,
XLSX and PDF exports, the API's results and campaign routes and a public campaign page. The
two snapshots must not differ, and hold no answer at all, until the wave is counted."""

from __future__ import annotations

import math

import pytest
from django.test import Client

from agilepa.surveys import selectors, services
from agilepa.surveys.results import rate_band
from tests.surveys.helpers import DURING, access_of, answered_in_order, count, marked_answers


def _snapshot(world, campaign) -> dict[str, bytes]:
    client = Client()
    client.force_login(world.users["hr_admin"])
    base = f"/b/{world.a.body.slug}/surveys/campaigns/{campaign.pk}"
    api = f"/api/v1/bodies/{world.a.body.slug}/survey-campaigns/{campaign.pk}"
    found = {}
    for name, url in (
        ("page", f"{base}/results/"),
        ("campaign page", f"{base}/"),
        ("csv", f"{base}/results.csv"),
        ("xlsx", f"{base}/results.xlsx"),
        ("api results", f"{api}/results"),
        ("api campaign", api),
    ):
        response = client.get(url)
        assert response.status_code == 200, name
        found[name] = response.content
    found["public scores"] = repr(selectors.public_scores(campaign)).encode()
    return found


def _strip_volatile(name: str, content: bytes) -> bytes:
    """The pages carry a fresh CSRF token and the XLSX its creation time; nothing else may
    change."""
    if name == "xlsx":
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content)).active
        return repr(list(sheet.iter_rows(values_only=True))).encode()
    import re

    content = re.sub(rb'"X-CSRFToken": *"[^"]+"', b"", content)
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


@pytest.mark.django_db
def test_polling_around_one_new_answer_shows_nothing_of_it(world) -> None:
    wave, tokens, _order = answered_in_order(world, how_many=0)
    campaign = wave.campaign
    invited = wave.invited
    # Enough answers for every figure (k = 3), and one more that does not move the band.
    first = math.ceil(invited * 0.5)
    assert first >= 3 and rate_band(first, invited) == rate_band(first + 1, invited)
    waiting = [t for p, t in sorted(tokens.items())]
    for i, token in enumerate(waiting[:first]):
        services.submit(token, marked_answers(100 + i), today=DURING)
    before = _snapshot(world, campaign)
    services.submit(waiting[first], marked_answers(499), today=DURING)
    after = _snapshot(world, campaign)
    for name in before:
        assert _strip_volatile(name, before[name]) == _strip_volatile(name, after[name]), name
    # Not even the answers already given: only the band.
    assert b"100" not in after["csv"] and b"WHO-5" not in after["csv"]
    assert b"50-74" in after["csv"] and b"50-74 percent" in after["page"]
    assert b"50-74%" in after["campaign page"]
    assert after["public scores"] == b"[]"
    results = selectors.results_for(access_of(world), campaign)
    (shown,) = results.waves
    assert shown.open and shown.suppressed and results.shown_groups() == []

    count(wave)  # the wave closed: now the results show, all at once
    results = selectors.results_for(access_of(world), campaign)
    assert results.waves[0].responded == first + 1
    assert selectors.public_scores(campaign) != []


@pytest.mark.django_db
def test_the_pdf_of_an_open_wave_has_no_figure(world) -> None:
    wave, _tokens, _order = answered_in_order(world, how_many=5)
    client = Client()
    client.force_login(world.users["observer"])
    pdf = client.get(f"/b/{world.a.body.slug}/surveys/campaigns/{wave.campaign.pk}/results.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    context = client.get(f"/b/{world.a.body.slug}/surveys/campaigns/{wave.campaign.pk}/results/")
    assert context.context["results"].waves[0].open
