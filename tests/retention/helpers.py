"""What the retention tests share: a fixed clock and a person who ended long ago."""

from __future__ import annotations

from datetime import UTC, date, datetime

from agilepa.org.models import Municipality, Person
from tests.factories import PersonFactory, UserFactory

# Six years after the people of the tests ended: past the default five years.
NOW = datetime(2032, 6, 1, 3, 30, tzinfo=UTC)
TODAY = date(2032, 6, 1)


def ended_person(body, unit=None, ended_on: date = date(2026, 4, 10), **extra) -> Person:
    """A person who ended, with a login, an e-mail, a codice fiscale and a home."""
    user = UserFactory(first_name="Nicolò", last_name="Bertazzoni")
    person = PersonFactory(
        body=body,
        first_name="Nicolò",
        last_name="Bertazzoni",
        email="nicolo.bertazzoni@comune.example.it",
        user=user,
        home_municipality=Municipality.objects.filter(istat_code="037006").first(),
        **({"unit": unit} if unit is not None else {}),
        **extra,
    )
    Person.objects.filter(pk=person.pk).update(is_active=False, ended_on=ended_on)
    person.refresh_from_db()
    return person
