"""The person's week and month pages: a Monday-Friday calendar with a legend, each day in words,
its actions, only the person's own data, in a bounded number of queries."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agilepa.planning.calendar import national_holidays
from agilepa.planning.models import Absence, MonthPlan, PlanDay, PlanStatus
from agilepa.planning.person_calendar import monday_of
from agilepa.spaces.models import Booking
from tests.factories import weekdays


def publish_days(side, person, days: dict[date, str]) -> None:
    """A published plan of the side's Area holding the person's `days` (date: kind)."""
    for day, kind in days.items():
        plan, _created = MonthPlan.objects.get_or_create(
            body=side.body,
            unit=side.area,
            year=day.year,
            month=day.month,
            defaults={"status": PlanStatus.PUBLISHED, "published_at": timezone.now()},
        )
        PlanDay.objects.create(plan=plan, person=person, date=day, kind=kind)


def book(side, person, day: date) -> Booking:
    from tests.spaces.test_booking import make_hub

    hub = make_hub(side.body, seats=1, name=f"Hub {person.last_name}")
    return Booking.objects.create(
        hub=hub,
        seat=hub.seats.get(),
        person=person,
        date=day,
        check_in_token=secrets.token_urlsafe(32),
    )


def test_the_month_is_a_monday_to_friday_table_with_the_immacolata_and_a_legend(
    world, client_as
) -> None:
    page = client_as("employee").get(f"/b/{world.a.body.slug}/my-month/?year=2026&month=12")
    html = page.content.decode()
    table = html.split('<table class="table table-bordered person-calendar">')[1]
    table = table.split("</table>")[0]
    headers = table.split("<thead>")[1].split("</thead>")[0]
    assert [h in headers for h in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")] == [
        True
    ] * 5
    assert "Saturday" not in headers and "Sunday" not in headers
    first_row = table.split("<tbody>")[1].split("</tr>")[0]
    cells = first_row.split("<td ")[1:]
    assert 'id="day-2026-11-30"' in cells[0] and "day-outside" in cells[0]
    assert 'id="day-2026-12-01"' in cells[1]  # the Tuesday column
    immacolata = table.split('id="day-2026-12-08"')[1].split("</td>")[0]
    assert 'class="status-holiday"' in immacolata
    assert "holiday: Immacolata Concezione" in immacolata
    legend = html.split('class="calendar-legend"')[1].split("</ul>")[0]
    for words in ("in the office", "remote work", "coworking", "absence", "holiday"):
        assert f"<strong>{words}</strong>" in legend


def working_week(monday: date, step: int) -> date:
    """The Monday of the first week from `monday` (going by `step` weeks) with no holiday."""
    while any(d in national_holidays(d.year) for d in weekdays(monday, monday + timedelta(4))):
        monday += timedelta(days=7 * step)
    return monday


def test_each_day_says_where_and_offers_its_actions(world, client_as) -> None:
    person = world.a.employee_person
    today = timezone.localdate()
    last_monday = working_week(monday_of(today) - timedelta(days=7), -1)
    next_monday = working_week(monday_of(today) + timedelta(days=7), 1)
    publish_days(
        world.a,
        person,
        {
            last_monday: "office",
            next_monday: "office",
            next_monday + timedelta(days=1): "remote",
            next_monday + timedelta(days=2): "remote",
        },
    )
    book(world.a, person, next_monday + timedelta(days=2))
    Absence.objects.create(
        body=world.a.body,
        person=person,
        start=next_monday + timedelta(days=3),
        end=next_monday + timedelta(days=3),
        kind="leave",
    )
    client = client_as("employee")
    slug = world.a.body.slug

    def day_cell(html: str, day: date) -> str:
        return html.split(f'id="day-{day.isoformat()}"')[1].split("</td>")[0]

    past = client.get(f"/b/{slug}/my-week/?date={last_monday.isoformat()}").content.decode()
    confirm = day_cell(past, last_monday)
    assert "in the office" in confirm
    assert f"#actual-{last_monday.isoformat()}" in confirm and "Ask for a change" not in confirm

    week = client.get(f"/b/{slug}/my-week/?date={next_monday.isoformat()}").content.decode()
    office = day_cell(week, next_monday)
    assert "in the office" in office
    assert f"ask={next_monday.isoformat()}#ask-title" in office
    assert "Book a seat near home" not in office  # an office day: no seat offered
    remote = day_cell(week, next_monday + timedelta(days=1))
    assert "remote work" in remote
    assert f"/hubs/?date={(next_monday + timedelta(days=1)).isoformat()}" in remote
    booked = day_cell(week, next_monday + timedelta(days=2))
    assert f"coworking Hub {person.last_name}" in booked and "Book a seat" not in booked
    leave = day_cell(week, next_monday + timedelta(days=3))
    assert "absence" in leave and "Leave" in leave and "day-actions" not in leave
    assert f"?date={(next_monday - timedelta(days=7)).isoformat()}" in week  # previous week
    assert f"?date={(next_monday + timedelta(days=7)).isoformat()}" in week  # next week


def test_asking_for_a_change_from_a_day_preselects_it_in_the_form(world, client_as) -> None:
    person = world.a.employee_person
    following = (timezone.localdate().replace(day=28) + timedelta(days=4)).replace(day=1)
    future = weekdays(following, following + timedelta(days=27))
    publish_days(world.a, person, {future[0]: "office", future[-1]: "office"})
    url = f"/b/{world.a.body.slug}/my-month/?year={following.year}&month={following.month}"
    html = client_as("employee").get(f"{url}&ask={future[-1].isoformat()}").content.decode()
    form = html.split('id="ask-title"')[1].split("</form>")[0]
    assert f'<option value="{future[-1].isoformat()}" selected>' in form
    assert f'<option value="{future[0].isoformat()}">' in form
    assert '<label class="form-label" for="to_date">' in form  # a plain label above the field


def test_another_persons_days_and_another_body_never_show(world, client_as) -> None:
    """No parameter names a person: ?person= is ignored, and another body's page is a 404."""
    colleague = world.a.colleague
    monday = working_week(monday_of(timezone.localdate()) + timedelta(days=7), 1)
    publish_days(world.a, colleague, {monday: "remote"})
    book(world.a, colleague, monday)
    client = client_as("employee")
    slug = world.a.body.slug
    for url in (
        f"/b/{slug}/my-week/?date={monday.isoformat()}&person={colleague.pk}",
        f"/b/{slug}/my-month/?year={monday.year}&month={monday.month}&person={colleague.pk}",
    ):
        html = client.get(url).content.decode()
        assert f"Hub {colleague.last_name}" not in html
        cell = html.split(f'id="day-{monday.isoformat()}"')[1].split("</td>")[0]
        assert "not planned" in cell
    for url in (f"/b/{world.b.body.slug}/my-week/", f"/b/{world.b.body.slug}/my-month/"):
        assert client.get(url).status_code == 404


