"""A person's prerequisites page says which one is missing."""

from __future__ import annotations

from agilepa.agreements.models import (
    Regulation,
)


def test_the_person_page_names_what_is_missing(body_a, client_of) -> None:
    Regulation.objects.update(required_prerequisites=["it_check", "safety_notice"])
    url = f"/b/{body_a.a.body.slug}/people/{body_a.a.employee_person.pk}/prerequisites/"
    html = client_of("employee").get(url).content.decode()
    assert "workstation IT check" in html and "Missing" in html
    assert "Declare the check of your device" in html
    assert (
        client_of("employee")
        .get(f"/b/{body_a.a.body.slug}/people/{body_a.a.colleague.pk}/prerequisites/")
        .status_code
        == 403
    )
    assert client_of("manager").get(url).status_code == 200
