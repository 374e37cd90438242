"""Closing a hub cancels the bookings of the closed days, drops their waitlist and tells each
person once; the days before stay as they were."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from agilepa.audit.models import AuditEntry
from agilepa.core.access import PermissionDeniedForRole
from agilepa.spaces import closures, services
from agilepa.spaces.models import (
    Booking,
    BookingStatus,
    Hub,
    HubClosure,
    Room,
    RoomBookingStatus,
    RoomSlot,
    Slot,
    WaitlistEntry,
)
from agilepa.spaces.rooms import booking as rooms
from tests.factories import PersonFactory
from tests.spaces.test_booking import MONDAY, TODAY, access_of, make_hub
from tests.spaces.test_hub_pages import next_weekday

TUESDAY = MONDAY + timedelta(days=1)
WEDNESDAY = MONDAY + timedelta(days=2)


def book_for(world, hub, day, n: int = 1):
    """`n` people of body A booked (by HR) on `day`; returns their bookings."""
    hr = access_of(world, "hr_admin")
    return [
        services.book(hr, hub, day, person=PersonFactory(body=world.a.body), today=TODAY)
        for _ in range(n)
    ]


def test_closing_days_cancels_their_bookings_and_waitlist_and_leaves_the_day_before(
    world, django_capture_on_commit_callbacks
) -> None:
    hub = make_hub(world.a.body, seats=1)
    (before,) = book_for(world, hub, MONDAY)
    (closed,) = book_for(world, hub, TUESDAY)
    waiting = PersonFactory(body=world.a.body)
    with pytest.raises(services.Full):
        services.book(access_of(world, "hr_admin"), hub, TUESDAY, person=waiting, today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = closures.close_hub(
            access_of(world, "hr_admin"),
            hub,
            TUESDAY,
            "Disinfestazione",
            until=WEDNESDAY,
            today=TODAY,
        )
    assert outcome == closures.Outcome(moved=0, cancelled=1, dropped=1)
    assert sorted(HubClosure.objects.values_list("date", flat=True)) == [TUESDAY, WEDNESDAY]
    before.refresh_from_db()
    closed.refresh_from_db()
    assert (
        before.status == BookingStatus.BOOKED and Slot.objects.filter(booking=before).count() == 2
    )
    assert closed.status == BookingStatus.CANCELLED and not Slot.objects.filter(booking=closed)
    assert not WaitlistEntry.objects.filter(date=TUESDAY).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([closed.person.email, waiting.email])
    told = next(m for m in mail.outbox if m.to == [closed.person.email])
    assert "15/12/2026" in told.body and "P01" in told.body
    entry = AuditEntry.objects.get(action="spaces.hub_close")
    assert entry.changes["cancelled"] == 1 and entry.changes["waitlist_dropped"] == 1


def test_the_people_are_told_once_even_when_the_closure_runs_again(
    world, django_capture_on_commit_callbacks
) -> None:
    hub = make_hub(world.a.body)
    book_for(world, hub, TUESDAY, 2)
    hr = access_of(world, "hr_admin")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            closures.close_hub(hr, hub, TUESDAY, "Sciopero", until=TUESDAY, today=TODAY)
    assert len(mail.outbox) == 2
    assert HubClosure.objects.count() == 1
    # The task retried with the same key sends nothing more.
    person_id = Booking.objects.first().person_id
    key = f"spaces-hub-close:{hub.pk}:{TUESDAY.isoformat()}:{TUESDAY}:{person_id}"
    assert (
        closures.tell.call(
            key,
            person_id,
            [
                {
                    "kind": "cancelled",
                    "hub": "x",
                    "date": TUESDAY.isoformat(),
                    "half": "day",
                    "seat": "P01",
                }
            ],
        )
        == 0
    )
    assert len(mail.outbox) == 2


def test_closing_for_good_closes_the_hub_and_cancels_from_the_date(world) -> None:
    hub = make_hub(world.a.body)
    (kept,) = book_for(world, hub, MONDAY)
    (gone,) = book_for(world, hub, WEDNESDAY)
    closures.close_hub(access_of(world, "hr_admin"), hub, TUESDAY, "", today=TODAY)
    hub.refresh_from_db()
    assert not hub.is_active
    assert Booking.objects.get(pk=kept.pk).status == BookingStatus.BOOKED
    assert Booking.objects.get(pk=gone.pk).status == BookingStatus.CANCELLED


def test_closing_cancels_the_room_bookings_of_the_days(world) -> None:
    hub = make_hub(world.a.body, opens_at=time(8, 0), closes_at=time(19, 0))
    room = Room.objects.create(hub=hub, name="Sala Nettuno")
    booking = rooms.book_room(
        access_of(world, "employee"),
        room,
        TUESDAY,
        time(10, 0),
        time(11, 0),
        today=TODAY,
        now=_at(TODAY),
    )
    outcome = closures.close_hub(
        access_of(world, "hr_admin"), hub, TUESDAY, "Lavori", until=TUESDAY, today=TODAY
    )
    booking.refresh_from_db()
    assert outcome.cancelled == 1 and booking.status == RoomBookingStatus.CANCELLED
    assert not RoomSlot.objects.filter(booking=booking).exists()


def _at(day: date):
    from datetime import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def test_a_closure_cannot_start_on_a_past_day(world) -> None:
    hub = make_hub(world.a.body)
    with pytest.raises(ValidationError) as refused:
        closures.close_hub(
            access_of(world, "hr_admin"), hub, TODAY - timedelta(days=1), "x", today=TODAY
        )
    assert "passed" in str(refused.value)
    assert not HubClosure.objects.exists()


def test_the_page_adds_a_closure_says_the_counts_and_refuses_a_past_day(world, client_as) -> None:
    hub = make_hub(world.a.body)
    day = next_weekday()
    hr = access_of(world, "hr_admin")
    services.book(hr, hub, day, person=PersonFactory(body=world.a.body))
    client = client_as("hr_admin")
    url = f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/"
    response = client.post(
        url, {"action": "closure", "date": day.isoformat(), "reason": "Neve"}, follow=True
    )
    assert "cancelled: 1" in response.content.decode()
    assert Booking.objects.get().status == BookingStatus.CANCELLED
    past = (day - timedelta(days=10)).isoformat()
    response = client.post(url, {"action": "closure", "date": past, "reason": "x"}, follow=True)
    assert "cannot start on a day that has passed" in response.content.decode()
    assert HubClosure.objects.count() == 1


def test_unticking_open_closes_the_hub_for_good_through_the_service(world, client_as) -> None:
    hub = make_hub(world.a.body, book_ahead_days=30)
    day = next_weekday()
    services.book(access_of(world, "hr_admin"), hub, day, person=PersonFactory(body=world.a.body))
    client = client_as("hr_admin")
    client.post(
        f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/",
        {
            "action": "hub",
            "name": hub.name,
            "address": hub.address,
            "municipality": hub.municipality,
            "sharing": hub.sharing,
            "opening_weekdays": ["0", "1", "2", "3", "4"],
            "opens_at": "08:00",
            "closes_at": "19:00",
            "max_days_per_month": "8",
            "max_days_per_week": "5",
            "book_ahead_days": "30",
            "cancel_until": "18:00",
            "release_no_show_at": "10:30",
        },
    )
    assert not Hub.objects.get().is_active
    assert Booking.objects.get().status == BookingStatus.CANCELLED


def test_another_bodys_hub_cannot_be_closed(world, client_as) -> None:
    hub = make_hub(world.b.body)
    response = client_as("hr_admin").post(
        f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/",
        {"action": "closure", "date": next_weekday().isoformat(), "reason": "x"},
    )
    assert response.status_code == 404
    assert not HubClosure.objects.exists()
    with pytest.raises(PermissionDeniedForRole):
        closures.close_hub(access_of(world, "hr_admin"), hub, MONDAY, "x", today=TODAY)