def test_the_pages_speak_italian(world) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(world.users["employee"])
    slug = world.a.body.slug
    month = client.get(f"/b/{slug}/my-month/?year=2026&month=12").content.decode()
    assert "Il mio mese" in month and "Lunedì" in month and "festivo: Immacolata" in month
    for words in ("in sede", "lavoro agile", "coworking", "assenza", "non pianificato"):
        assert f"<strong>{words}</strong>" in month
    week = client.get(f"/b/{slug}/my-week/?date=2026-12-07").content.decode()
    assert "La mia settimana" in week and "Settimana successiva" in week


def test_the_queries_do_not_grow_with_the_days(world, client_as) -> None:
    person = world.a.employee_person
    client = client_as("employee")
    slug = world.a.body.slug
    counts = []
    for start, end in [(date(2027, 3, 1), date(2027, 3, 2)), (date(2027, 3, 3), date(2027, 3, 31))]:
        publish_days(world.a, person, dict.fromkeys(weekdays(start, end), "remote"))
        for day in weekdays(start, end)[:5]:
            book(world.a, person, day)
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/b/{slug}/my-month/?year=2027&month=3")
        counts.append(len(queries))
        MonthPlan.objects.all().delete()
    assert counts[0] == counts[1]


def test_the_week_and_the_month_read_a_bounded_number_of_queries(
    world, client_as, django_assert_max_num_queries
) -> None:
    person = world.a.employee_person
    publish_days(
        world.a,
        person,
        dict.fromkeys(weekdays(date(2027, 3, 1), date(2027, 3, 31)), "remote"),
    )
    client = client_as("employee")
    slug = world.a.body.slug
    with django_assert_max_num_queries(30):
        assert client.get(f"/b/{slug}/my-month/?year=2027&month=3").status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(f"/b/{slug}/my-week/?date=2027-03-10").status_code == 200


def test_the_unit_grid_explains_its_letters(world, client_as) -> None:
    publish_days(
        world.a, world.a.colleague, {date(2027, 3, 1): "office", date(2027, 3, 2): "remote"}
    )
    publish_days(world.a, world.a.employee_person, {date(2027, 3, 1): "remote"})
    html = client_as("employee").get(f"/b/{world.a.body.slug}/my-month/?year=2027&month=3")
    text = html.content.decode()
    legend = text.split('class="unit-legend small"')[1].split("</ul>")[0]
    assert "<strong>S</strong> = in the office (in sede)" in legend
    assert "<strong>R</strong> = remote (lavoro agile)" in legend
    assert '<abbr title="in the office (in sede)">S</abbr>' in text


def test_an_account_without_a_person_gets_no_calendar_and_no_action(world, client_as) -> None:
    client = client_as("platform_admin")
    for url in (f"/b/{world.a.body.slug}/my-week/", f"/b/{world.a.body.slug}/my-month/"):
        html = client.get(url).content.decode()
        assert "no days of your own" in html
        assert "person-calendar" not in html and "Book a seat near home" not in html
