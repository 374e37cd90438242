"""A person answers a survey in the browser through the link of their invitation, without
logging in: the link carries the code in its fragment, which a static script POSTs, so the
address the server sees never holds it. While the wave is open HR sees only the response-rate
band; once it is counted, a group this small shows as "fewer than"."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from agilepa.surveys import services
from agilepa.surveys.models import PendingAnswer, Response, SpentToken
from tests.e2e.conftest import axe_violations
from tests.surveys.helpers import access_of


def test_an_invited_person_answers_through_the_link_without_logging_in(
    world, page, page_as
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

    seen: list[tuple[str, str]] = []
    page.on("request", lambda request: seen.append((request.url, request.post_data or "")))
    page.goto(f"/survey/#t={token}")  # the e-mail's link
    expect(page.locator("h1")).to_contain_text("Benessere e lavoro agile")
    assert token not in page.url  # out of the address bar and the history
    assert axe_violations(page) == []
    for i in range(1, 6):
        page.locator(f"label[for=who5_{i}_2]").click()  # "Most of the time" (4)
    page.locator("#commute_km").fill("12,5")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#answer-errors")).to_be_visible()  # minutes and mode are missing
    assert not PendingAnswer.objects.exists()
    assert axe_violations(page) == []
    page.locator("#commute_minutes").fill("35")
    page.locator("label[for=commute_mode_3]").click()  # bus
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#thanks")).to_be_visible()
    assert axe_violations(page) == []

    assert PendingAnswer.objects.count() == SpentToken.objects.count() == 1
    assert not Response.objects.exists()  # sealed in the pool until the wave is counted
    page.goto(f"/survey/#t={token}")
    expect(page.locator("#refused")).to_be_visible()  # once only
    # The code travelled only in the bodies of POSTs, never in an address.
    assert any(token in body for _url, body in seen)
    assert not any(token in url.split("#")[0] for url, _body in seen)

    hr_page = page_as("hr_admin")
    results = f"/b/{world.a.body.slug}/surveys/campaigns/{campaign.pk}/results/"
    hr_page.goto(results)
    expect(hr_page.locator(f"#wave-{wave.pk} .wave-open")).to_be_visible()  # the band only
    assert axe_violations(hr_page) == []
    assert services.count_wave(wave.pk, today=wave.closes_on + timedelta(days=1)) == 1
    assert Response.objects.get().answers["commute_km"] == 12.5
    hr_page.goto(results)
    # One respondent, under the campaign's threshold of 3: the wave shows no figure, no chart.
    expect(hr_page.locator(f"#wave-{wave.pk}")).to_be_visible()
    expect(hr_page.locator(f"#wave-{wave.pk} .wave-open")).to_have_count(0)
    expect(hr_page.locator(f"#wave-{wave.pk} canvas")).to_have_count(0)
    expect(hr_page.locator(f"#wave-{wave.pk} table")).to_have_count(0)
    assert axe_violations(hr_page) == []
