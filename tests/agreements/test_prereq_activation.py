"""An agreement cannot start while a required prerequisite is missing, failed or expired."""

from __future__ import annotations

from datetime import date

import pytest

from agilepa.agreements import services
from agilepa.agreements.models import AgreementStatus, Regulation
from agilepa.agreements.prerequisites import services as prereq_services
from agilepa.core.access import resolve_access
from tests.factories import make_agreement

ALL_ITEMS = {
    "os_updated": True,
    "disk_encrypted": True,
    "antivirus": True,
    "vpn": True,
    "mfa": True,
    "home_network_secured": True,
    "backups": True,
}


@pytest.fixture
def hr(body_a):
    return resolve_access(body_a.users["hr_admin"], body_a.a.body)


@pytest.fixture
def agreement(body_a):
    Regulation.objects.update(required_prerequisites=["it_check"], it_check_validity_months=12)
    return make_agreement(body_a.a.employee_person, status=AgreementStatus.COUNTERSIGNED)


def test_a_countersigned_agreement_without_the_it_check_stays_countersigned_and_says_why(
    hr, agreement
) -> None:
    with pytest.raises(services.TransitionRefused) as refused:
        services.activate(hr, agreement, today=date(2026, 3, 2))
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.COUNTERSIGNED
    assert "IT check" in " ".join(v.message for v in refused.value.violations)
    assert services.missing_prerequisites(agreement, on=date(2026, 3, 2))


def test_a_failed_check_names_its_failed_items_and_does_not_unblock(hr, agreement) -> None:
    items = dict(ALL_ITEMS, vpn=False, backups=False)
    prereq_services.record_it_check(
        hr, agreement.person, device="Notebook", checked_on=date(2026, 2, 20), **items
    )
    with pytest.raises(services.TransitionRefused) as refused:
        services.activate(hr, agreement, today=date(2026, 3, 2))
    message = " ".join(v.message for v in refused.value.violations)
    assert "VPN" in message and "ackup" in message


def test_a_check_older_than_its_validity_blocks_again(hr, agreement) -> None:
    prereq_services.record_it_check(
        hr, agreement.person, device="Notebook", checked_on=date(2025, 1, 10), **ALL_ITEMS
    )
    with pytest.raises(services.TransitionRefused):
        services.activate(hr, agreement, today=date(2026, 3, 2))
    prereq_services.record_it_check(
        hr, agreement.person, device="Notebook", checked_on=date(2026, 2, 20), **ALL_ITEMS
    )
    services.activate(hr, agreement, today=date(2026, 3, 2))
    assert agreement.status == AgreementStatus.ACTIVE


def test_the_api_records_one_completion_of_a_course(body_a, client_of) -> None:
    course = prereq_services.add_course(
        resolve_access(body_a.users["hr_admin"], body_a.a.body),
        code="SAFE",
        title="Sicurezza",
        topic="safety",
    )
    url = f"/api/v1/bodies/{body_a.a.body.slug}/training/completions"
    payload = {
        "course_id": course.pk,
        "person_id": body_a.a.employee_person.pk,
        "completed_on": "2026-02-01",
    }
    answer = client_of("hr_admin").post(url, payload, content_type="application/json")
    assert answer.status_code == 201, answer.content
    again = client_of("hr_admin").post(url, payload, content_type="application/json")
    assert again.status_code == 422
    assert again["Content-Type"].startswith("application/problem+json")
