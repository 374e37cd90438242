"""API routes of surveys, with the same permissions as the pages, and the two public routes
an invitation's holder uses to read the survey and answer it with its token (no login)."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from agilepa.core.api_types import Item, problems, text_of
from agilepa.core.policies import api_access
from agilepa.org.models import OrgUnit
from agilepa.surveys import selectors, services
from agilepa.surveys.exports import fewer_than
from agilepa.surveys.models import Survey, SurveyCampaign, Wave

router = Router(tags=["surveys"])
BASE = "/bodies/{body}"
CAMPAIGN = f"{BASE}/survey-campaigns/{{survey_campaign_id}}"


class OptionOut(Schema):
    value: int | str
    label: str


class SurveyItemOut(Schema):
    key: str
    text: str
    kind: str
    required: bool
    options: list[OptionOut]
    minimum: float | None
    maximum: float | None


class SectionOut(Schema):
    code: str
    name: str
    source: str
    scoring: str
    items: list[SurveyItemOut]


class SurveyOut(Schema):
    id: int
    title: str
    introduction: str
    sections: list[SectionOut]


class SurveyIn(Schema):
    title: text_of(Survey, "title")
    introduction: text_of(Survey, "introduction") = ""
    instruments: list[Item]


class WaveOut(Schema):
    id: int
    kind: str
    label: str
    opens_on: date
    closes_on: date
    sent: bool
    invited: int
    counted: bool  # closed and counted: before that, no count, only the band
    answered: int | None  # None: not counted yet, or fewer than the campaign's threshold
    response_rate: float | None
    response_rate_band: str | None  # while not counted, e.g. "25-49" (percent)


class SurveyCampaignOut(Schema):
    id: int
    title: str
    survey_id: int
    population: str
    unit_ids: list[int]
    min_group: int
    waves: list[WaveOut]


class SurveyCampaignIn(Schema):
    title: text_of(SurveyCampaign, "title")
    survey_id: int
    population: text_of(SurveyCampaign, "population") = "everyone"
    unit_ids: list[int] = []
    min_group: int = 5


class WaveIn(Schema):
    kind: text_of(Wave, "kind")
    label: text_of(Wave, "label") = ""
    opens_on: date
    closes_on: date


class SentOut(Schema):
    invited: int


def _survey_out(survey: Survey) -> dict[str, object]:
    return {
        "id": survey.pk,
        "title": survey.title,
        "introduction": survey.introduction,
        "sections": [
            {
                "code": s.code,
                "name": str(s.name),
                "source": str(s.source),
                "scoring": str(s.scoring),
                "items": [
                    {
                        "key": i.key,
                        "text": str(i.text),
                        "kind": str(i.kind),
                        "required": i.required,
                        "options": [{"value": o.value, "label": str(o.label)} for o in i.options],
                        "minimum": i.minimum,
                        "maximum": i.maximum,
                    }
                    for i in s.items
                ],
            }
            for s in survey.sections
        ],
    }


def _campaign_out(campaign: SurveyCampaign) -> dict[str, object]:
    k = campaign.min_group
    waves = []
    for w in selectors.waves_with_counts(campaign):
        shown = w.answered is not None and w.answered >= k
        waves.append(
            {
                "id": w.pk,
                "kind": w.kind,
                "label": w.label,
                "opens_on": w.opens_on,
                "closes_on": w.closes_on,
                "sent": w.invited_at is not None,
                "invited": w.invited,
                "counted": w.counted_on is not None,
                "answered": w.answered if shown else None,
                "response_rate": (w.answered / w.invited) if shown and w.invited else None,
                "response_rate_band": w.band,
            }
        )
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "survey_id": campaign.survey_id,
        "population": campaign.population,
        "unit_ids": list(campaign.units.values_list("pk", flat=True)),
        "min_group": k,
        "waves": waves,
    }


@router.get(f"{BASE}/surveys", response=list[SurveyOut])
def list_surveys(request: HttpRequest, body: str):
    access = api_access(request, body)
    return [_survey_out(s) for s in selectors.surveys_for(access)]


@router.post(f"{BASE}/surveys", response={201: SurveyOut})
def create_survey(request: HttpRequest, body: str, payload: SurveyIn):
    access = api_access(request, body)
    survey = services.create_survey(
        access, payload.title, payload.instruments, payload.introduction
    )
    return Status(201, _survey_out(survey))


@router.get(f"{BASE}/survey-campaigns", response=list[SurveyCampaignOut])
def list_campaigns(request: HttpRequest, body: str):
    access = api_access(request, body)
    return [_campaign_out(c) for c in selectors.campaigns_for(access)]


@router.post(f"{BASE}/survey-campaigns", response={201: SurveyCampaignOut})
def create_campaign(request: HttpRequest, body: str, payload: SurveyCampaignIn):
    access = api_access(request, body)
    survey = Survey.objects.filter(body=access.body, pk=payload.survey_id).first()
    if survey is None:
        raise ValidationError({"survey_id": "No such survey in this body."})
    units = list(OrgUnit.objects.filter(body=access.body, pk__in=payload.unit_ids))
    if len(units) != len(set(payload.unit_ids)):
        raise ValidationError({"unit_ids": "No such unit in this body."})
    campaign = services.create_campaign(
        access, survey, payload.title, payload.population, units, payload.min_group
    )
    return Status(201, _campaign_out(campaign))


@router.get(CAMPAIGN, response=SurveyCampaignOut)
def get_campaign(request: HttpRequest, body: str, survey_campaign_id: int):
    """The campaign with its waves: the response-rate band while a wave is open, the count and
    rate once it is counted (hidden under the threshold)."""
    access = api_access(request, body)
    return _campaign_out(selectors.get_campaign(access, survey_campaign_id))


@router.post(f"{CAMPAIGN}/waves", response={201: WaveOut})
def add_wave(request: HttpRequest, body: str, survey_campaign_id: int, payload: WaveIn):
    access = api_access(request, body)
    campaign = selectors.get_campaign(access, survey_campaign_id)
    wave = services.add_wave(
        access, campaign, payload.kind, payload.label, payload.opens_on, payload.closes_on
    )
    out = next(w for w in _campaign_out(campaign)["waves"] if w["id"] == wave.pk)  # type: ignore[union-attr]
    return Status(201, out)


@router.post(f"{CAMPAIGN}/waves/{{wave_id}}/send", response=SentOut)
def send_wave(request: HttpRequest, body: str, survey_campaign_id: int, wave_id: int):
    """Invite the population by e-mail (once per wave)."""
    access = api_access(request, body)
    campaign = selectors.get_campaign(access, survey_campaign_id)
    wave: Wave = get_object_or_404(Wave, campaign=campaign, pk=wave_id)
    return {"invited": services.send_wave(access, wave).invited}


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@router.get(f"{CAMPAIGN}/results", response=dict[str, Any])
def campaign_results(request: HttpRequest, body: str, survey_campaign_id: int):
    """Aggregates only, of counted waves: a wave not yet counted has `open: true`, its `band`
    and no figure. A group under the threshold has `suppressed: true` and no figure (its `n`
    and estimates are null); `suppressed_label` says how to show it."""
    access = api_access(request, body)
    results = selectors.results_for(access, selectors.get_campaign(access, survey_campaign_id))
    out = _plain(results)
    out["suppressed_label"] = fewer_than(results.threshold)
    return out


class InvitationTokenIn(Schema):
    token: Item


class SurveyAnswersIn(Schema):
    token: Item
    answers: dict[str, Any]


class AnswerSurveyOut(Schema):
    survey: SurveyOut
    wave: str
    closes_on: date
    min_group: int


# The token travels in the body of a POST, never in the address: access logs record the path
# and the query string of every request (docs/surveys.md, "Threat model").
@router.post("/survey-answers/open", auth=None, response={200: AnswerSurveyOut, **problems(410)})
def survey_for_token(request: HttpRequest, payload: InvitationTokenIn):
    """The survey an invitation's token opens (no login: the token is the credential)."""
    try:
        invitation = services.invitation_for_token(payload.token)
    except services.InvitationRefused as exc:
        raise HttpError(410, exc.message) from exc
    wave = invitation.wave
    return {
        "survey": _survey_out(wave.campaign.survey),
        "wave": wave.label,
        "closes_on": wave.closes_on,
        "min_group": wave.campaign.min_group,
    }


@router.post("/survey-answers", auth=None, response={201: dict[str, str], **problems(410)})
def answer_survey(request: HttpRequest, payload: SurveyAnswersIn):
    """Answer once; the token is then spent, and nothing links the answers to it."""
    try:
        services.submit(payload.token, payload.answers)
    except services.InvitationRefused as exc:
        raise HttpError(410, exc.message) from exc
    return Status(201, {"status": "recorded"})
