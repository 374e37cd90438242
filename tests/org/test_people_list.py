"""The people list: search, filters, sorting, pagination, the htmx partial, and who may list."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from tests.factories import OfficeSiteFactory, PersonFactory, make_tax_code


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def url(world) -> str:
    return f"/b/{world.a.body.slug}/people/"


def listed(response) -> list[str]:
    """Matricole of the people on the page, in order."""
    return [p.employee_number for p in response.context["page"].object_list]


@pytest.fixture
def rossi(world):
    site = OfficeSiteFactory(body=world.a.body, name="Sede di via Roma", code="ROMA")
    return PersonFactory(
        body=world.a.body,
        unit=world.a.other_area,
        employee_number="X-4711",
        first_name="Maria Grazia",
        last_name="Rossi",
        email="m.rossi@comune.a.it",
        tax_code=make_tax_code(4711),
        contract="part_time",
        part_time_percent=83,
        job_category="Istruttore direttivo",
        office_site=site,
    )


def test_hr_lists_every_active_person_of_the_body_with_the_total(world, rossi, client_as) -> None:
    response = client_as("hr_admin").get(url(world))
    assert response.status_code == 200
    assert len(listed(response)) == 5
    html = response.content.decode()
    assert "5 people found" in html
    assert "Rossi Maria Grazia" in html and "Part time 83%" in html
    assert "Sede di via Roma" in html and "Istruttore direttivo" in html


def test_a_manager_lists_only_the_people_of_their_subtree(world, rossi, client) -> None:
    client.force_login(world.users["manager"])
    response = client.get(url(world))
    assert response.status_code == 200
    a = world.a
    expected = {a.manager_person, a.employee_person, a.colleague}
    assert set(listed(response)) == {p.employee_number for p in expected}


@pytest.mark.parametrize("role", ["employee", "observer"])
def test_employees_and_observers_may_not_list_people(world, client, role: str) -> None:
    client.force_login(world.users[role])
    assert client.get(url(world)).status_code == 403


@pytest.mark.parametrize("role", ["hr_admin", "manager", "employee", "observer", "nobody"])
def test_the_people_of_a_foreign_body_are_not_found(world, client, role: str) -> None:
    client.force_login(world.users[role])
    assert client.get(f"/b/{world.b.body.slug}/people/").status_code == 404


@pytest.mark.parametrize(
    "text",
    ["rossi", "ROSSI", "maria grazia", "grazia rossi", "x-4711", "m.rossi@COMUNE", "SRCS"],
)
def test_search_finds_by_name_surname_matricola_tax_code_or_email_ignoring_case(
    world, rossi, text: str, client_as
) -> None:
    if text == "SRCS":
        text = rossi.tax_code[:6].lower()
    response = client_as("hr_admin").get(url(world), {"q": text})
    assert listed(response) == ["X-4711"]


def test_a_search_that_matches_nobody_says_so(world, rossi, client_as) -> None:
    response = client_as("hr_admin").get(url(world), {"q": "Verdi"})
    assert listed(response) == []
    assert "No one matches the search" in response.content.decode()


def test_a_manager_cannot_find_people_outside_their_subtree_by_searching(
    world, rossi, client
) -> None:
    client.force_login(world.users["manager"])
    assert listed(client.get(url(world), {"q": "rossi"})) == []


def test_the_unit_filter_takes_the_whole_subtree(world, rossi, client, client_as) -> None:
    a = world.a
    client = client_as("hr_admin")
    area = set(listed(client.get(url(world), {"unit": a.area.pk})))
    assert area == {p.employee_number for p in (a.manager_person, a.employee_person, a.colleague)}
    service = set(listed(client.get(url(world), {"unit": a.service.pk})))
    assert service == {a.employee_person.employee_number, a.colleague.employee_number}


def test_a_unit_of_another_body_is_ignored_as_a_filter(world, rossi, client_as) -> None:
    response = client_as("hr_admin").get(url(world), {"unit": world.b.area.pk})
    assert response.status_code == 200
    assert len(listed(response)) == 5


def test_contract_job_category_and_site_filter_the_list(world, rossi, client, client_as) -> None:
    client = client_as("hr_admin")
    assert listed(client.get(url(world), {"contract": "part_time"})) == ["X-4711"]
    assert len(listed(client.get(url(world), {"contract": "full_time"}))) == 4
    job = {"job_category": "Istruttore direttivo"}
    assert listed(client.get(url(world), job)) == ["X-4711"]
    assert listed(client.get(url(world), {"site": rossi.office_site_id})) == ["X-4711"]


def test_the_list_shows_active_people_by_default_and_ended_ones_on_request(
    world, rossi, client, client_as
) -> None:
    rossi.is_active, rossi.ended_on = False, datetime.date(2025, 12, 31)
    rossi.save()
    client = client_as("hr_admin")
    assert "X-4711" not in listed(client.get(url(world)))
    ended = client.get(url(world), {"status": "ended"})
    assert listed(ended) == ["X-4711"]
    assert "Ended on 31/12/2025" in ended.content.decode()
    assert len(listed(client.get(url(world), {"status": "all"}))) == 5


def test_the_list_sorts_by_name_or_matricola_both_ways(world, client, client_as) -> None:
    for number, last in [("S3", "Bianchi"), ("S1", "Verdi"), ("S2", "Abate")]:
        PersonFactory(
            body=world.a.body,
            unit=world.a.root,
            employee_number=number,
            last_name=last,
            job_category="Sorted",
        )
    client = client_as("hr_admin")

    def order(sort: str | None) -> list[str]:
        params = {"job_category": "Sorted", **({"sort": sort} if sort else {})}
        return listed(client.get(url(world), params))

    assert order(None) == ["S2", "S3", "S1"]
    assert order("-name") == ["S1", "S3", "S2"]
    assert order("matricola") == ["S1", "S2", "S3"]
    assert order("-matricola") == ["S3", "S2", "S1"]
    html = client.get(url(world), {"sort": "-matricola"}).content.decode()
    assert 'aria-sort="descending"' in html


@pytest.fixture
def crowd(world) -> None:
    """120 more people: three pages of 50."""
    for i in range(120):
        PersonFactory(
            body=world.a.body,
            unit=world.a.root,
            employee_number=f"P{i:04d}",
            last_name=f"Persona{i:04d}",
        )


def test_the_list_is_paginated_fifty_at_a_time(world, crowd, client, client_as) -> None:
    client = client_as("hr_admin")
    first = client.get(url(world))
    assert first.context["page"].paginator.num_pages == 3
    assert len(listed(first)) == 50
    html = first.content.decode()
    assert "124 people found" in html
    assert 'class="pagination-wrapper' in html and 'aria-label="Pages of the results"' in html
    assert 'aria-current="page"' in html
    third = client.get(url(world), {"page": 3})
    assert len(listed(third)) == 24
    assert set(listed(first)).isdisjoint(listed(third))


def test_page_links_keep_the_search_and_the_filters(world, crowd, client_as) -> None:
    html = (
        client_as("hr_admin")
        .get(url(world), {"q": "persona", "sort": "matricola"})
        .content.decode()
    )
    links = set(re.findall(r'href="(\?[^"]*page=2[^"]*)"', html))
    assert links == {"?q=persona&amp;sort=matricola&amp;page=2"}


def test_a_page_out_of_range_shows_the_last_one(world, crowd, client_as) -> None:
    response = client_as("hr_admin").get(url(world), {"page": 99})
    assert response.context["page"].number == 3


def test_an_htmx_search_returns_only_the_results(world, rossi, client_as) -> None:
    response = client_as("hr_admin").get(url(world), {"q": "rossi"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert "<table" in html and "Rossi Maria Grazia" in html
    assert "1 person found" in html
    assert 'hx-swap-oob="true"' in html


def test_the_full_page_wires_the_search_form_to_the_results_for_htmx(world, client_as) -> None:
    html = client_as("hr_admin").get(url(world)).content.decode()
    form = html.split('role="search"')[1].split(">")[0]
    assert f'hx-get="{url(world)}"' in form
    assert 'hx-target="#people-results"' in form and 'hx-push-url="true"' in form
    assert 'id="people-results"' in html
    assert 'method="get"' in html.split('role="search"')[0].rsplit("<form", 1)[1]


def test_restoring_history_gets_the_whole_page(world, client_as) -> None:
    response = client_as("hr_admin").get(
        url(world), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()
