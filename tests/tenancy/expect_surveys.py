"""Tenancy expectations of the survey routes (see extensions.py).

HR runs surveys; managers and observers (CUG/RSU) see campaigns and aggregate results; an
employee sees none of it (they answer through their invitation's link). The answer page and its
API are reached by the invitation's token alone, POSTed: no login, no body role (tests/surveys/)."""

from __future__ import annotations

from datetime import date

from agilepa.surveys.models import Invitation, Response, Survey, SurveyCampaign, Wave

HR = {"hr_admin", "platform_admin"}
AGGREGATES = {"manager", "hr_admin", "observer", "platform_admin"}

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    "surveys:campaigns": ("get", AGGREGATES),
    "surveys:library": ("get", AGGREGATES),
    "surveys:survey_new": ("get", HR),
    "surveys:campaign_new": ("get", HR),
    "surveys:campaign": ("get", AGGREGATES),
    "surveys:wave_new": ("post", HR),
    "surveys:wave_send": ("post", HR),
    "surveys:results": ("get", AGGREGATES),
    "surveys:export_csv": ("get", AGGREGATES),
    "surveys:export_xlsx": ("get", AGGREGATES),
    "surveys:export_pdf": ("get", AGGREGATES),
}
UNSCOPED = {"surveys:answer", "surveys:thanks"}

A = "/api/v1/bodies/{body}"
C = f"{A}/survey-campaigns/{{survey_campaign_id}}"
API_EXPECT: dict[str, set[str]] = {
    f"GET {A}/surveys": AGGREGATES,
    f"POST {A}/surveys": HR,
    f"GET {A}/survey-campaigns": AGGREGATES,
    f"POST {A}/survey-campaigns": HR,
    f"GET {C}": AGGREGATES,
    f"POST {C}/waves": HR,
    f"POST {C}/waves/{{wave_id}}/send": HR,
    f"GET {C}/results": AGGREGATES,
}
API_PUBLIC = {"POST /api/v1/survey-answers/open", "POST /api/v1/survey-answers"}

API_PAYLOADS: dict[str, object] = {
    f"POST {A}/surveys": {"title": "Benessere", "instruments": ["who5"]},
    f"POST {A}/survey-campaigns": lambda ids: {
        "title": "Campagna",
        "survey_id": ids.values["survey_id"],
    },
    f"POST {C}/waves": {
        "kind": "follow_up",
        "label": "Dopo",
        "opens_on": "2027-03-01",
        "closes_on": "2027-03-15",
    },
}


def ids(world, side) -> dict[str, object]:
    survey = Survey.objects.create(body=side.body, title="Benessere", instruments=["who5", "wlb"])
    campaign = SurveyCampaign.objects.create(body=side.body, survey=survey, title="Benessere 2027")
    wave = Wave.objects.create(
        campaign=campaign,
        kind="baseline",
        label="Prima",
        opens_on=date(2027, 1, 10),
        closes_on=date(2027, 1, 31),
    )
    return {"survey_id": survey.pk, "survey_campaign_id": campaign.pk, "wave_id": wave.pk}


def foreign_rows(body) -> list[list]:
    return [
        list(Survey.objects.filter(body=body).order_by("pk").values_list()),
        list(SurveyCampaign.objects.filter(body=body).order_by("pk").values_list()),
        list(Wave.objects.filter(campaign__body=body).order_by("pk").values_list()),
        list(Invitation.objects.filter(wave__campaign__body=body).order_by("pk").values_list()),
        list(Response.objects.filter(wave__campaign__body=body).order_by("pk").values_list()),
    ]
