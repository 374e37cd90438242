"""A person's page: their data, for themselves, their managers and HR only."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from tests.factories import OfficeSiteFactory, PersonFactory, make_tax_code


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def url(world, person) -> str:
    return f"/b/{world.a.body.slug}/people/{person.pk}/"


def test_hr_sees_all_of_a_persons_data(world, client) -> None:
    site = OfficeSiteFactory(body=world.a.body, name="Sede centrale", code="SC")
    person = PersonFactory(
        body=world.a.body,
        unit=world.a.service,
        employee_number="A-0042",
        first_name="Giulia",
        last_name="Bassi",
        email="giulia.bassi@comune.a.it",
        tax_code=make_tax_code(42),
        contract="part_time",
        part_time_percent=75,
        job_category="Istruttore amministrativo",
        hire_date=datetime.date(2019, 4, 15),
        office_site=site,
    )
    client.force_login(world.users["hr_admin"])
    response = client.get(url(world, person))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "<h1>Giulia Bassi</h1>",
        "A-0042",
        make_tax_code(42),
        "mailto:giulia.bassi@comune.a.it",
        "Part time 75%",
        "Istruttore amministrativo",
        "04/15/2019",
        "Sede centrale",
        "No login linked",
        f'href="/b/{world.a.body.slug}/units/{world.a.service.pk}/">Servizio Anagrafe</a>',
        "Area Servizi al cittadino",
    ):
        assert text in html, text


def test_an_ended_person_shows_the_end_date(world, client) -> None:
    person = PersonFactory(
        body=world.a.body, unit=world.a.root, is_active=False, ended_on=datetime.date(2025, 6, 30)
    )
    client.force_login(world.users["hr_admin"])
    assert "Ended on 30/06/2025" in client.get(url(world, person)).content.decode()


def test_an_employee_sees_their_own_page_with_their_login_linked(world, client) -> None:
    client.force_login(world.users["employee"])
    response = client.get(url(world, world.a.employee_person))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.a.employee_person.employee_number in html
    assert "Yes: linked to a login" in html
    assert f'href="/b/{world.a.body.slug}/people/"' not in html


@pytest.mark.parametrize(
    ("role", "person", "status"),
    [
        ("employee", "colleague", 403),
        ("employee", "manager_person", 403),
        ("manager", "colleague", 200),
        ("manager", "employee_person", 200),
        ("manager", "outsider", 403),
        ("hr_admin", "outsider", 200),
        ("observer", "employee_person", 403),
        ("platform_admin", "outsider", 200),
    ],
)
def test_a_person_is_visible_only_within_the_users_role(
    world, client, role: str, person: str, status: int
) -> None:
    client.force_login(world.users[role])
    assert client.get(url(world, getattr(world.a, person))).status_code == status


@pytest.mark.parametrize("role", ["employee", "manager", "hr_admin", "observer"])
def test_a_person_of_another_body_is_not_found(world, client, role: str) -> None:
    client.force_login(world.users[role])
    assert client.get(url(world, world.b.employee_person)).status_code == 404
    other = f"/b/{world.b.body.slug}/people/{world.b.employee_person.pk}/"
    assert client.get(other).status_code == 404


def test_an_unknown_person_is_not_found(world, client) -> None:
    client.force_login(world.users["hr_admin"])
    assert client.get(f"/b/{world.a.body.slug}/people/999999/").status_code == 404
