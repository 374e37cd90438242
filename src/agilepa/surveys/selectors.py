"""Reads of surveys, scoped by an `Access`: HR administrators see and run everything; managers
and observers (CUG/RSU) see the campaigns and their aggregate results; nobody sees who answered
what, because nothing records it."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import translation

from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.surveys import results as compute
from agilepa.surveys.models import (
    Invitation,
    Response,
    ResultsSnapshot,
    SpentToken,
    Survey,
    SurveyCampaign,
    Wave,
)


def _require_aggregates(access: Access) -> None:
    if not (access.is_hr or access.is_manager or access.has_any(Role.OBSERVER)):
        raise PermissionDeniedForRole


def surveys_for(access: Access) -> QuerySet[Survey]:
    _require_aggregates(access)
    return Survey.objects.filter(body=access.body)


def get_survey(access: Access, pk: int) -> Survey:
    _require_aggregates(access)
    return get_object_or_404(Survey, body=access.body, pk=pk)


def campaigns_for(access: Access) -> QuerySet[SurveyCampaign]:
    _require_aggregates(access)
    return SurveyCampaign.objects.filter(body=access.body).select_related("survey")


def get_campaign(access: Access, pk: int) -> SurveyCampaign:
    """404 for a campaign of another body; 403 for a role that sees no survey."""
    campaign = get_object_or_404(
        SurveyCampaign.objects.select_related("survey"), body=access.body, pk=pk
    )
    _require_aggregates(access)
    return campaign


def get_wave(access: Access, campaign: SurveyCampaign, pk: int) -> Wave:
    return get_object_or_404(Wave, campaign=campaign, pk=pk)


def waves_with_counts(campaign: SurveyCampaign) -> list[Wave]:
    """The waves, each with `answered` (the responses, once the wave is counted; None before)
    and `band` (the response-rate band while it is not: compute.rate_band)."""
    waves = list(campaign.waves.all())
    responses = dict(
        Response.objects.filter(wave__in=waves)
        .order_by()
        .values("wave_id")
        .annotate(n=Count("id"))
        .values_list("wave_id", "n")
    )
    spent = dict(
        SpentToken.objects.filter(wave__in=waves)
        .order_by()
        .values("wave_id")
        .annotate(n=Count("mark"))
        .values_list("wave_id", "n")
    )
    for wave in waves:
        counted = wave.counted_on is not None
        wave.answered = responses.get(wave.pk, 0) if counted else None
        wave.band = None if counted else compute.rate_band(spent.get(wave.pk, 0), wave.invited)
    return waves


def results_for(access: Access, campaign: SurveyCampaign) -> compute.CampaignResults:
    """The campaign's results as every page, export and API response shows them."""
    _require_aggregates(access)
    return campaign_results(campaign)


def public_scores(campaign: SurveyCampaign) -> list[dict[str, object]]:
    """The instrument scores of the latest wave with results, for a public page (a
    smart-working campaign's results): only what the results themselves show, so nothing of a
    group under the threshold. [{"question": label, "answer": "mean (95 % CI low-high)",
    "respondents": n}]."""
    shown = []
    for wave in reversed(campaign_results(campaign).waves):
        if wave.suppressed:
            continue
        for score in wave.scores:
            estimate = score.estimate
            if score.suppressed or estimate is None:
                continue
            answer = f"{estimate.value:.1f}"
            if estimate.low is not None and estimate.high is not None:
                answer += f" (95 % CI {estimate.low:.1f} to {estimate.high:.1f})"
            shown.append(
                {
                    "question": f"{score.label} ({wave.wave.label})",
                    "answer": answer,
                    "respondents": estimate.n,
                }
            )
        break
    return shown


def campaign_results(campaign: SurveyCampaign) -> compute.CampaignResults:
    """Only counted waves have figures: an open wave's results, polled around one new answer,
    would give that answer (docs/surveys.md, "live polling"); it shows its band alone.

    A counted wave's answers never change, so the results are kept (`ResultsSnapshot`, one
    per language) and computed again only when what they come from changes: scoring every
    response of a city's campaign takes seconds (bench/README.md, issue 22)."""
    waves = waves_with_counts(campaign)
    # Every unit group invited, so that one with no respondent shows (suppressed).
    groups = sorted(
        set(Invitation.objects.filter(wave__campaign=campaign).values_list("unit_group", flat=True))
    )
    language = translation.get_language() or settings.LANGUAGE_CODE
    fingerprint = _fingerprint(campaign, waves, groups)
    kept = (
        ResultsSnapshot.objects.filter(campaign=campaign, language=language)
        .values_list("fingerprint", "results")
        .first()
    )
    if kept is not None and kept[0] == fingerprint:
        return compute.from_json(kept[1])
    results = _compute(campaign, waves, groups)
    ResultsSnapshot.objects.update_or_create(
        campaign=campaign,
        language=language,
        defaults={"fingerprint": fingerprint, "results": compute.to_json(results)},
    )
    return results


# Changed when what a snapshot holds, or how it is computed, changes: every snapshot is then
# computed again on its next read.
SNAPSHOT_FORMAT = 1


def _fingerprint(campaign: SurveyCampaign, waves: list[Wave], groups: list[str]) -> str:
    """A digest of everything the results are computed from, but the answers themselves: those
    of a counted wave never change, and its count and counting day are in. The labels are in
    too, as translated now: a new translation shows without waiting for the next count."""
    parts = [
        SNAPSHOT_FORMAT,
        campaign.min_group,
        list(campaign.survey.instruments),
        groups,
        compute.labels(campaign.survey.sections),
        [[w.pk, w.label, w.kind, w.invited, str(w.counted_on), w.answered, w.band] for w in waves],
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _compute(
    campaign: SurveyCampaign, waves: list[Wave], groups: list[str]
) -> compute.CampaignResults:
    """The results from the responses themselves."""
    infos = [
        compute.WaveInfo(w.pk, w.label, w.kind, w.invited, w.counted_on is not None, w.band)
        for w in waves
    ]
    counted = [w.pk for w in waves if w.counted_on is not None]
    rows = [
        compute.Row(wave_id, unit_group, smart, answers)
        for wave_id, unit_group, smart, answers in Response.objects.filter(
            wave_id__in=counted
        ).values_list("wave_id", "unit_group", "smart_worker", "answers")
    ]
    return compute.compute(
        campaign.survey.sections, infos, rows, min_group=campaign.min_group, unit_groups=groups
    )
