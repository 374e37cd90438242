"""The indicators frozen with an application: the measured indicators of the POLA/PIAO
catalogue for the body and the year, from records brought up to date first, in the shape
{code: {"name", "value", "unit"}}; a figure about fewer than five people is withheld."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from agilepa.agreements.models import AgreementStatus
from agilepa.awards.snapshot import indicator_snapshot
from agilepa.indicators import catalogue, engine
from agilepa.indicators.models import SummaryState
from agilepa.planning.models import ActualDay, ActualSource
from tests.factories import PersonFactory, make_agreement, make_regulation

TODAY = date(2026, 6, 30)


def test_the_snapshot_has_every_measured_indicator(world):
    snapshot = indicator_snapshot(world.a.body, 2026, TODAY)
    assert set(snapshot) == {i.code for i in catalogue.MEASURED}
    for code, item in snapshot.items():
        assert set(item) == {"name", "value", "unit"}
        with translation.override("en"):
            assert item["name"] == str(catalogue.get(code).name)  # the English source
        assert item["unit"] == catalogue.get(code).unit.value


def test_the_snapshot_reads_records_brought_up_to_date(world):
    body = world.a.body
    make_regulation(body)
    people = [PersonFactory(body=body, unit=world.a.root) for _ in range(6)]
    for person in people[:3]:
        make_agreement(person, status=AgreementStatus.ACTIVE, start_date=date(2026, 3, 1))
    for n, person in enumerate(people):
        for day in (2, 3, 4, 5):
            kind = "remote" if n < 3 and day in (2, 3) else "office"
            ActualDay.objects.create(
                body=body,
                person=person,
                date=date(2026, 3, day),
                kind=kind,
                source=ActualSource.IMPORTED,
            )
    snapshot = indicator_snapshot(body, 2026, TODAY)
    # 6 remote days over 24 worked; 3 effective agile workers and 3 agreements.
    assert snapshot["IMP_AGILE_DAYS"]["value"] == 25.0
    assert SummaryState.objects.filter(body=body, dirty=False).count() == 6  # January to June
    values = engine.compute(engine.Scope.body(body), engine.Period(2026))
    assert values["IMP_AGILE_DAYS"].value == 25.0


def test_figures_about_too_few_people_are_withheld(world):
    make_regulation(world.a.body)
    make_agreement(world.a.employee_person, status=AgreementStatus.ACTIVE)
    ActualDay.objects.create(
        body=world.a.body,
        person=world.a.employee_person,
        date=date(2026, 3, 2),
        kind="remote",
        source=ActualSource.CONFIRMED,
    )
    snapshot = indicator_snapshot(world.a.body, 2026, TODAY)
    assert snapshot["IMP_AGREEMENTS"]["value"] is None  # one person
    assert snapshot["IMPACT_KM"]["value"] is None
