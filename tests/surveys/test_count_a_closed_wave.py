"""The answers of a wave wait, sealed, in the pool while it is open, however many they are;
the daily job counts the wave the day after it closes: all its responses at once, once.
Batches counted while the wave is open (say, every k answers) would tie each batch to the
people seen answering in its time span (docs/surveys.md), so there are none."""

from __future__ import annotations

from datetime import date

import pytest

from agilepa.indicators.models import SummaryState
from agilepa.surveys import selectors, services
from agilepa.surveys.models import PendingAnswer, Response, Wave
from agilepa.surveys.notifications import run_daily
from tests.surveys.helpers import CLOSES, access_of, answered_in_order, count

pytestmark = pytest.mark.django_db


def test_an_open_wave_keeps_every_answer_in_the_pool_even_beyond_the_threshold(world) -> None:
    wave, _tokens, _order = answered_in_order(world, how_many=9)  # k = 3: three times k
    assert services.count_wave(wave.pk, today=CLOSES) == 0  # its last day: still open
    assert PendingAnswer.objects.filter(wave=wave).count() == 9
    assert not Response.objects.exists()


def test_the_daily_job_counts_a_closed_wave_once(
    world, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    wave, _tokens, _order = answered_in_order(world, how_many=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_daily(CLOSES).counted == 0
    assert not Response.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert run_daily(date(2027, 2, 21)).counted == 1
    assert Response.objects.filter(wave=wave).count() == 5
    assert not PendingAnswer.objects.exists()
    assert Wave.objects.get(pk=wave.pk).counted_on == date(2027, 2, 21)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_daily(date(2027, 2, 22)).counted == 0
    assert services.count_wave(wave.pk, today=date(2027, 2, 23)) == 0
    assert Response.objects.count() == 5


def test_a_counted_wave_takes_no_more_answers(world) -> None:
    wave, tokens, order = answered_in_order(world, how_many=3)
    count(wave)
    waiting = next(t for p, t in tokens.items() if p not in order)
    with pytest.raises(services.InvitationRefused):
        services.invitation_for_token(waiting, today=wave.closes_on)


def test_a_wave_closed_under_the_threshold_is_counted_and_shows_fewer_than_k(world) -> None:
    wave, _tokens, _order = answered_in_order(world, how_many=2)  # k = 3
    assert count(wave) == 2
    results = selectors.results_for(access_of(world), wave.campaign)
    (shown,) = results.waves
    assert not shown.open and shown.suppressed and shown.responded is None
    assert results.shown_groups() == []


def test_counting_a_wave_marks_its_closing_month_for_the_indicators(world) -> None:
    wave, _tokens, _order = answered_in_order(world, how_many=3)
    SummaryState.objects.all().delete()
    assert count(wave) == 3
    assert SummaryState.objects.filter(
        body=wave.campaign.body, month=wave.closes_on.replace(day=1), dirty=True
    ).exists()
