"""A person or HR records a workstation IT check."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agilepa.agreements import services
from agilepa.agreements.models import (
    AgreementStatus,
    Regulation,
)
from agilepa.agreements.prerequisites import services as prereq_services
from agilepa.core.access import PermissionDeniedForRole, resolve_access
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
def access(body_a):
    return {role: resolve_access(body_a.users[role], body_a.a.body) for role in body_a.users}


def test_a_person_declares_their_own_it_check_but_not_a_colleagues(body_a, access) -> None:
    own = prereq_services.record_it_check(
        access["employee"], body_a.a.employee_person, device="PC", checked_on=date(2026, 2, 1)
    )
    assert own.checked_by == body_a.users["employee"]
    with pytest.raises(PermissionDeniedForRole):
        prereq_services.record_it_check(
            access["employee"], body_a.a.colleague, device="PC", checked_on=date(2026, 2, 1)
        )


def test_an_it_check_cannot_be_in_the_future(body_a, access) -> None:
    with pytest.raises(ValidationError) as refused:
        prereq_services.record_it_check(
            access["hr_admin"], body_a.a.colleague, device="PC", checked_on=date(2099, 1, 1)
        )
    assert "checked_on" in refused.value.message_dict


def test_recording_a_passing_check_lets_the_agreement_start(body_a, access) -> None:
    Regulation.objects.update(required_prerequisites=["it_check"])
    agreement = make_agreement(body_a.a.employee_person, status=AgreementStatus.COUNTERSIGNED)
    with pytest.raises(services.TransitionRefused):
        services.activate(access["hr_admin"], agreement, today=date(2026, 3, 2))
    prereq_services.record_it_check(
        access["employee"],
        body_a.a.employee_person,
        device="Notebook",
        checked_on=date(2026, 2, 20),
        **ALL_ITEMS,
    )
    services.activate(access["hr_admin"], agreement, today=date(2026, 3, 2))
    assert agreement.status == AgreementStatus.ACTIVE
