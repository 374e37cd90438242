"""The manager's month: run the planner, see the grid, change a day, publish; the person's
month and their private calendar feed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client

from agilepa.agreements.models import AgreementStatus
from agilepa.planning.models import (
    CalendarFeed,
    MonthPlan,
    PlanChange,
    PlanDay,
    PlanDayKind,
    PlanStatus,
)
from tests.factories import make_agreement, make_planned_month, make_regulation


@pytest.fixture
def planned(world):
    """March 2027 planned for body A's Area: two agile people in the Servizio."""
    make_regulation(world.a.body)
    make_agreement(world.a.employee_person, status=AgreementStatus.ACTIVE, weekdays=[0, 3])
    make_agreement(world.a.colleague, status=AgreementStatus.ACTIVE, weekdays=[1, 4])
    plan = make_planned_month(world.a)
    return world, plan


def test_the_manager_runs_the_planner_from_the_page(
    world, django_capture_on_commit_callbacks, client_as
):
    make_regulation(world.a.body)
    make_agreement(world.a.employee_person, status=AgreementStatus.ACTIVE)
    client = client_as("manager")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/b/{world.a.body.slug}/planning/",
            {"unit": world.a.service.pk, "year": "2027", "month": "3"},
        )
    plan = MonthPlan.objects.get()
    assert response["Location"].endswith(f"/planning/{plan.pk}/")
    assert plan.status == PlanStatus.READY  # the tests run background tasks at once
    page = client.get(response["Location"]).content.decode()
    assert world.a.employee_person.last_name in page
    assert "The independent checker finds every hard rule met." in page


def test_a_manager_cannot_plan_a_unit_outside_their_subtree(world, client_as) -> None:
    client = client_as("manager")
    response = client.post(
        f"/b/{world.a.body.slug}/planning/",
        {"unit": world.a.other_area.pk, "year": "2027", "month": "3"},
    )
    assert response.status_code == 403
    assert not MonthPlan.objects.exists()


def test_a_hand_edit_is_recorded_and_checked_at_once(planned, client_as) -> None:
    world, plan = planned
    person = world.a.employee_person
    monday = date(2027, 3, 8)
    assert PlanDay.objects.get(plan=plan, person=person, date=monday).kind == "remote"
    url = f"/b/{world.a.body.slug}/planning/{plan.pk}/cell/{person.pk}/{monday.isoformat()}/"
    client = client_as("manager")
    office = client.post(url).content.decode()
    assert "btn-outline-secondary" in office  # now in the office
    change = PlanChange.objects.get()
    assert (change.before, change.after, change.actor) == (
        "remote",
        "office",
        world.users["manager"],
    )
    # A Wednesday is not an agreed weekday: the checker says so at once.
    wednesday = date(2027, 3, 10)
    url = f"/b/{world.a.body.slug}/planning/{plan.pk}/cell/{person.pk}/{wednesday.isoformat()}/"
    answer = client.post(url).content.decode()
    assert "10/03/2027 is not one of the agreed weekdays." in answer


def test_publishing_is_refused_while_a_rule_is_broken(planned, client_as) -> None:
    world, plan = planned
    person = world.a.employee_person
    wednesday = date(2027, 3, 10)
    client = client_as("manager")
    client.post(
        f"/b/{world.a.body.slug}/planning/{plan.pk}/cell/{person.pk}/{wednesday.isoformat()}/"
    )
    response = client.post(f"/b/{world.a.body.slug}/planning/{plan.pk}/publish/", follow=True)
    assert "not one of the agreed weekdays" in response.content.decode()
    assert MonthPlan.objects.get(pk=plan.pk).status == PlanStatus.READY
    client.post(
        f"/b/{world.a.body.slug}/planning/{plan.pk}/cell/{person.pk}/{wednesday.isoformat()}/"
    )
    client.post(f"/b/{world.a.body.slug}/planning/{plan.pk}/publish/")
    assert MonthPlan.objects.get(pk=plan.pk).status == PlanStatus.PUBLISHED


def test_the_person_sees_the_published_month_and_subscribes_to_it(planned, client_as) -> None:
    world, plan = planned
    employee = client_as("employee")
    url = f"/b/{world.a.body.slug}/my-month/?year=2027&month=3"
    assert "No published plan for this month yet." in employee.get(url).content.decode()
    client_as("manager").post(f"/b/{world.a.body.slug}/planning/{plan.pk}/publish/")
    page = employee.get(url).content.decode()
    assert world.a.colleague.last_name in page  # the unit's month
    made = employee.post(url).content.decode()
    address = made.split('<code class="text-break">')[1].split("</code>")[0]
    assert address.endswith(".ics")
    feed = Client().get(address.replace("http://testserver", ""))
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert "SUMMARY:Lavoro agile" in body and "DTSTART;VALUE=DATE:20270308" in body
    employee.post(url, {"action": "revoke"})
    assert CalendarFeed.objects.get().revoked_at is not None
    assert Client().get(address.replace("http://testserver", "")).status_code == 404


