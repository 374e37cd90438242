"""The manager's home: the decisions waiting, each with what the checker says, and the
coverage of the units they head this week."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from agilepa.agreements.models import AgreementStatus
from agilepa.home.selectors import DECISIONS_SHOWN
from tests.factories import PersonFactory, make_agreement
from tests.home.conftest import home_url
from tests.home.helpers import build


def _section(html: str, name: str) -> str:
    start = html.index(f'id="{name}"')
    return html[start : html.index("</section>", start)]


def test_the_decisions_waiting_are_counted_and_linked(world, client_as):
    build(world.a)
    html = _section(client_as("manager").get(home_url(world)).content.decode(), "my-unit")
    inbox = reverse("agreements:inbox", kwargs={"body": "c_a"})
    assert f'<a href="{inbox}" data-count="agreements">2 agreement requests to decide</a>' in html
    assert "1 plan change request" in html


def test_each_decision_carries_the_checkers_flag(world, client_as):
    build(world.a)
    html = _section(client_as("manager").get(home_url(world)).content.decode(), "my-unit")
    rows = [part.split('">', 1) for part in html.split('data-decision="')[1:]]
    flags = {(kind, str(world.a.colleague) in row, "Meets the rules" in row) for kind, row in rows}
    assert flags == {
        ("agreement", True, True),
        ("agreement", False, False),
        ("change", False, False),
    }
    assert "The agreement must set the fascia di inoperabilità" in html
    assert "Fewer than 1 person present in Servizio Anagrafe on 16/03/2027." in html


def test_the_coverage_counts_the_people_of_the_units_headed_in_the_published_plan(world, client_as):
    build(world.a)
    html = _section(client_as("manager").get(home_url(world)).content.decode(), "my-unit")
    assert '<th scope="row">Monday 08/03</th><td>0</td><td>2</td><td>0</td>' in html
    assert '<th scope="row">Tuesday 09/03</th><td>2</td><td>0</td><td>0</td>' in html


def test_the_manager_sees_no_hr_queue_nor_body_figures(world, client_as):
    build(world.a)
    html = client_as("manager").get(home_url(world)).content.decode()
    assert 'id="my-work"' in html and 'id="my-unit"' in html
    assert 'id="the-body"' not in html and 'id="the-network"' not in html


def test_requests_outside_the_subtree_and_of_another_body_are_never_counted(world, client_as):
    build(world.b)
    make_agreement(world.a.outsider, status=AgreementStatus.SUBMITTED, start_date=date(2027, 4, 1))
    html = _section(client_as("manager").get(home_url(world)).content.decode(), "my-unit")
    assert "0 agreement requests to decide" in html and "0 plan change requests" in html
    assert "data-decision" not in html
    assert str(world.b.colleague) not in html and str(world.a.outsider) not in html
    assert "<td>2</td>" not in html


def test_the_managers_home_reads_a_bounded_number_of_queries(
    world, client_as, django_assert_max_num_queries
):
    build(world.a)
    for _i in range(DECISIONS_SHOWN + 3):
        person = PersonFactory(body=world.a.body, unit=world.a.service)
        make_agreement(person, status=AgreementStatus.SUBMITTED, start_date=date(2027, 4, 1))
    client = client_as("manager")
    with django_assert_max_num_queries(50):
        html = client.get(home_url(world)).content.decode()
    assert f"{DECISIONS_SHOWN + 5} agreement requests to decide" in html
    assert html.count('data-decision="agreement"') == DECISIONS_SHOWN


def test_the_managers_home_speaks_italian(world, client_as):
    build(world.a)
    html = client_as("manager", HTTP_ACCEPT_LANGUAGE="it").get(home_url(world)).content.decode()
    for text in (
        "La mia unità",
        "Decisioni in attesa",
        "2 richieste di accordo da decidere",
        "Conforme alle regole",
        "1 regola violata",
        "In lavoro agile il giorno 16/03/2027 invece del giorno 15/03/2027",
        "Lavoro agile, decorrenza 01/04/2027",
        "In sede",
    ):
        assert text in html, text
