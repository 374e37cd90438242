"""The API of commute profiles, savings and campaigns, with the pages' permissions."""

from __future__ import annotations

import json
from datetime import date

from agilepa.measurement.models import Campaign, CampaignBody, CommuteProfile
from tests.factories import PersonFactory
from tests.measurement.helpers import plan, profile


def test_a_person_declares_their_commute_and_reads_their_savings(world, api_as) -> None:
    client = api_as("employee", token=True)
    base = f"/api/v1/bodies/{world.a.body.slug}"
    response = client.put(
        f"{base}/me/commute", {"distance_km": "12.5", "minutes": 30, "mode": "train"}
    )
    assert response.status_code == 200
    assert response.json()["distance_km"] == 12.5
    plan(world.a.employee_person, {date(2027, 3, 1): "remote"})
    months = client.get(f"{base}/me/savings?year=2027").json()
    assert months == [
        {
            "month": "2027-03",
            "figures": {
                "people": 1,
                "remote_days": 1,
                "coworking_days": 0,
                "days": 1,
                "km": 25.0,
                "hours": 1.0,
                "kg_co2": 0.9,  # 25 km x 0.035 = 0.875, half up
                "eur": 4.0,
            },
        }
    ]


def test_an_unknown_mode_is_a_problem_naming_the_field(world, api_as) -> None:
    client = api_as("employee", token=True)
    response = client.put(
        f"/api/v1/bodies/{world.a.body.slug}/me/commute",
        {"distance_km": "3", "minutes": 10, "mode": "rocket"},
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "mode"
    assert not CommuteProfile.objects.exists()


def test_an_observer_and_hr_get_aggregates_without_small_groups(world, api_as) -> None:
    for _ in range(5):
        person = PersonFactory(body=world.a.body, unit=world.a.service)
        profile(person)
        plan(person, {date(2027, 3, 1): "remote"})
    profile(world.a.outsider)
    plan(world.a.outsider, {date(2027, 3, 1): "remote"})
    found = api_as("observer", token=True).get(
        f"/api/v1/bodies/{world.a.body.slug}/commute-savings?year=2027"
    )
    data = found.json()
    assert [(g["label"], g["figures"]) for g in data["by_unit"] if g["suppressed"]] == [
        ("Area Risorse", None),
        ("Servizio Anagrafe", None),
    ]
    assert data["total"]["people"] == 6
    hr = api_as("hr_admin", token=True).get(
        f"/api/v1/bodies/{world.a.body.slug}/commute-savings?year=2027"
    )
    assert hr.json()["by_unit"] == data["by_unit"]  # HR too (issue 16): the same cells


def test_hr_announces_a_campaign_signs_up_and_people_pledge(world, api_as) -> None:
    base = f"/api/v1/bodies/{world.a.body.slug}"
    hr = api_as("hr_admin", token=True)
    created = hr.post(
        f"{base}/campaigns",
        data=json.dumps(
            {"title": "Giornata", "slug": "giornata", "start": "2030-05-06", "end": "2030-05-06"}
        ),
        content_type="application/json",
    )
    assert created.status_code == 201
    campaign_id = created.json()["id"]
    assert hr.post(f"{base}/campaigns/{campaign_id}/sign-up").json()["signed_up"] is True
    pledged = api_as("employee", token=True).put(
        f"{base}/campaigns/{campaign_id}/my-pledge",
        {"days": ["2030-05-06"]},
    )
    assert pledged.json() == {"days": ["2030-05-06"]}
    results = hr.get(f"{base}/campaigns/{campaign_id}/results").json()
    assert results["bodies_signed_up"] == 1
    assert results["shown"] is False and results["total"] is None
    assert CampaignBody.objects.get().campaign == Campaign.objects.get(slug="giornata")
