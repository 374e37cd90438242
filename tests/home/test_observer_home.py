"""The observer's (CUG/RSU) home: the body's aggregates, never a person's name."""

from __future__ import annotations

from agilepa.org.models import Person
from tests.home.conftest import action_counts, home_url
from tests.home.helpers import build


def test_the_observer_sees_the_bodys_figures_and_this_weeks_coverage(world, client_as):
    build(world.a)
    html = client_as("observer").get(home_url(world)).content.decode()
    assert '<dd class="col-sm-5" data-figure="people">4</dd>' in html
    assert '<dd class="col-sm-5" data-figure="agreements">1</dd>' in html
    assert '<dd class="col-sm-5" data-figure="campaigns">1</dd>' in html
    assert '<th scope="row">Thursday 11/03</th><td>2</td><td>0</td><td>0</td>' in html


def test_no_person_of_any_body_is_named_on_the_observers_home(world, client_as):
    build(world.a)
    build(world.b)
    html = client_as("observer").get(home_url(world)).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    for person in Person.objects.all():
        for name in (person.first_name, person.last_name, person.email):
            if name:
                assert name not in main, name
    assert "data-decision" not in html
    assert action_counts(html) == {}  # no queue, no week: nothing of one person


def test_the_observer_sees_no_week_unit_or_queue(world, client_as):
    build(world.a)
    html = client_as("observer").get(home_url(world)).content.decode()
    assert 'id="the-body"' in html
    for section in ('id="my-work"', 'id="my-unit"', 'id="the-network"', "data-action"):
        assert section not in html


def test_another_bodys_figures_are_never_counted(world, client_as):
    build(world.b)
    html = client_as("observer").get(home_url(world)).content.decode()
    assert '<dd class="col-sm-5" data-figure="agreements">0</dd>' in html
    assert '<dd class="col-sm-5" data-figure="campaigns">0</dd>' in html
    assert "<td>2</td>" not in html


def test_the_observers_home_reads_a_bounded_number_of_queries(
    world, client_as, django_assert_max_num_queries
):
    build(world.a)
    client = client_as("observer")
    with django_assert_max_num_queries(20):
        assert client.get(home_url(world)).status_code == 200


def test_the_observers_home_speaks_italian(world, client_as):
    build(world.a)
    html = client_as("observer", HTTP_ACCEPT_LANGUAGE="it").get(home_url(world)).content.decode()
    for text in ("In cifre", "Persone in servizio", "Accordi in vigore", "Giovedì 11/03"):
        assert text in html, text
