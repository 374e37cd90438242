"""The demo's agreements: every status, valid terms, the demo logins with something to see."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command

from agilepa.agreements import services
from agilepa.agreements.models import Agreement, AgreementStatus, Regulation
from agilepa.core.models import User
from tests.conftest import once_per_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[None]:
    """The demo seeded once for the module; each test reads it in its own savepoint."""

    def seed() -> None:
        call_command("seed_demo", "--scale", "0.05", "--history-months", "1", stdout=io.StringIO())

    media = tmp_path_factory.mktemp("media")
    yield from once_per_module(django_db_blocker, seed, MEDIA_ROOT=media)


@pytest.fixture
def seeded(db, seeded_once) -> None:
    return seeded_once


def test_every_status_is_in_the_demo(seeded) -> None:
    statuses = set(Agreement.objects.values_list("status", flat=True))
    assert statuses == set(AgreementStatus.values)


def test_live_demo_agreements_satisfy_the_legal_checker(seeded) -> None:
    live = Agreement.objects.exclude(
        status__in=[AgreementStatus.EXPIRED, AgreementStatus.WITHDRAWN]
    ).select_related("person__unit", "regulation")
    for agreement in live:
        found = [v.code for v in services.check(agreement)]
        assert found == [], (agreement.pk, agreement.status, found)


def test_every_body_has_a_regolamento_valid_under_the_law(seeded) -> None:
    from agilepa.agreements.rules import check_regulation

    for regulation in Regulation.objects.all():
        assert check_regulation(regulation.terms()) == []


def test_demo_employee_has_an_active_agreement_and_every_transition_is_dated(seeded) -> None:
    employee = User.objects.get(email="dipendente@comune-bologna.demo")
    agreement = Agreement.objects.get(person__user=employee)
    assert agreement.status == AgreementStatus.ACTIVE
    times = list(agreement.transitions.values_list("at", flat=True))
    assert times == sorted(times)
    assert len(times) == 5


def test_the_dashboard_reads_prerequisites_in_bulk_with_the_same_verdicts(seeded) -> None:
    """HR's dashboard reads every countersigned agreement's prerequisites in three queries per
    Regolamento; its verdicts are those of the one-agreement check."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from agilepa.agreements import selectors
    from agilepa.core.access import resolve_access
    from agilepa.org.models import Body

    hr = User.objects.get(email="personale@comune-bologna.demo")
    access = resolve_access(hr, Body.objects.get(people__user=hr))
    today = timezone.localdate()
    countersigned = Agreement.objects.filter(
        person__body=access.body, status=AgreementStatus.COUNTERSIGNED
    ).select_related("person", "regulation")
    expected = {
        a.pk: [v.code for v in services.missing_prerequisites(a, today)] for a in countersigned
    }
    assert any(expected.values()), "the demo has agreements waiting for a prerequisite"
    with CaptureQueriesContext(connection) as queries:
        board = selectors.dashboard(access, today)
    assert {a.pk: [v.code for v in missing] for a, missing in board.waiting} == {
        pk: codes for pk, codes in expected.items() if codes
    }
    assert len(queries) < 15
