"""HR and managers see who is missing a required prerequisite."""

from __future__ import annotations

from agilepa.agreements.models import Regulation


def test_the_overview_lists_people_missing_a_required_check_for_hr(body_a, client_of) -> None:
    Regulation.objects.update(required_prerequisites=["it_check"])
    url = f"/b/{body_a.a.body.slug}/prerequisites/"
    html = client_of("hr_admin").get(url).content.decode()
    assert body_a.a.employee_person.last_name in html
    assert "IT check" in html


def test_the_overview_filtered_by_another_prerequisite_is_empty(body_a, client_of) -> None:
    Regulation.objects.update(required_prerequisites=["it_check"])
    url = f"/b/{body_a.a.body.slug}/prerequisites/?kind=safety_notice"
    html = client_of("hr_admin").get(url).content.decode()
    assert "Nobody is missing a required prerequisite." in html


def test_an_employee_cannot_see_the_overview(body_a, client_of) -> None:
    url = f"/b/{body_a.a.body.slug}/prerequisites/"
    assert client_of("employee").get(url).status_code == 403
