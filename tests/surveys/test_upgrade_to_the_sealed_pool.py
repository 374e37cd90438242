"""Upgrading a site that answered surveys the old way: the used invitations become spent
marks (a used link stays refused), the old responses are written again with new random ids
and their wave's closing day, and the waves already closed are counted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from agilepa.surveys.sealing import spent_mark, token_of

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("surveys", "0001_initial")]
AFTER = [("surveys", "0002_unlinkable_answers")]


@pytest.fixture(autouse=True)
def latest_schema_after() -> Iterator[None]:
    """The test database back at the latest migrations, for the tests that follow on this
    worker (a later table, such as the kept survey results', would be missing)."""
    yield
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_used_invitations_stay_used_and_old_responses_lose_their_order_and_day(world) -> None:
    old = _migrate(BEFORE)
    Survey, Campaign, Wave, Invitation, Response = (
        old.get_model("surveys", name)
        for name in ("Survey", "SurveyCampaign", "Wave", "Invitation", "Response")
    )
    survey = Survey.objects.create(body_id=world.a.body.pk, title="S", instruments=["who5"])
    campaign = Campaign.objects.create(body_id=world.a.body.pk, survey=survey, title="C")
    wave = Wave.objects.create(
        campaign=campaign,
        kind="baseline",
        label="T0",
        opens_on=date(2020, 1, 1),
        closes_on=date(2020, 1, 20),
    )
    person_id = world.a.employee_person.pk
    Invitation.objects.create(wave=wave, person_id=person_id, salt="s", token_hash="h", used=True)
    first = Response.objects.create(
        wave=wave, smart_worker=True, submitted_on=date(2020, 1, 3), answers={"who5_1": 4}
    )

    new = _migrate(AFTER)
    SpentToken = new.get_model("surveys", "SpentToken")
    assert SpentToken.objects.filter(mark=spent_mark(token_of(wave.pk, person_id, "s"))).exists()
    (response,) = new.get_model("surveys", "Response").objects.all()
    assert response.pk != first.pk and response.submitted_on == date(2020, 1, 20)
    assert response.answers == {"who5_1": 4}
    assert new.get_model("surveys", "Wave").objects.get(pk=wave.pk).counted_on is not None
