"""A city announces smart-working days, bodies sign up, people pledge, the results are made
public with open data and no personal data."""

from __future__ import annotations

import csv
from datetime import date
from io import StringIO

import pytest

from agilepa.core.models import RoleKind
from agilepa.measurement.models import Campaign, CampaignBody, Pledge
from agilepa.org.models import BodyKind
from tests.factories import BodyFactory, PersonFactory, UserFactory, grant
from tests.measurement.helpers import actual, profile

START, END = date(2030, 5, 6), date(2030, 5, 10)


@pytest.fixture
def campaign(world, client_as) -> Campaign:
    response = client_as("hr_admin").post(
        f"/b/{world.a.body.slug}/campaigns/new/",
        {
            "title": "Settimana del lavoro agile",
            "slug": "settimana-2030",
            "start": "2030-05-06",
            "end": "2030-05-10",
            "description": "",
        },
    )
    assert response.status_code == 302
    return Campaign.objects.get(slug="settimana-2030")


def _pledges(body, people: int, km: str = "10") -> list:
    found = []
    for _ in range(people):
        person = PersonFactory(body=body)
        profile(person, km=km, minutes=20, mode="car_petrol")
        Pledge.objects.create(campaign=Campaign.objects.get(), person=person, date=START)
        found.append(person)
    return found


def test_a_body_signs_up_and_a_person_pledges_days(world, campaign, client_as) -> None:
    body = world.a.body
    hr = client_as("hr_admin")
    assert hr.post(f"/b/{body.slug}/campaigns/{campaign.pk}/join/").status_code == 302
    assert CampaignBody.objects.filter(campaign=campaign, body=body).exists()
    employee = client_as("employee")
    response = employee.post(
        f"/b/{body.slug}/campaigns/{campaign.pk}/pledge/", {"day": ["2030-05-06", "2030-05-08"]}
    )
    assert response.status_code == 302
    assert sorted(
        Pledge.objects.filter(person=world.a.employee_person).values_list("date", flat=True)
    ) == [date(2030, 5, 6), date(2030, 5, 8)]


def test_a_person_cannot_pledge_before_the_body_signs_up(world, campaign, client_as) -> None:
    employee = client_as("employee")
    response = employee.post(
        f"/b/{world.a.body.slug}/campaigns/{campaign.pk}/pledge/",
        {"day": ["2030-05-06"]},
        follow=True,
    )
    assert "Your body has not signed up" in response.content.decode()
    assert not Pledge.objects.exists()


def test_a_weekend_day_is_not_a_day_of_the_campaign(world, campaign, client_as) -> None:
    CampaignBody.objects.create(campaign=campaign, body=world.a.body)
    employee = client_as("employee")
    response = employee.post(
        f"/b/{world.a.body.slug}/campaigns/{campaign.pk}/pledge/",
        {"day": ["2030-05-11"]},
        follow=True,
    )
    assert "11/05/2030 is not a day of the campaign" in response.content.decode()


def test_a_network_campaign_is_for_the_networks_bodies_only(world, client_as) -> None:
    private = BodyFactory(kind=BodyKind.PRIVATE, ipa_code=None, slug="azienda")
    hr = UserFactory()
    grant(hr, RoleKind.HR_ADMIN, body=private)
    Campaign.objects.create(
        organiser=world.a.body,
        network=world.network,
        title="Rete",
        slug="rete",
        start=START,
        end=END,
    )
    city = Campaign.objects.create(
        organiser=world.a.body, title="Città", slug="citta", start=START, end=END
    )
    page = client_as(hr).get("/b/azienda/campaigns/").content.decode()
    assert "Città" in page and "Rete" not in page
    assert client_as(hr).post(f"/b/azienda/campaigns/{city.pk}/join/").status_code == 302
    assert CampaignBody.objects.filter(body=private, campaign=city).exists()


def test_results_count_pledged_days_unless_the_actuals_say_office(world, campaign) -> None:
    CampaignBody.objects.create(campaign=campaign, body=world.a.body)
    people = _pledges(world.a.body, 6)
    actual(people[0], START, "office")
    from agilepa.measurement.campaigns import results

    found = results(campaign)
    assert found.shown
    assert found.total.days == 5
    assert found.total.km == 100
    assert len(found.total.people) == 5


