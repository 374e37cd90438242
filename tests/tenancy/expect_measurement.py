"""Tenancy expectations of the commute and campaign routes (see extensions.py)."""

from __future__ import annotations

from datetime import date

from agilepa.measurement.models import Campaign, CampaignBody, CommuteProfile, ModeFactor, Pledge

HR = {"hr_admin", "platform_admin"}
BODY_ROLES = {"employee", "manager", "hr_admin", "observer", "platform_admin"}
PEOPLE = {"employee", "manager"}
# Aggregates only: observers (CUG/RSU) and managers see no group under 5 people; HR sees all.
AGGREGATES = {"manager", "hr_admin", "observer", "platform_admin"}
COORDINATORS = {"coordinator", "platform_admin"}

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    "measurement:mine": ("get", PEOPLE),
    "measurement:body": ("get", AGGREGATES),
    "measurement:export": ("get", AGGREGATES),
    "measurement:factors": ("get", HR),
    # The outsider's profile: HR only (a manager does not see a colleague's commute).
    "measurement:person": ("get", HR),
    "measurement:network": ("get", COORDINATORS),
    "measurement:campaigns": ("get", BODY_ROLES),
    "measurement:campaign_new": ("get", HR),
    "measurement:campaign": ("get", BODY_ROLES),
    "measurement:campaign_edit": ("get", HR),
    "measurement:campaign_join": ("post", HR),
    # A person pledges their own days (the body has not signed up: a message, then back).
    "measurement:campaign_pledge": ("post", PEOPLE),
}
# The public results of a campaign made public, and their open data: no personal data.
UNSCOPED = {"measurement:public_results", "measurement:public_csv"}

A = "/api/v1/bodies/{body}"
API_EXPECT: dict[str, set[str]] = {
    f"GET {A}/me/commute": PEOPLE,
    f"PUT {A}/me/commute": PEOPLE,
    f"GET {A}/people/{{person_id}}/commute": HR,
    f"PUT {A}/people/{{person_id}}/commute": HR,
    f"GET {A}/me/savings": PEOPLE,
    f"GET {A}/commute-savings": AGGREGATES,
    "GET /api/v1/networks/{network}/commute-savings": COORDINATORS,
    f"GET {A}/campaigns": BODY_ROLES,
    f"POST {A}/campaigns": HR,
    f"POST {A}/campaigns/{{campaign_id}}/sign-up": HR,
    f"PUT {A}/campaigns/{{campaign_id}}/my-pledge": PEOPLE,
    f"GET {A}/campaigns/{{campaign_id}}/results": BODY_ROLES,
}
PROFILE = {"distance_km": "12.5", "minutes": 35, "mode": "train"}
API_PAYLOADS: dict[str, object] = {
    f"PUT {A}/me/commute": PROFILE,
    f"PUT {A}/people/{{person_id}}/commute": PROFILE,
    f"POST {A}/campaigns": {
        "title": "Settimana del lavoro agile",
        "slug": "matrix-week",
        "start": "2030-05-06",
        "end": "2030-05-10",
    },
    f"PUT {A}/campaigns/{{campaign_id}}/my-pledge": {"days": ["2030-05-06"]},
}


def ids(world, side) -> dict[str, object]:
    campaign = Campaign.objects.create(
        organiser=side.body,
        title=f"Giornata {side.body.name}",
        slug=f"giornata-{side.body.slug}".replace("_", "-"),
        start=date(2030, 5, 6),
        end=date(2030, 5, 10),
        results_public=True,
    )
    return {"campaign_id": campaign.pk, "slug": campaign.slug}


def foreign_rows(body) -> list[list]:
    return [
        list(CommuteProfile.objects.filter(person__body=body).order_by("pk").values_list()),
        list(ModeFactor.objects.filter(body=body).order_by("pk").values_list()),
        list(Campaign.objects.filter(organiser=body).order_by("pk").values_list()),
        list(CampaignBody.objects.filter(body=body).order_by("pk").values_list()),
        list(Pledge.objects.filter(person__body=body).order_by("pk").values_list()),
    ]
