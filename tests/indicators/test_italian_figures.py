"""The indicators dashboard in Italian: grouped figures, euro with its sign, months in words
(issue 23: "441409,11 EUR", "02/2026")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from agilepa.indicators import summary
from agilepa.indicators.models import DeclaredValue
from tests.measurement.helpers import actual


def test_the_dashboard_reads_as_italian_numbers_and_months(world, client_as) -> None:
    DeclaredValue.objects.create(
        body=world.a.body, code="ECO_TRAINING_SPEND", year=2026, value=Decimal("441409.11")
    )
    actual(world.a.employee_person, date(2026, 11, 10), "remote")
    summary.refresh_year(world.a.body.pk, 2026, today=date(2026, 12, 2))
    page = client_as("hr_admin", HTTP_ACCEPT_LANGUAGE="it").get(
        f"/b/{world.a.body.slug}/indicators/?period=2026"
    )
    html = page.content.decode()
    assert "441.409,11 €" in html
    assert " EUR" not in html
    assert "novembre 2026" in html  # the trend table's months
