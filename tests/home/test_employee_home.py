"""The employee's home: the week of the published plan and what waits for them."""

from __future__ import annotations

from django.urls import reverse

from tests.home.conftest import action_counts, action_link, home_url
from tests.home.helpers import build


def test_the_week_shows_each_weekday_from_the_plan_with_the_seat_booked(world, client_as):
    build(world.a)
    html = client_as("employee").get(home_url(world)).content.decode()
    section = html[
        html.index('id="my-work"') : html.index("</section>", html.index('id="my-work"'))
    ]
    for label in (
        "Monday 08/03",
        "Tuesday 09/03",
        "Wednesday 10/03",
        "Thursday 11/03",
        "Friday 12/03",
    ):
        assert label in section
    assert section.count("In the office") == 2 and section.count("Remote") == 3
    assert 'aria-current="date"' in section
    assert "Seat booked: Hub c_a" in section


def test_the_next_actions_are_counted_and_each_links_where_to_act(world, client_as):
    built = build(world.a)
    html = client_as("employee").get(home_url(world)).content.decode()
    assert action_counts(html) == {
        "confirm": built.to_confirm,
        "change_request": 1,
        "checkin": 1,
        "survey": 1,
    }
    my_month = reverse("planning:my_month", kwargs={"body": world.a.body.slug})
    assert action_link(html, "confirm") == my_month
    assert action_link(html, "change_request") == my_month
    assert action_link(html, "checkin") == reverse("objectives:mine", kwargs={"body": "c_a"})
    survey = action_link(html, "survey")
    assert survey is not None and "/survey/#t=" in survey
    assert f'href="{my_month}"' in html


def test_a_day_confirmed_is_no_longer_to_confirm(world, client_as):
    from agilepa.planning.models import ActualDay

    built = build(world.a)
    ActualDay.objects.create(
        body=world.a.body,
        person=world.a.employee_person,
        date=built.plan.days.filter(person=world.a.employee_person).order_by("date")[1].date,
        kind="remote",
        source="confirmed",
    )
    html = client_as("employee").get(home_url(world)).content.decode()
    assert action_counts(html)["confirm"] == built.to_confirm - 1


def test_the_employee_sees_no_unit_body_or_network_section(world, client_as):
    build(world.a)
    html = client_as("employee").get(home_url(world)).content.decode()
    assert 'id="my-work"' in html
    for section in ('id="my-unit"', 'id="the-body"', 'id="the-network"'):
        assert section not in html


def test_another_bodys_plan_requests_objectives_and_surveys_are_never_counted(world, client_as):
    build(world.b)
    html = client_as("employee").get(home_url(world)).content.decode()
    assert set(action_counts(html).values()) == {0}
    assert html.count("Not in a published plan") == 5
    assert "Hub c_b" not in html


def test_the_employees_home_reads_a_bounded_number_of_queries(
    world, client_as, django_assert_max_num_queries
):
    build(world.a)
    build(world.b)
    client = client_as("employee")
    with django_assert_max_num_queries(25):
        assert client.get(home_url(world)).status_code == 200


def test_the_employees_home_speaks_italian(world, client_as):
    build(world.a)
    html = client_as("employee", HTTP_ACCEPT_LANGUAGE="it").get(home_url(world)).content.decode()
    for text in (
        "Il mio lavoro",
        "La mia settimana",
        "Lunedì 08/03",
        "Da fare",
        "giorni di questo mese in cui confermare dove hai lavorato",
        "obiettivo di cui è dovuto l&#x27;aggiornamento",
        "Il mio mese",
        "Oggi è mercoledì 10 marzo 2027.",
    ):
        assert text in html, text


def test_on_a_weekend_the_week_shown_is_the_one_to_come():
    from datetime import date

    from agilepa.home.selectors import week_of

    assert week_of(date(2027, 3, 13)) == week_of(date(2027, 3, 15))  # Saturday, next Monday
    assert week_of(date(2027, 3, 12))[0] == date(2027, 3, 8)  # Friday: its own week
