"""Booking a meeting room by the hour: the rules, overlaps refused by the database, adjacent
bookings, cancellation, the day's grid; the pages, the API, and other bodies kept out."""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from agilepa.core.access import PermissionDeniedForRole, resolve_access
from agilepa.planning.calendar import national_holidays
from agilepa.spaces.models import Room, RoomBooking, RoomSlot
from agilepa.spaces.rooms import booking as rooms
from tests.factories import PersonFactory, UserFactory
from tests.spaces.test_booking import make_hub

MONDAY = date(2026, 12, 14)  # a week without holidays (8 December is one)
TODAY = date(2026, 11, 30)


def make_room(hub, name: str = "Sala Giunta", **kw) -> Room:
    return Room.objects.create(hub=hub, name=name, capacity=8, **kw)


@pytest.fixture
def room(world) -> Room:
    return make_room(make_hub(world.a.body))


def access_of(world, role: str):
    return resolve_access(world.users[role], world.a.body)


def book(world, room, start: str, end: str, role: str = "employee", day: date = MONDAY):
    return rooms.book_room(
        access_of(world, role),
        room,
        day,
        time.fromisoformat(start),
        time.fromisoformat(end),
        "Riunione di servizio",
        today=TODAY,
    )


def refusal(excinfo) -> dict[str, list[str]] | list[str]:
    exc = excinfo.value
    return exc.message_dict if hasattr(exc, "error_dict") else exc.messages


def next_weekday() -> date:
    day = timezone.localdate() + timedelta(days=8)
    while day.weekday() > 4 or day in national_holidays(day.year):
        day += timedelta(days=1)
    return day


# Services


def test_a_person_books_a_room_and_holds_each_half_hour(world, room) -> None:
    booking = book(world, room, "10:00", "11:30")
    assert booking.person == world.a.employee_person
    assert booking.purpose == "Riunione di servizio"
    assert sorted(RoomSlot.objects.filter(booking=booking).values_list("start", flat=True)) == [
        600,
        630,
        660,
    ]


def test_an_overlapping_booking_is_refused_naming_the_taken_time(world, room) -> None:
    book(world, room, "10:00", "11:00")
    with pytest.raises(rooms.RoomTaken) as taken:
        book(world, room, "10:30", "12:00", role="manager")
    assert taken.value.messages == ["The room is taken from 10:00 to 11:00."]
    assert RoomBooking.objects.count() == 1


def test_a_booking_spanning_two_others_names_both(world, room) -> None:
    book(world, room, "09:00", "10:00")
    book(world, room, "11:00", "12:00")
    with pytest.raises(rooms.RoomTaken) as taken:
        book(world, room, "09:30", "11:30", role="manager")
    assert taken.value.messages == ["The room is taken from 09:00 to 10:00, from 11:00 to 12:00."]


def test_adjacent_bookings_are_both_allowed(world, room) -> None:
    first = book(world, room, "10:00", "11:00")
    second = book(world, room, "11:00", "12:00", role="manager")
    assert first.pk != second.pk
    assert RoomSlot.objects.filter(room=room, date=MONDAY).count() == 4


def test_other_rooms_and_other_days_are_independent(world, room) -> None:
    other = make_room(room.hub, name="Sala Consiglio")
    book(world, room, "10:00", "11:00")
    assert book(world, other, "10:00", "11:00").room == other
    assert book(world, room, "10:00", "11:00", day=MONDAY + timedelta(days=1))


