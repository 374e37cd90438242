"""Retiring a seat moves its bookings to a free seat of the hub at the same times, cancels
those with none free, and tells each person once; a room out of use cancels its bookings."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from agilepa.audit.models import AuditEntry
from agilepa.spaces import closures, services
from agilepa.spaces.models import (
    Booking,
    BookingStatus,
    Room,
    RoomBooking,
    RoomBookingStatus,
    Seat,
    Slot,
    WaitlistEntry,
)
from agilepa.spaces.rooms import booking as rooms
from tests.factories import PersonFactory
from tests.spaces.test_booking import MONDAY, TODAY, access_of, make_hub
from tests.spaces.test_close_hub import _at, book_for
from tests.spaces.test_hub_pages import next_weekday

TUESDAY = MONDAY + timedelta(days=1)


def seat(hub, code: str) -> Seat:
    return hub.seats.get(code=code)


def test_a_retired_seats_bookings_move_to_a_free_seat_or_are_cancelled(
    world, django_capture_on_commit_callbacks
) -> None:
    hub = make_hub(world.a.body, seats=2)
    (earlier,) = book_for(world, hub, MONDAY)  # P01, before the date: stays
    (moved,) = book_for(world, hub, TUESDAY)  # P01, P02 free: moves
    full_day = TUESDAY + timedelta(days=1)
    on_p01, on_p02 = book_for(world, hub, full_day, 2)  # no seat free: cancelled
    with django_capture_on_commit_callbacks(execute=True):
        outcome = closures.retire_seat(
            access_of(world, "hr_admin"), seat(hub, "P01"), TUESDAY, today=TODAY
        )
    assert outcome == closures.Outcome(moved=1, cancelled=1, dropped=0)
    assert not seat(hub, "P01").is_active
    earlier.refresh_from_db(), moved.refresh_from_db(), on_p01.refresh_from_db()
    assert earlier.seat.code == "P01" and earlier.status == BookingStatus.BOOKED
    assert moved.seat.code == "P02" and moved.status == BookingStatus.BOOKED
    assert set(Slot.objects.filter(booking=moved).values_list("seat__code", flat=True)) == {"P02"}
    assert on_p01.status == BookingStatus.CANCELLED and not Slot.objects.filter(booking=on_p01)
    assert Booking.objects.get(pk=on_p02.pk).status == BookingStatus.BOOKED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([moved.person.email, on_p01.person.email])
    told = next(m for m in mail.outbox if m.to == [moved.person.email])
    assert "P01" in told.body and "P02" in told.body
    assert AuditEntry.objects.get(action="spaces.seat_retire").changes["moved"] == 1


def test_a_move_never_overbooks_a_seat_taken_meanwhile(world) -> None:
    """The move writes the new seat's slots under the same unique constraint: with the only
    other seat's slot already held, the booking is cancelled, never doubled."""
    hub = make_hub(world.a.body, seats=2)
    (mine,) = book_for(world, hub, TUESDAY)
    other = PersonFactory(body=world.a.body)
    services.book(access_of(world, "hr_admin"), hub, TUESDAY, "am", person=other, today=TODAY)
    outcome = closures.retire_seat(
        access_of(world, "hr_admin"), seat(hub, "P01"), TUESDAY, today=TODAY
    )
    assert outcome.cancelled == 1 and outcome.moved == 0
    assert Slot.objects.filter(seat__code="P02", date=TUESDAY).count() == 1
    assert Booking.objects.get(pk=mine.pk).status == BookingStatus.CANCELLED


def test_the_people_are_told_once_when_the_retirement_runs_again(
    world, django_capture_on_commit_callbacks
) -> None:
    hub = make_hub(world.a.body, seats=2)
    book_for(world, hub, TUESDAY)
    hr = access_of(world, "hr_admin")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            closures.retire_seat(hr, seat(hub, "P01"), TUESDAY, today=TODAY)
    assert len(mail.outbox) == 1


def test_retiring_the_last_seat_drops_the_waitlist(world, django_capture_on_commit_callbacks):
    hub = make_hub(world.a.body, seats=1)
    book_for(world, hub, TUESDAY)
    waiting = PersonFactory(body=world.a.body)
    with pytest.raises(services.Full):
        services.book(access_of(world, "hr_admin"), hub, TUESDAY, person=waiting, today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = closures.retire_seat(
            access_of(world, "hr_admin"), seat(hub, "P01"), TUESDAY, today=TODAY
        )
    assert outcome == closures.Outcome(moved=0, cancelled=1, dropped=1)
    assert not WaitlistEntry.objects.exists()
    assert waiting.email in [m.to[0] for m in mail.outbox]


def test_a_waitlist_is_kept_while_the_hub_has_seats(world) -> None:
    hub = make_hub(world.a.body, seats=2)
    book_for(world, hub, TUESDAY, 2)
    with pytest.raises(services.Full):
        services.book(
            access_of(world, "hr_admin"),
            hub,
            TUESDAY,
            person=PersonFactory(body=world.a.body),
            today=TODAY,
        )
    closures.retire_seat(access_of(world, "hr_admin"), seat(hub, "P01"), TUESDAY, today=TODAY)
    assert WaitlistEntry.objects.count() == 1


def test_a_seat_cannot_be_retired_from_a_past_day(world) -> None:
    hub = make_hub(world.a.body)
    with pytest.raises(ValidationError):
        closures.retire_seat(
            access_of(world, "hr_admin"), seat(hub, "P01"), TODAY - timedelta(days=1), today=TODAY
        )
    assert seat(hub, "P01").is_active


def test_the_page_retires_a_seat_and_says_what_it_did(world, client_as) -> None:
    hub = make_hub(world.a.body, seats=2)
    day = next_weekday()
    services.book(access_of(world, "hr_admin"), hub, day, person=PersonFactory(body=world.a.body))
    response = client_as("hr_admin").post(
        f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/",
        {"action": "retire", "seat": seat(hub, "P01").pk},
        follow=True,
    )
    assert "moved to another seat: 1" in response.content.decode()
    assert Booking.objects.get().seat.code == "P02"


def test_another_bodys_seat_cannot_be_retired(world, client_as) -> None:
    theirs = make_hub(world.b.body)
    own = make_hub(world.a.body)
    response = client_as("hr_admin").post(
        f"/b/{world.a.body.slug}/hubs/{own.pk}/manage/",
        {"action": "retire", "seat": seat(theirs, "P01").pk},
    )
    assert response.status_code == 404
    assert seat(theirs, "P01").is_active


def test_a_room_out_of_use_cancels_its_bookings(world) -> None:
    hub = make_hub(world.a.body)
    room = Room.objects.create(hub=hub, name="Sala Nettuno")
    rooms.book_room(
        access_of(world, "employee"),
        room,
        TUESDAY,
        time(10, 0),
        time(11, 0),
        today=TODAY,
        now=_at(TODAY),
    )
    outcome = closures.retire_room(access_of(world, "hr_admin"), room, TUESDAY, today=TODAY)
    assert outcome.cancelled == 1
    assert RoomBooking.objects.get().status == RoomBookingStatus.CANCELLED
    room.refresh_from_db()
    assert not room.is_active
