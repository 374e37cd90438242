"""An agreement that would end before it starts is refused on the end date, in Italian."""

from __future__ import annotations

from datetime import date, timedelta

from agilepa.agreements.models import Agreement
from tests.agreements.test_request_wizard import terms


def test_an_end_date_before_the_start_is_an_error_on_the_end_date(body_a, client_as) -> None:
    start = date.today() + timedelta(days=30)
    end = start - timedelta(days=1)
    client = client_as("employee", HTTP_ACCEPT_LANGUAGE="it")
    response = client.post(
        f"/b/{body_a.a.body.slug}/agreements/new/",
        {**terms(end_date=end.isoformat()), "submit": "1"},
        HTTP_ACCEPT_LANGUAGE="it",
    )
    assert response.status_code == 200
    form = response.context["form"]
    message = "La data di fine deve essere uguale o successiva alla data di inizio."
    assert form.errors["end_date"] == [message]
    assert "__all__" not in form.errors
    html = response.content.decode()
    assert "agreement_end_after_start" not in html and "vincolo" not in html
    assert 'id="id_end_date_error"' in html
    assert not Agreement.objects.exists()