def test_the_public_results_name_no_person_and_group_small_bodies(world, campaign) -> None:
    small = BodyFactory(kind=BodyKind.PRIVATE, ipa_code=None, slug="piccola", name="Piccola Srl")
    other = BodyFactory(kind=BodyKind.PRIVATE, ipa_code=None, slug="altra", name="Altra Srl")
    for body in (world.a.body, small, other):
        CampaignBody.objects.create(campaign=campaign, body=body)
    people = _pledges(world.a.body, 6) + _pledges(small, 3) + _pledges(other, 3)
    campaign.results_public = True
    campaign.save()
    from django.test import Client

    response = Client().get(f"/campaigns/{campaign.slug}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert world.a.body.name in text
    assert "Piccola Srl" not in text  # three participants: with the other small bodies
    assert "Other bodies (fewer than 5 participants each)" in text
    for person in people:
        assert person.last_name not in text
    rows = list(
        csv.reader(
            StringIO(Client().get(f"/campaigns/{campaign.slug}/results.csv").content.decode())
        )
    )
    assert rows[0] == [
        "campaign",
        "first_day",
        "last_day",
        "body",
        "ipa_code",
        "body_kind",
        "participants",
        "days",
        "km_saved",
        "hours_saved",
        "kg_co2_saved",
    ]
    bodies = {r[3]: r for r in rows[1:]}
    assert set(bodies) == {world.a.body.name, "OTHER", "TOTAL"}
    assert bodies["OTHER"][6:9] == ["6", "6", "120.0"]
    assert bodies["TOTAL"][6:9] == ["12", "12", "240.0"]


def test_results_not_made_public_are_not_found(world, campaign) -> None:
    from django.test import Client

    assert Client().get(f"/campaigns/{campaign.slug}/").status_code == 404
    assert Client().get(f"/campaigns/{campaign.slug}/results.csv").status_code == 404


def test_with_fewer_than_five_participants_no_figure_is_published(world, campaign) -> None:
    CampaignBody.objects.create(campaign=campaign, body=world.a.body)
    _pledges(world.a.body, 3)
    campaign.results_public = True
    campaign.save()
    from django.test import Client

    text = Client().get(f"/campaigns/{campaign.slug}/").content.decode()
    assert "The figures are shown once at least 5 people take part." in text
    rows = list(
        csv.reader(
            StringIO(Client().get(f"/campaigns/{campaign.slug}/results.csv").content.decode())
        )
    )
    assert len(rows) == 1


def test_the_results_show_the_scores_of_the_campaigns_survey_only_with_enough_answers(
    world, campaign, client_as
) -> None:
    from agilepa.measurement.campaigns import results
    from agilepa.surveys.models import Response
    from tests.surveys.helpers import DURING, campaign_with_wave, who5_answers

    survey, wave = campaign_with_wave(world, instruments=("who5",))
    form = {
        "title": campaign.title,
        "slug": campaign.slug,
        "start": "2030-05-06",
        "end": "2030-05-10",
        "description": "",
        "survey_campaign": survey.pk,
    }
    saved = client_as("hr_admin").post(
        f"/b/{world.a.body.slug}/campaigns/{campaign.pk}/edit/", form
    )
    assert saved.status_code == 302
    campaign.refresh_from_db()
    assert campaign.survey_campaign == survey
    wave.counted_on = DURING  # counted (tests/surveys/helpers.count): results may show
    wave.save()
    for level in (3, 3, 4, 4):  # four answers: under the threshold of 5
        Response.objects.create(
            wave=wave,
            unit_group="Area",
            smart_worker=True,
            submitted_on=DURING,
            answers=who5_answers(level),
        )
    assert results(campaign).survey_highlights == []
    Response.objects.create(
        wave=wave,
        unit_group="Area",
        smart_worker=True,
        submitted_on=DURING,
        answers=who5_answers(5),
    )
    (highlight,) = results(campaign).survey_highlights
    # WHO-5: raw 15, 15, 20, 20, 25 (x4) -> 60, 60, 80, 80, 100: mean 76.
    assert highlight["respondents"] == 5
    assert highlight["answer"].startswith("76.0 (95 % CI")
    assert "WHO-5" in highlight["question"]


def test_a_campaign_cannot_show_another_bodys_survey(world, campaign, client_as) -> None:
    from tests.surveys.helpers import campaign_with_wave

    survey, _wave = campaign_with_wave(world, instruments=("who5",))
    survey.body = world.b.body
    survey.save()
    refused = client_as("hr_admin").post(
        f"/b/{world.a.body.slug}/campaigns/{campaign.pk}/edit/",
        {
            "title": campaign.title,
            "slug": campaign.slug,
            "start": "2030-05-06",
            "end": "2030-05-10",
            "survey_campaign": survey.pk,
        },
    )
    assert refused.status_code == 422
    campaign.refresh_from_db()
    assert campaign.survey_campaign is None


def test_the_open_data_csv_keeps_a_body_name_that_looks_like_a_formula_as_text(
    world, campaign
) -> None:
    from django.test import Client

    for name in ("+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0"):
        world.a.body.name = name
        world.a.body.save(update_fields=["name"])
        if not CampaignBody.objects.filter(campaign=campaign).exists():
            CampaignBody.objects.create(campaign=campaign, body=world.a.body)
            _pledges(world.a.body, 6)
            campaign.results_public = True
            campaign.save()
        text = Client().get(f"/campaigns/{campaign.slug}/results.csv").content.decode()
        bodies = [row[3] for row in csv.reader(StringIO(text))]
        assert "'" + name in bodies and name not in bodies


def test_results_sum_each_persons_days_with_their_bodys_factors(world, campaign) -> None:
    """Several days a person, two bodies (one with its own factor), a day in the office, a
    person without a commute profile: the figures are those of the days one by one."""
    from decimal import Decimal

    from agilepa.measurement.campaigns import results
    from agilepa.measurement.factors import Factor
    from agilepa.measurement.models import ModeFactor
    from agilepa.measurement.savings import Commute, Tally, factor_of, remote_day

    other = BodyFactory(kind=BodyKind.PRIVATE, ipa_code=None, slug="altra", name="Altra Srl")
    for body in (world.a.body, other):
        CampaignBody.objects.create(campaign=campaign, body=body)
    ModeFactor.objects.create(
        body=other, mode="car_petrol", kg_co2_per_km="0.5", eur_per_km="0.4", ticket_eur="0"
    )
    days = [START, date(2030, 5, 7), date(2030, 5, 8)]
    people = []
    for body, km in ((world.a.body, "12.5"), (other, "7.3")):
        for n in range(5):
            person = PersonFactory(body=body)
            profile(person, km=km, minutes=20 + n, mode="car_petrol")
            for day in days:
                Pledge.objects.create(campaign=campaign, person=person, date=day)
            people.append(person)
    actual(people[0], START, "office")
    actual(people[1], START, "remote")  # a remote day counts
    unprofiled = PersonFactory(body=other)
    Pledge.objects.create(campaign=campaign, person=unprofiled, date=START)
    Pledge.objects.create(campaign=campaign, person=PersonFactory(), date=START)  # not signed

    found = results(campaign)

    expected: dict[int, Tally] = {world.a.body.pk: Tally(), other.pk: Tally()}
    overrides = {other.pk: {"car_petrol": Factor(Decimal("0.5"), Decimal("0.4"), Decimal(0))}}
    for index, person in enumerate(people):
        commute = Commute(Decimal("12.5" if index < 5 else "7.3"), 20 + index % 5, "car_petrol")
        for day in days:
            if index == 0 and day == START:
                continue
            tally = remote_day(commute, factor_of("car_petrol", overrides.get(person.body_id)))
            tally.people.add(person.pk)
            expected[person.body_id].add(tally)
    expected[other.pk].add(Tally(remote_days=1, people={unprofiled.pk}))
    by_name = {row.name: row.tally for row in found.by_body}
    assert by_name == {world.a.body.name: expected[world.a.body.pk], other.name: expected[other.pk]}
    assert found.total.days == 5 * 3 - 1 + 5 * 3 + 1
    assert found.without_profile == 1


def test_results_take_the_same_queries_however_many_pledge(
    world, campaign, django_assert_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from agilepa.measurement.campaigns import results

    CampaignBody.objects.create(campaign=campaign, body=world.a.body)
    _pledges(world.a.body, 5)
    with CaptureQueriesContext(connection) as few:
        results(campaign)
    other = BodyFactory(slug="altra")
    CampaignBody.objects.create(campaign=campaign, body=other)
    for person in _pledges(world.a.body, 10) + _pledges(other, 10):
        actual(person, START, "office")
        Pledge.objects.create(campaign=campaign, person=person, date=date(2030, 5, 7))
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(results(campaign).total.people) == 25
