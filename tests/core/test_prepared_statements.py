"""On PostgreSQL the site's statements are planned once per connection (issue 22's booking
target rests on it: bench/README.md): parameters bound by the server, and a statement run
five times on a connection prepared there."""

import pytest
from django.db import connection

from agilepa.org.models import Body

pytestmark = pytest.mark.django_db


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_a_statement_run_five_times_is_prepared_on_the_connection():
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True
    for slug in ["a", "b", "c", "d", "e", "f"]:
        list(Body.objects.filter(slug=slug))
    statements = prepared_statements()
    # The parameters travel apart from the text ($1), so the six calls are one statement.
    assert any('"org_body"."slug" = $1' in text for text in statements), statements
