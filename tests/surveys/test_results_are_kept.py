"""A counted wave's answers never change: its campaign's results are computed once, when the
wave is counted (or on the first read after), and kept (`ResultsSnapshot`) in each language.
What is kept must be what the results computed from the responses show, suppression included,
and reading them must not cost more queries with more responses (issue 22)."""

from __future__ import annotations

import statistics
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from agilepa.surveys import results as compute
from agilepa.surveys import selectors, services
from agilepa.surveys.models import Response, ResultsSnapshot, Wave
from agilepa.surveys.selectors import results_for
from tests.factories import make_unit
from tests.surveys.helpers import DURING, access_of, campaign_with_wave, count, staff


def answers(level: int, balance: int) -> dict[str, object]:
    return {f"who5_{i}": (level + i) % 6 for i in range(1, 6)} | {
        "wlb_1": balance,
        "wlb_2": 6 - balance,
        "wlb_3": 3,
        "wlb_4": balance,
    }


def answer_and_count(world, wave: Wave, day: date, shift: int = 0) -> None:
    sent = services.send_wave(access_of(world), Wave.objects.get(pk=wave.pk), notify=False)
    for i, (_person, token) in enumerate(sorted(sent.tokens.items())):
        services.submit(token, answers(i + shift, 1 + (i + shift) % 5), today=day)
    count(Wave.objects.get(pk=wave.pk))


@pytest.fixture
def campaign(world):
    """Two waves of a service (6 smart workers, 7 others), a second unit of 6 and a small area
    of 2: the area is under the threshold of 5 in every breakdown."""
    staff(world, smart=6, others=7)
    second = make_unit(world.a.body, "ZZ2", "Area Seconda", parent=world.a.root)
    staff(world, smart=0, others=6, unit=second)
    small = make_unit(world.a.body, "ZZ3", "Area Piccola", parent=world.a.root)
    staff(world, smart=0, others=2, unit=small)
    campaign, before = campaign_with_wave(world)
    after = services.add_wave(
        access_of(world), campaign, "follow_up", "Dopo", date(2027, 9, 1), date(2027, 9, 20)
    )
    answer_and_count(world, before, DURING)
    answer_and_count(world, after, date(2027, 9, 10), shift=2)
    return campaign


def from_the_responses(campaign) -> compute.CampaignResults:
    """The results computed again from every response, as before they were kept."""
    waves = selectors.waves_with_counts(campaign)
    groups = sorted({i.unit_group for w in waves for i in w.invitations.all()})
    return selectors._compute(campaign, waves, groups)


def test_counting_a_wave_keeps_the_results_in_every_language(world, campaign) -> None:
    kept = ResultsSnapshot.objects.filter(campaign=campaign)
    assert sorted(kept.values_list("language", flat=True)) == ["en", "it"]


@pytest.mark.parametrize("language", ["en", "it"])
def test_the_kept_results_are_those_computed_from_the_responses(world, campaign, language) -> None:
    with translation.override(language):
        shown = results_for(access_of(world), campaign)
        assert shown == from_the_responses(campaign)
    assert (
        compute.from_json(ResultsSnapshot.objects.get(campaign=campaign, language=language).results)
        == shown
    )


def test_the_kept_results_match_a_computation_by_hand(world, campaign) -> None:
    shown = results_for(access_of(world), campaign)
    wave = shown.waves[0]
    rows = list(Response.objects.filter(wave_id=wave.wave.id).values_list("unit_group", "answers"))
    who5 = [sum(a[f"who5_{i}"] for i in range(1, 6)) * 4 for _u, a in rows]
    score = next(s for s in wave.scores if s.code == "who5")
    assert score.estimate.n == len(rows) >= 21
    assert score.estimate.value == pytest.approx(statistics.fmean(who5))
    units = {g.label: g for g in wave.by_unit}
    shown_units = [g for g in wave.by_unit if not g.suppressed]
    assert shown_units
    for group in shown_units:
        mine = [sum(a[f"who5_{i}"] for i in range(1, 6)) * 4 for u, a in rows if u == group.label]
        found = next(s for s in group.scores if s.code == "who5")
        assert group.n == found.estimate.n == len(mine)
        assert found.estimate.value == pytest.approx(statistics.fmean(mine))
    # 2 in the small area hidden alone would be the total minus the others: the smallest
    # other unit (6) is hidden with it.
    assert units["Area Seconda"].suppressed and units["Area Seconda"].n is None
    # The small area stays hidden: no count, no score, in the kept results as in the computed.
    assert units["Area Piccola"].suppressed
    assert units["Area Piccola"].n is None and units["Area Piccola"].scores == ()
    assert ("Area Piccola", 2) not in [(g.label, g.n) for g in wave.by_unit]
    assert all(n >= 5 for _where, n in shown.shown_groups())


def test_a_kept_snapshot_holds_no_group_under_the_threshold(world, campaign) -> None:
    results_for(access_of(world), campaign)
    for kept in ResultsSnapshot.objects.filter(campaign=campaign):
        assert "id" not in str(kept.results.keys())
        assert all(n >= 5 for _where, n in compute.from_json(kept.results).shown_groups())


def test_a_changed_wave_is_computed_again(world, campaign) -> None:
    wave = campaign.waves.order_by("opens_on").first()
    Wave.objects.filter(pk=wave.pk).update(label="Prima dello smart working")
    shown = results_for(access_of(world), campaign)
    assert shown.waves[0].wave.label == "Prima dello smart working"
    assert shown == from_the_responses(campaign)


def queries(access, campaign) -> tuple[int, int]:
    """The queries of a read that computes the results, and of one that finds them kept."""
    ResultsSnapshot.objects.filter(campaign=campaign).delete()
    with CaptureQueriesContext(connection) as computed:
        results_for(access, campaign)
    with CaptureQueriesContext(connection) as kept:
        results_for(access, campaign)
    return len(computed.captured_queries), len(kept.captured_queries)


def test_reading_the_results_costs_the_same_queries_with_more_responses(world) -> None:
    staff(world, smart=3, others=3)
    campaign, wave = campaign_with_wave(world, min_group=3)
    answer_and_count(world, wave, DURING)
    hr = access_of(world)
    few = queries(hr, campaign)
    staff(world, smart=10, others=10, unit=make_unit(world.a.body, "ZZ4", "Area Grande"))
    more = services.add_wave(hr, campaign, "follow_up", "Dopo", date(2027, 9, 1), date(2027, 9, 20))
    answer_and_count(world, more, date(2027, 9, 10))
    assert (
        Response.objects.filter(wave=more).count() >= 3 * Response.objects.filter(wave=wave).count()
    )
    assert queries(hr, campaign) == few
    assert few[1] < few[0]