@pytest.mark.parametrize(
    ("day", "start", "end", "field", "text"),
    [
        (TODAY - timedelta(days=1), "10:00", "11:00", "date", "The day has passed."),
        (TODAY + timedelta(days=40), "10:00", "11:00", "date", "at most 30 days ahead"),
        (MONDAY + timedelta(days=5), "10:00", "11:00", "date", "closed on that weekday"),
        (MONDAY, "10:15", "11:00", "start", "Start on the hour or at half past."),
        (MONDAY, "10:00", "11:10", "end", "End on the hour or at half past."),
        (MONDAY, "11:00", "10:00", "end", "The end must come after the start."),
        (MONDAY, "11:00", "11:00", "end", "The end must come after the start."),
        (MONDAY, "07:30", "09:00", "start", "The hub is open from 08:00 to 19:00."),
        (MONDAY, "18:00", "19:30", "start", "The hub is open from 08:00 to 19:00."),
        (MONDAY, "09:00", "13:30", "end", "A room is booked for 4 hours at most."),
    ],
)
def test_each_rule_refuses_with_its_message_on_its_field(
    world, room, day: date, start: str, end: str, field: str, text: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        book(world, room, start, end, day=day)
    errors = refusal(refused)
    assert isinstance(errors, dict)
    assert any(text in message for message in errors[field]), errors
    assert not RoomBooking.objects.exists()


def test_four_hours_is_the_longest_booking(world, room) -> None:
    assert book(world, room, "09:00", "13:00")


def test_a_closed_day_is_refused_with_its_reason(world, room) -> None:
    room.hub.closures.create(date=MONDAY, reason="Elezioni")
    with pytest.raises(ValidationError) as refused:
        book(world, room, "10:00", "11:00")
    assert "Elezioni" in str(refused.value)


def test_a_time_already_past_today_is_refused(world, room) -> None:
    now = timezone.make_aware(datetime.combine(MONDAY, time(11, 5)))
    with pytest.raises(ValidationError) as refused:
        rooms.book_room(
            access_of(world, "employee"), room, MONDAY, time(11, 0), time(12, 0), now=now
        )
    assert refusal(refused) == {"start": ["That time has passed."]}
    booking = rooms.book_room(
        access_of(world, "employee"), room, MONDAY, time(11, 30), time(12, 0), now=now
    )
    assert booking.starts_at == time(11, 30)


def test_a_purpose_longer_than_200_characters_is_refused(world, room) -> None:
    with pytest.raises(ValidationError) as refused:
        rooms.book_room(
            access_of(world, "employee"),
            room,
            MONDAY,
            time(10, 0),
            time(11, 0),
            "x" * 201,
            today=TODAY,
        )
    assert "purpose" in refusal(refused)


@pytest.mark.parametrize("role", ["hr_admin", "observer"])
def test_only_a_person_books_a_room(world, room, role: str) -> None:
    with pytest.raises(PermissionDeniedForRole):
        book(world, room, "10:00", "11:00", role=role)


def test_a_room_out_of_use_cannot_be_booked(world, room) -> None:
    room.is_active = False
    room.save()
    with pytest.raises(PermissionDeniedForRole):
        book(world, room, "10:00", "11:00")


def test_a_person_of_a_body_that_may_not_use_the_hub_is_refused(world, room) -> None:
    outsider = PersonFactory(body=world.b.body, unit=world.b.service)
    outsider.user = UserFactory(email="b.person@b.it")
    outsider.save(update_fields=["user"])
    foreign = resolve_access(outsider.user, world.b.body)
    with pytest.raises(PermissionDeniedForRole):
        rooms.book_room(foreign, room, MONDAY, time(10, 0), time(11, 0), today=TODAY)


def test_cancelling_frees_the_half_hours(world, room) -> None:
    booking = book(world, room, "10:00", "11:00")
    before = timezone.make_aware(datetime.combine(MONDAY, time(9, 59)))
    rooms.cancel_room_booking(access_of(world, "employee"), booking, now=before)
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert not RoomSlot.objects.exists()
    assert book(world, room, "10:00", "11:00", role="manager").status == "booked"


def test_a_booking_cannot_be_cancelled_once_started_or_twice(world, room) -> None:
    booking = book(world, room, "10:00", "11:00")
    started = timezone.make_aware(datetime.combine(MONDAY, time(10, 0)))
    with pytest.raises(ValidationError) as late:
        rooms.cancel_room_booking(access_of(world, "employee"), booking, now=started)
    assert late.value.messages == ["A booking can be cancelled only before it starts."]
    before = started - timedelta(hours=1)
    rooms.cancel_room_booking(access_of(world, "employee"), booking, now=before)
    with pytest.raises(ValidationError):
        rooms.cancel_room_booking(access_of(world, "employee"), booking, now=before)


def test_hr_of_the_persons_body_cancels_another_person_does_not(world, room) -> None:
    booking = book(world, room, "10:00", "11:00")
    before = timezone.make_aware(datetime.combine(MONDAY, time(9, 0)))
    with pytest.raises(PermissionDeniedForRole):
        rooms.cancel_room_booking(access_of(world, "manager"), booking, now=before)
    with pytest.raises(PermissionDeniedForRole):
        rooms.cancel_room_booking(access_of(world, "observer"), booking, now=before)
    rooms.cancel_room_booking(access_of(world, "hr_admin"), booking, now=before)
    assert RoomBooking.objects.get().status == "cancelled"


def test_the_days_grid_shows_taken_time_but_no_name(world, room) -> None:
    book(world, room, "10:00", "11:00")
    grid = rooms.room_day(room, MONDAY)
    assert grid.closed == ""
    assert len(grid.slots) == 22  # 08:00 to 19:00
    taken = [s for s in grid.slots if not s.free]
    assert [(s.start, s.taken_from, s.taken_to) for s in taken] == [
        (time(10, 0), time(10, 0), time(11, 0)),
        (time(10, 30), time(10, 0), time(11, 0)),
    ]
    assert len(grid.free_slots) == 20
    assert not hasattr(taken[0], "person")


def test_the_grid_of_a_closed_day_has_no_free_slot(world, room) -> None:
    grid = rooms.room_day(room, MONDAY + timedelta(days=5))
    assert "closed on that weekday" in grid.closed
    assert grid.free_slots == []


@pytest.mark.django_db(transaction=True)
def test_racing_for_overlapping_times_of_one_room_books_exactly_one(world) -> None:
    """20 people, each from their own thread and database connection, ask for overlapping
    times of one room: the database lets exactly one through."""
    room = make_room(make_hub(world.a.body))
    people = [PersonFactory(body=world.a.body, unit=world.a.service) for _ in range(20)]
    for n, person in enumerate(people):
        person.user = UserFactory(email=f"racer{n}@a.it")
        person.save(update_fields=["user"])
    accesses = [resolve_access(p.user, world.a.body) for p in people]
    outcomes: list[str] = []
    barrier = threading.Barrier(len(people))

    def attempt(n: int) -> None:
        start = time(9 + n % 3, 30 * (n % 2))  # 09:00 to 11:30: every pair overlaps at 11:00
        try:
            barrier.wait()
            rooms.book_room(accesses[n], room, MONDAY, start, time(12, 0), today=TODAY)
            outcomes.append("booked")
        except rooms.RoomTaken:
            outcomes.append("taken")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(len(people))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["booked"] + ["taken"] * 19
    booking = RoomBooking.objects.get(status="booked")
    assert RoomSlot.objects.filter(room=room).count() == len(
        rooms.slot_starts(booking.starts_at, booking.ends_at)
    )


# Pages


def test_the_hub_page_lists_its_rooms_in_use(world, client_as) -> None:
    hub = make_hub(world.a.body)
    room = make_room(hub, video_conference=True)
    make_room(hub, name="Sala chiusa", is_active=False)
    html = client_as("employee").get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/").content.decode()
    assert f"/b/{world.a.body.slug}/hubs/{hub.pk}/rooms/{room.pk}/" in html
    assert "video conference" in html
    assert "Sala chiusa" not in html


def test_a_person_books_a_room_on_its_page_and_sees_the_day(world, room, client_as) -> None:
    day = next_weekday()
    url = f"/b/{world.a.body.slug}/hubs/{room.hub_id}/rooms/{room.pk}/"
    client = client_as("employee")
    response = client.post(
        url,
        {"date": day.isoformat(), "start": "10:00", "end": "11:00", "purpose": "Kick-off"},
        follow=True,
    )
    html = response.content.decode()
    assert "is yours on" in html
    booking = RoomBooking.objects.get()
    assert (booking.person, booking.starts_at, booking.purpose) == (
        world.a.employee_person,
        time(10, 0),
        "Kick-off",
    )
    other = client_as("manager").get(f"{url}?date={day.isoformat()}").content.decode()
    assert "Taken (10:00\u201311:00)" in other
    assert world.a.employee_person.last_name not in other
    assert '<th scope="row">10:00\u201310:30</th>' in other


def test_a_refusal_is_shown_with_its_field(world, room, client_as) -> None:
    day = next_weekday()
    url = f"/b/{world.a.body.slug}/hubs/{room.hub_id}/rooms/{room.pk}/"
    html = (
        client_as("employee")
        .post(url, {"date": day.isoformat(), "start": "09:00", "end": "14:00"})
        .content.decode()
    )
    assert 'id="id_end_error"' in html
    assert "A room is booked for 4 hours at most." in html
    assert not RoomBooking.objects.exists()


def test_an_overlap_on_the_page_names_the_taken_time(world, room, client_as) -> None:
    day = next_weekday()
    url = f"/b/{world.a.body.slug}/hubs/{room.hub_id}/rooms/{room.pk}/"
    client_as("employee").post(url, {"date": day.isoformat(), "start": "10:00", "end": "11:00"})
    html = (
        client_as("manager")
        .post(url, {"date": day.isoformat(), "start": "10:30", "end": "11:30"})
        .content.decode()
    )
    assert "The room is taken from 10:00 to 11:00." in html
    assert RoomBooking.objects.count() == 1


def test_my_bookings_lists_room_bookings_and_cancels_them(world, room, client_as) -> None:
    day = next_weekday()
    booking = rooms.book_room(
        access_of(world, "employee"), room, day, time(14, 0), time(15, 0), "Colloquio"
    )
    client = client_as("employee")
    html = client.get(f"/b/{world.a.body.slug}/hubs/bookings/").content.decode()
    assert "Colloquio" in html and "14:00\u201315:00" in html
    cancel = f"/b/{world.a.body.slug}/hubs/room-bookings/{booking.pk}/cancel/"
    assert cancel in html
    response = client.post(cancel, follow=True)
    assert "The room booking was cancelled." in response.content.decode()
    assert RoomBooking.objects.get().status == "cancelled"
    assert not RoomSlot.objects.exists()


def test_another_person_cannot_cancel_a_room_booking(world, room, client_as) -> None:
    booking = rooms.book_room(
        access_of(world, "employee"), room, next_weekday(), time(14, 0), time(15, 0)
    )
    url = f"/b/{world.a.body.slug}/hubs/room-bookings/{booking.pk}/cancel/"
    assert client_as("manager").post(url).status_code == 403
    assert RoomBooking.objects.get().status == "booked"


def test_hr_adds_edits_and_takes_a_room_out_of_use(world, client_as) -> None:
    hub = make_hub(world.a.body)
    client = client_as("hr_admin")
    manage = f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/rooms/"
    assert manage in client.get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/").content.decode()
    client.post(
        manage, {"name": "Sala Giunta", "capacity": "10", "screen": "on", "step_free": "on"}
    )
    room = Room.objects.get()
    assert (room.capacity, room.screen, room.video_conference, room.is_active) == (
        10,
        True,
        False,
        False,  # the checkbox was not sent
    )
    duplicate = client.post(manage, {"name": "sala giunta", "capacity": "4"}).content.decode()
    assert "This hub already has a room with that name." in duplicate
    edit = f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/rooms/{room.pk}/"
    client.post(edit, {"name": "Sala Giunta", "capacity": "12", "is_active": "on"})
    room.refresh_from_db()
    assert (room.capacity, room.is_active, room.screen) == (12, True, False)
    client.post(manage, {"action": "retire", "room": room.pk})
    room.refresh_from_db()
    assert not room.is_active
    assert Room.objects.count() == 1


def test_only_hr_of_the_owner_manages_rooms(world, client_as) -> None:
    hub = make_hub(world.a.body)
    manage = f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/rooms/"
    response = client_as("employee").post(manage, {"name": "Sala", "capacity": "4"})
    assert response.status_code == 403
    assert not Room.objects.exists()


def test_a_foreign_bodys_room_page_is_not_found(world, room, client_as) -> None:
    url = f"/b/{world.b.body.slug}/hubs/{room.hub_id}/rooms/{room.pk}/"
    assert client_as("employee").get(url).status_code == 404
    outsider = PersonFactory(body=world.b.body, unit=world.b.service)
    outsider.user = UserFactory(email="b.person@b.it")
    outsider.save(update_fields=["user"])
    client = Client()
    client.force_login(outsider.user)
    assert client.get(url).status_code == 404  # an internal hub of body A


# API


def test_the_api_lists_rooms_with_their_free_half_hours(world, room, client_as) -> None:
    day = next_weekday()
    rooms.book_room(access_of(world, "employee"), room, day, time(10, 0), time(11, 0))
    make_room(room.hub, name="Sala chiusa", is_active=False)
    body = world.a.body.slug
    response = client_as("manager").get(
        f"/api/v1/bodies/{body}/hubs/{room.hub_id}/rooms?date={day.isoformat()}"
    )
    assert response.status_code == 200
    [out] = response.json()
    assert (out["id"], out["name"], out["capacity"], out["date"]) == (
        room.pk,
        "Sala Giunta",
        8,
        day.isoformat(),
    )
    free = out["free_slots"]
    assert (free[0], free[-1], len(free)) == ("08:00", "18:30", 20)
    assert "10:00" not in free and "10:30" not in free and "11:00" in free


def test_the_api_books_refuses_an_overlap_with_409_and_cancels(
    world, room, client_as, api_as
) -> None:
    day = next_weekday()
    body = world.a.body.slug
    url = f"/api/v1/bodies/{body}/rooms/{room.pk}/bookings"
    payload = {"date": day.isoformat(), "starts_at": "10:00", "ends_at": "11:00"}
    created = api_as("employee").post(url, payload | {"purpose": "Sprint"})
    assert created.status_code == 201
    out = created.json()
    assert (out["room_id"], out["starts_at"], out["purpose"]) == (room.pk, "10:00:00", "Sprint")
    taken = api_as("manager").post(url, payload | {"starts_at": "10:30"})
    assert taken.status_code == 409
    assert taken["Content-Type"] == "application/problem+json"
    assert taken.json()["detail"] == "The room is taken from 10:00 to 11:00."
    cancelled = client_as("employee").post(
        f"/api/v1/bodies/{body}/room-bookings/{out['id']}/cancel"
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert api_as("manager").post(url, payload).status_code == 201


def test_the_api_answers_422_for_a_rule_with_its_field(world, room, api_as) -> None:
    url = f"/api/v1/bodies/{world.a.body.slug}/rooms/{room.pk}/bookings"
    payload = {"date": next_weekday().isoformat(), "starts_at": "10:15", "ends_at": "11:00"}
    response = api_as("employee").post(url, payload)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "start", "message": "Start on the hour or at half past."}
    ]


def test_the_api_keeps_a_foreign_body_out(world, room, api_as) -> None:
    outsider = PersonFactory(body=world.b.body, unit=world.b.service)
    outsider.user = UserFactory(email="b.person@b.it")
    outsider.save(update_fields=["user"])
    client = api_as(outsider.user)
    b = world.b.body.slug
    assert client.get(f"/api/v1/bodies/{b}/hubs/{room.hub_id}/rooms").status_code == 404
    payload = {"date": next_weekday().isoformat(), "starts_at": "10:00", "ends_at": "11:00"}
    assert client.post(f"/api/v1/bodies/{b}/rooms/{room.pk}/bookings", payload).status_code == 404
    assert not RoomBooking.objects.exists()
