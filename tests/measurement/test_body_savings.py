"""HR's view of the body's savings by unit and month; observers and managers see aggregates
without groups of fewer than 5 people; the XLSX export; the network view."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from agilepa.core.access import resolve_access
from agilepa.measurement.savings import Tally
from agilepa.measurement.selectors import Row, body_savings, suppress
from agilepa.org.models import Membership
from tests.factories import PersonFactory
from tests.measurement.helpers import plan, profile

MARCH = {date(2027, 3, 1): "remote", date(2027, 3, 2): "office"}


def _populate(world, in_service: int = 6) -> None:
    """`in_service` savers in the Servizio, one in the other area."""
    for n in range(in_service):
        person = PersonFactory(body=world.a.body, unit=world.a.service)
        profile(person, km=str(10 + n))
        plan(person, MARCH)
    profile(world.a.outsider, km="7")
    plan(world.a.outsider, MARCH)


def _tally(people: int) -> Tally:
    return Tally(remote_days=people, people=set(range(people)))


def test_a_lone_small_group_hides_the_next_smallest_too() -> None:
    rows = [
        Row("A", 1, _tally(9), False),
        Row("B", 2, _tally(2), False),
        Row("C", 3, _tally(6), False),
    ]
    shown = {r.label: r.suppressed for r in suppress(rows, 5)}
    assert shown == {"A": False, "B": True, "C": True}


def test_hr_and_an_observer_see_the_same_units_without_the_small_ones(world) -> None:
    _populate(world)
    hr = body_savings(resolve_access(world.users["hr_admin"], world.a.body), 2027)
    assert hr.total.km == sum(2 * (10 + n) for n in range(6)) + 14
    observer = body_savings(resolve_access(world.users["observer"], world.a.body), 2027)
    hidden = {r.label: r.suppressed for r in observer.by_unit}
    # One person in Area Risorse: hidden; and the Servizio with it, or the total would tell.
    assert hidden == {"Area Risorse": True, "Servizio Anagrafe": True}
    assert {r.label: r.suppressed for r in hr.by_unit} == hidden  # HR as well (issue 16)
    assert not observer.total_hidden


def test_the_observers_page_shows_no_figure_of_a_small_unit(world, client_as) -> None:
    _populate(world)
    page = client_as("observer").get(f"/b/{world.a.body.slug}/commute/savings/?year=2027")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Not shown (fewer than 5 people)" in text
    assert world.a.outsider.last_name not in text


def test_an_employee_may_not_open_the_bodys_savings(world, client_as) -> None:
    url = f"/b/{world.a.body.slug}/commute/savings/"
    assert client_as("employee").get(url).status_code == 403


def test_hr_downloads_the_savings_as_xlsx(world, client_as) -> None:
    _populate(world)
    response = client_as("hr_admin").get(f"/b/{world.a.body.slug}/commute/savings.xlsx?year=2027")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["By unit", "By month"]
    rows = list(book["By month"].values)
    assert rows[1][0] == "2027-03"
    assert rows[1][1] == 7  # people
    assert rows[-1][0] == "Total"


def test_the_coordinator_sees_the_savings_of_each_member_body(world, client_as) -> None:
    _populate(world)
    Membership.objects.create(
        network=world.network, body=world.b.body, applied_on="2027-01-01", status="active"
    )
    Membership.objects.create(
        network=world.network, body=world.a.body, applied_on="2027-01-01", status="applied"
    )
    url = f"/networks/{world.network.slug}/commute/?year=2027"
    page = client_as("coordinator").get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert world.a.body.name in text and world.b.body.name in text
    # Body B has no saver: shown, as a group of nobody, without figures to hide.
    assert client_as("hr_admin").get(url).status_code == 403
