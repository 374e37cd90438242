"""HR hands equipment over and takes it back."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agilepa.agreements.models import (
    EquipmentItem,
)
from agilepa.agreements.prerequisites import services as prereq_services
from agilepa.core.access import resolve_access


@pytest.fixture
def access(body_a):
    return {role: resolve_access(body_a.users[role], body_a.a.body) for role in body_a.users}


def test_equipment_is_handed_over_once_and_returned_after(body_a, access) -> None:
    hr = access["hr_admin"]
    item = prereq_services.add_equipment(hr, asset_tag="NB-0042", kind="Notebook")
    prereq_services.hand_over(hr, item, body_a.a.employee_person, date(2026, 2, 1))
    with pytest.raises(ValidationError) as held:
        prereq_services.hand_over(hr, item, body_a.a.colleague, date(2026, 2, 2))
    assert "NB-0042" in str(held.value)
    with pytest.raises(ValidationError):
        prereq_services.return_item(hr, item, date(2026, 1, 15))
    prereq_services.return_item(hr, item, date(2026, 6, 30))
    prereq_services.hand_over(hr, item, body_a.a.colleague, date(2026, 7, 1))
    assert EquipmentItem.objects.get().person == body_a.a.colleague
    with pytest.raises(ValidationError):
        prereq_services.add_equipment(hr, asset_tag="NB-0042", kind="Doppione")