def test_an_unknown_feed_address_answers_404(db) -> None:
    assert Client().get("/calendar/nothing-here.ics").status_code == 404


def test_a_malformed_request_gets_a_message_not_an_error(world, client_as) -> None:
    response = client_as("hr_admin").post(
        f"/b/{world.a.body.slug}/planning/",
        {"unit": "x", "year": "2027", "month": "13"},
        follow=True,
    )
    assert "Choose a unit and a valid month." in response.content.decode()


def test_the_plan_api_runs_reads_edits_and_publishes(planned, api_as) -> None:
    world, plan = planned
    manager = api_as("manager", token=True)
    base = f"/api/v1/bodies/{world.a.body.slug}/plans"
    listed = manager.get(base).json()
    assert [p["id"] for p in listed] == [plan.pk]
    detail = manager.get(f"{base}/{plan.pk}").json()
    assert detail["status"] == "ready" and detail["findings"] == []
    days = manager.get(f"{base}/{plan.pk}/days").json()
    assert {"person_id": world.a.employee_person.pk, "date": "2027-03-08", "kind": "remote"} in days
    person = world.a.employee_person.pk
    edit = manager.put(f"{base}/{plan.pk}/days/{person}/2027-03-10", {"kind": "remote"})
    assert edit.json()["kind"] == "remote"
    refused = manager.post(f"{base}/{plan.pk}/publish")
    assert refused.status_code == 422
    assert "not one of the agreed weekdays" in refused.json()["detail"]
    manager.put(f"{base}/{plan.pk}/days/{person}/2027-03-10", {"kind": "office"})
    assert manager.post(f"{base}/{plan.pk}/publish").json()["status"] == "published"
    mine = (
        api_as("employee", token=True)
        .get(f"/api/v1/bodies/{world.a.body.slug}/my-days?year=2027&month=3")
        .json()
    )
    assert {"person_id": person, "date": "2027-03-08", "kind": "remote"} in mine


def test_the_month_downloads_as_xlsx(planned, client_as) -> None:
    import io

    from openpyxl import load_workbook

    world, plan = planned
    response = client_as("manager").get(f"/b/{world.a.body.slug}/planning/{plan.pk}/plan.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["C2"].value == "01/03"
    names = [row[0].value for row in sheet.iter_rows(min_row=3) if row[0].value]
    assert str(world.a.employee_person) in names
    row = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == str(world.a.employee_person))
    # Monday 1 and Thursday 4 March are the agreement's days; Tuesday 2 is in the office.
    assert [c.value for c in row[2:6]] == ["R", "S", "S", "R"]
    # The remote days are shaded, on the person's own row only.
    assert [c.fill.fgColor.rgb for c in row[2:6]] == [
        "00CCE0FF",
        "00000000",
        "00000000",
        "00CCE0FF",
    ]
    for other in sheet.iter_rows(min_row=3):
        if other[0].value and other[0].value != str(world.a.employee_person):
            shaded = {c.column for c in other[2:-1] if c.fill.fgColor.rgb == "00CCE0FF"}
            assert shaded == {c.column for c in other[2:-1] if c.value == "R"}


def test_the_unit_calendar_lists_its_peoples_remote_days(planned, client_as) -> None:
    world, plan = planned
    client_as("manager").post(f"/b/{world.a.body.slug}/planning/{plan.pk}/publish/")
    page = client_as("manager").post(
        f"/b/{world.a.body.slug}/planning/units/{world.a.service.pk}/", {"action": "feed"}
    )
    address = page.content.decode().split('<code class="text-break">')[1].split("</code>")[0]
    body = Client().get(address.replace("http://testserver", "")).content.decode()
    assert f"SUMMARY:{world.a.employee_person.full_name}: lavoro agile" in body
    assert "In sede" not in body


def test_the_persons_feed_carries_their_coworking_bookings(world) -> None:
    import secrets
    from datetime import timedelta

    from django.utils import timezone

    from agilepa.core.access import resolve_access
    from agilepa.planning.services import new_feed
    from agilepa.spaces.models import Booking
    from tests.spaces.test_booking import make_hub

    hub = make_hub(world.a.body, seats=1)
    Booking.objects.create(
        hub=hub,
        seat=hub.seats.get(),
        person=world.a.employee_person,
        date=timezone.localdate() + timedelta(days=3),
        check_in_token=secrets.token_urlsafe(32),
    )
    raw = new_feed(resolve_access(world.users["employee"], world.a.body), world.a.employee_person)
    body = Client().get(f"/calendar/{raw}.ics").content.decode()
    assert "SUMMARY:Coworking: Hub Bologna Centro\\, P01" in body


