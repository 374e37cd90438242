"""Lavoro da remoto, the second kind of agreement (CCNL FL 2019-2021 artt. 68-70, kept by the
2022-2024 contract): the office's fixed hours at a fixed place, with the same lifecycle,
document and prerequisites as lavoro agile."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest

from agilepa.agreements import rules, services
from agilepa.agreements.rules import AgreementKind, Window
from tests.agreements.test_legal_checker import REGULATION, TERMS, WORKER
from tests.factories import make_agreement, make_regulation

TIMETABLE = replace(REGULATION, office_hours=Window(time(8, 0), time(14, 0)))
REMOTE = replace(
    TERMS,
    kind=AgreementKind.REMOTE,
    work_hours=Window(time(8, 0), time(14, 0)),
    fixed_place="Via Indipendenza 10, Bologna",
    reachability=None,
    disconnection=None,
    places=frozenset(),
)


def codes(terms=REMOTE, regulation=TIMETABLE) -> list[str]:
    return [v.code for v in rules.check_agreement(terms, regulation, WORKER)]


def test_remote_work_within_the_office_timetable_at_a_fixed_place_is_accepted() -> None:
    assert codes() == []
    assert codes(replace(REMOTE, work_hours=Window(time(9, 0), time(13, 0)))) == []


def test_remote_work_with_hours_outside_the_office_timetable_is_refused() -> None:
    late = replace(REMOTE, work_hours=Window(time(10, 0), time(16, 0)))
    [found] = rules.check_agreement(late, TIMETABLE, WORKER)
    assert found.code == "work_hours_outside_timetable"
    assert "08:00-14:00" in found.message and "10:00-16:00" in found.message
    assert "artt. 68-70" in found.source.text and not found.source.verified
    assert str(found.source).endswith("to verify")


@pytest.mark.parametrize(
    ("terms", "regulation", "code"),
    [
        (replace(REMOTE, work_hours=None), TIMETABLE, "work_hours_missing"),
        (replace(REMOTE, fixed_place=" "), TIMETABLE, "fixed_place_missing"),
        (REMOTE, REGULATION, "remote_work_without_timetable"),
    ],
)
def test_remote_work_needs_hours_a_place_and_a_timetable(terms, regulation, code) -> None:
    assert code in codes(terms, regulation)


def test_remote_work_keeps_the_days_limits_of_the_regolamento() -> None:
    three = replace(REMOTE, weekdays=frozenset({0, 2, 4}))
    assert "too_many_days_per_week" in codes(three)


def test_a_remote_work_agreement_goes_through_the_same_lifecycle(world) -> None:
    make_regulation(world.a.body, office_hours_start=time(8), office_hours_end=time(14))
    agreement = make_agreement(
        world.a.employee_person,
        kind="remote",
        work_hours_start=time(8),
        work_hours_end=time(15),
        fixed_place="Hub di Casalecchio",
    )
    assert [v.code for v in services.check(agreement)] == ["work_hours_outside_timetable"]
    agreement.work_hours_end = time(14)
    assert services.check(agreement) == []


def test_the_document_of_a_remote_work_agreement_names_its_hours_and_place(world) -> None:
    from agilepa.agreements.documents.render import html_of

    make_regulation(world.a.body, office_hours_start=time(8), office_hours_end=time(14))
    agreement = make_agreement(
        world.a.employee_person,
        kind="remote",
        work_hours_start=time(8),
        work_hours_end=time(14),
        fixed_place="Hub di Casalecchio",
    )
    html = html_of(agreement)
    assert "Accordo individuale di lavoro da remoto" in html
    assert "dalle 08:00 alle 14:00" in html and "Hub di Casalecchio" in html
    assert "Fascia di contattabilità" not in html
