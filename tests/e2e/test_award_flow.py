"""A juror scores an application in the browser (never seeing their own body's), the organiser
closes the jury with the missing scores listed and publishes, and anyone reads the results
without logging in; every page passes the accessibility checks."""

from __future__ import annotations

from playwright.sync_api import expect

from agilepa.awards.models import Score
from agilepa.core.models import User
from tests.awards.conftest import contest  # noqa: F401 - the fixture, shared with tests/awards
from tests.e2e.conftest import axe_violations


def test_a_juror_scores_the_organiser_closes_and_publishes(contest, page, page_as):  # noqa: F811
    call, app_b, app_u = contest.call, contest.app_b, contest.app_u

    juror = page_as(User.objects.get(email="juror@b.it"))
    juror.goto("/awards/jury/")
    juror.locator(f"#calls [data-call='{call.pk}'] a").click()
    expect(juror.locator(f"#applications [data-application='{app_u.pk}']")).to_be_visible()
    expect(juror.locator(f"#applications [data-application='{app_b.pk}']")).to_have_count(0)
    assert axe_violations(juror) == []
    juror.locator(f"#applications [data-application='{app_u.pk}'] a").click()
    expect(juror.locator("#indicators")).to_be_visible()
    assert axe_violations(juror) == []
    juror.locator(f"#id_score_{contest.flex}").fill("11")  # out of the 0-10 scale
    juror.locator("#save-scores").click()
    expect(juror.locator(f"#id_score_{contest.flex}_error")).to_be_visible()
    assert axe_violations(juror) == []
    juror.locator(f"#id_score_{contest.flex}").fill("9")
    juror.locator(f"#id_score_{contest.training}").fill("7")
    juror.locator(f"#id_comment_{contest.flex}").fill("Flessibilità oraria e di luogo ampia")
    juror.locator("#save-scores").click()
    expect(juror.locator(f"#id_score_{contest.flex}")).to_have_value("9")
    juror.context.close()
    assert sorted(Score.objects.values_list("value", flat=True)) == [7, 9]

    organiser = page_as("hr_admin")
    organiser.goto(f"/b/{contest.world.a.body.slug}/awards/{call.pk}/")
    # Eligible pairs: B by the Unione's juror and the expert, the Unione by B's and the expert;
    # only B's juror has scored.
    expect(organiser.locator("#missing li")).to_have_count(3)
    assert axe_violations(organiser) == []
    organiser.locator("label[for=accept-missing]").click()
    organiser.locator("#close-jury button[type=submit]").click()
    expect(organiser.locator("#jury-closed")).to_be_visible()
    expect(organiser.locator(f"#ranking [data-application='{app_u.pk}']")).to_be_visible()
    organiser.locator("#motivation").fill("Un progetto che restituisce autonomia alle persone.")
    organiser.locator("label[for=public]").click()
    organiser.locator("#publish button[type=submit]").click()
    expect(organiser.locator("#public-link")).to_be_visible()
    assert axe_violations(organiser) == []
    organiser.context.close()

    page.goto(f"/awards/results/{call.slug}/")
    expect(page.locator("#ranking")).to_be_visible()
    expect(page.locator("#motivation-text")).to_contain_text("autonomia")
    # The Unione: 60 x 9/10 + 40 x 7/10 = 82 (B has no score: 0).
    expect(
        page.locator(f"#ranking [data-application='{app_u.pk}'] [data-total]")
    ).to_have_attribute("data-total", "82.00")
    assert "juror@b.it" not in page.content()
    assert axe_violations(page) == []