def test_my_month_shows_my_coworking_bookings_on_their_days(planned, client_as) -> None:
    import secrets

    from agilepa.spaces.models import Booking
    from tests.spaces.test_booking import make_hub

    world, plan = planned
    client_as("manager").post(f"/b/{world.a.body.slug}/planning/{plan.pk}/publish/")
    hub = make_hub(world.a.body, seats=1)
    person = world.a.employee_person
    remote = PlanDay.objects.filter(plan=plan, person=person, kind=PlanDayKind.REMOTE).first()
    office = PlanDay.objects.filter(plan=plan, person=person, kind=PlanDayKind.OFFICE).first()
    for day, half in [(remote.date, "day"), (office.date, "am")]:
        Booking.objects.create(
            hub=hub,
            seat=hub.seats.get(),
            person=person,
            date=day,
            half=half,
            check_in_token=secrets.token_urlsafe(32),
        )
    Booking.objects.create(
        hub=hub,
        seat=hub.seats.get(),
        person=world.a.colleague,
        date=remote.date + timedelta(days=1),
        check_in_token=secrets.token_urlsafe(32),
    )
    page = client_as("employee").get(f"/b/{world.a.body.slug}/my-month/?year=2027&month=3")
    text = page.content.decode()
    assert text.count("Coworking: Hub Bologna Centro, P01") == 2
    assert text.count("(an office day in the plan)") == 1
    assert "(morning)" in text
    assert "Coworking this month" in text
    # The colleague's booking of the next day is theirs only: two bookings in my list.
    assert text.split("Coworking this month")[1].split("<h2")[0].count("seat P01") == 2


def test_the_persons_feed_carries_their_room_bookings_with_their_hours(world) -> None:
    from datetime import time

    from django.utils import timezone

    from agilepa.core.access import resolve_access
    from agilepa.planning.services import new_feed
    from agilepa.spaces.models import Room, RoomBooking, RoomBookingStatus
    from tests.spaces.test_booking import make_hub

    hub = make_hub(world.a.body, seats=1)
    room = Room.objects.create(hub=hub, name="Sala Verde", capacity=6)
    day = timezone.localdate() + timedelta(days=2)
    for start, end, status in [
        (time(10), time(11, 30), RoomBookingStatus.BOOKED),
        (time(15), time(16), RoomBookingStatus.CANCELLED),
    ]:
        RoomBooking.objects.create(
            room=room,
            person=world.a.employee_person,
            date=day,
            starts_at=start,
            ends_at=end,
            purpose="Riunione di servizio",
            status=status,
        )
    raw = new_feed(resolve_access(world.users["employee"], world.a.body), world.a.employee_person)
    body = Client().get(f"/calendar/{raw}.ics").content.decode()
    assert body.count("SUMMARY:Sala Verde (Hub Bologna Centro)") == 1
    assert f"DTSTART;TZID=Europe/Rome:{day:%Y%m%d}T100000" in body
    assert f"DTEND;TZID=Europe/Rome:{day:%Y%m%d}T113000" in body
    assert "DESCRIPTION:Riunione di servizio" in body


def test_the_plan_page_and_its_sheet_take_the_same_queries_however_many_people(
    world, client_as
) -> None:
    """The page builds the whole Area's problem for the checker, and the sheet reads every
    day: neither reads per person or per office."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from agilepa.planning.services import execute_plan
    from tests.factories import OfficeSiteFactory, PersonFactory

    make_regulation(world.a.body)
    make_agreement(world.a.employee_person, status=AgreementStatus.ACTIVE, weekdays=[0, 3])
    world.a.employee_person.office_site = OfficeSiteFactory(body=world.a.body)  # one, then six
    world.a.employee_person.save(update_fields=["office_site"])
    plan = make_planned_month(world.a)
    client = client_as("manager")
    page = f"/b/{world.a.body.slug}/planning/{plan.pk}/?unit={world.a.service.pk}"
    sheet = f"/b/{world.a.body.slug}/planning/{plan.pk}/plan.xlsx"

    def count(url: str) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    few = count(page), count(sheet)
    for n in range(5):
        person = PersonFactory(
            body=world.a.body,
            unit=world.a.service,
            office_site=OfficeSiteFactory(body=world.a.body),
        )
        make_agreement(person, status=AgreementStatus.ACTIVE, weekdays=[n % 5])
    execute_plan(plan, processes=1)
    assert (count(page), count(sheet)) == few
    assert PlanDay.objects.filter(plan=plan).values("person").distinct().count() >= 7
