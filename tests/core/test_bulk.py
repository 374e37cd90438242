"""`core.bulk`: the plain indexes dropped for a large load come back as they were."""

from datetime import date

import pytest
from django.db import connection, transaction

from agilepa.core.bulk import indexes_deferred, insert_rows
from agilepa.org.models import Body, OrgUnit, Person
from agilepa.planning.models import ActualDay

pytestmark = pytest.mark.django_db


def _indexes(table: str) -> set:
    with connection.cursor() as cursor:
        return {
            (name, info["unique"], tuple(info["columns"]))
            for name, info in connection.introspection.get_constraints(cursor, table).items()
            if info["index"] or info["unique"]
        }


def test_the_indexes_are_the_same_after_a_deferred_load_and_the_rows_are_in() -> None:
    body = Body.objects.create(name="Ente", ipa_code="c_x001", slug="c_x001")
    unit = OrgUnit.objects.create(body=body, code="ENTE", name="Ente")
    person = Person.objects.create(body=body, unit=unit, first_name="A", last_name="B")
    table = ActualDay._meta.db_table
    before = _indexes(table)
    with transaction.atomic(), indexes_deferred(table):
        insert_rows(
            table,
            ("body_id", "person_id", "date", "kind", "source", "recorded_at"),
            [
                (body.pk, person.pk, date(2026, 3, d), "office", "imported", "2026-04-01 08:00:00")
                for d in (2, 3, 4)
            ],
        )
    assert _indexes(table) == before
    assert (
        ActualDay.objects.filter(
            body=body, date__range=(date(2026, 3, 1), date(2026, 3, 31))
        ).count()
        == 3
    )
