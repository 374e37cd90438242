"""The savings page in Italian: figures with the thousands separator and the decimal comma,
euro with its sign, months in words (issue 23: "1765939 km", "441409,11 EUR", "2026-11")."""

from __future__ import annotations

from datetime import date

from tests.factories import PersonFactory
from tests.measurement.helpers import plan, profile

MARCH = {date(2027, 3, 1): "remote"}


def test_the_savings_read_as_italian_numbers_and_months(world, client_as) -> None:
    # Six people 9.999 km from the office, each a remote day: 2 x 9.999 x 6 = 119.988 km.
    for _ in range(6):
        person = PersonFactory(body=world.a.body, unit=world.a.service)
        profile(person, km="9999")
        plan(person, MARCH)
    page = client_as("hr_admin", HTTP_ACCEPT_LANGUAGE="it").get(
        f"/b/{world.a.body.slug}/commute/savings/?year=2027"
    )
    html = page.content.decode()
    assert "119.988,0" in html
    assert "119988" not in html
    assert "marzo 2027" in html
    assert "2027-03<" not in html
