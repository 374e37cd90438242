"""A person answers a survey in the browser through the link of their invitation, without
logging in; then HR reads the results, where a group this small shows as "fewer than"."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from agilepa.surveys import services
from agilepa.surveys.models import Invitation, Response
from tests.e2e.conftest import axe_violations
from tests.e2e.test_agreement_flow import log_in
from tests.surveys.helpers import access_of


def test_an_invited_person_answers_through_the_link_without_logging_in(
    world, page, browser, live_server
) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    hr = access_of(world)
    survey = services.create_survey(hr, "Benessere e lavoro agile", ["who5", "commute"])
    campaign = services.create_campaign(hr, survey, "Benessere 2027", min_group=3)
    wave = services.add_wave(
        hr, campaign, "baseline", "Prima", today - timedelta(days=1), today + timedelta(days=9)
    )
    token = next(iter(services.send_wave(hr, wave).tokens.values()))

    page.goto(f"/survey/{token}/")
    expect(page.locator("h1")).to_contain_text("Benessere e lavoro agile")
    assert axe_violations(page) == []
    for i in range(1, 6):
        page.locator(f"label[for=who5_{i}_2]").click()  # "Most of the time" (4)
    page.locator("#commute_km").fill("12,5")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#answer-errors")).to_be_visible()  # minutes and mode are missing
    assert not Response.objects.exists()
    assert axe_violations(page) == []
    page.locator("#commute_minutes").fill("35")
    page.locator("label[for=commute_mode_3]").click()  # bus
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#thanks")).to_be_visible()
    assert axe_violations(page) == []

    response = Response.objects.get()
    assert response.answers["who5_1"] == 4 and response.answers["commute_km"] == 12.5
    assert Invitation.objects.filter(used=True).count() == 1
    page.goto(f"/survey/{token}/")
    expect(page.locator("#refused")).to_be_visible()  # once only

    context, hr_page = log_in(browser, live_server, "hr@a.it")
    hr_page.goto(f"/b/{world.a.body.slug}/surveys/campaigns/{campaign.pk}/results/")
    # One respondent, under the campaign's threshold of 3: the wave shows no figure, no chart.
    expect(hr_page.locator(f"#wave-{wave.pk}")).to_be_visible()
    expect(hr_page.locator(f"#wave-{wave.pk} canvas")).to_have_count(0)
    expect(hr_page.locator(f"#wave-{wave.pk} table")).to_have_count(0)
    assert axe_violations(hr_page) == []
    context.close()
