"""Booking a seat: the rules, the waitlist, cancellation, check-in, no-shows; and no
overbooking when many people race for the last seats."""

from __future__ import annotations

import io
import threading
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from agilepa.core.access import PermissionDeniedForRole, resolve_access
from agilepa.org.models import Membership, MembershipStatus
from agilepa.spaces import services
from agilepa.spaces.models import Booking, BookingStatus, Hub, Seat, Sharing, Slot, WaitlistEntry
from tests.factories import PersonFactory

MONDAY = date(2026, 12, 14)  # a week without holidays (8 December is one)
TODAY = date(2026, 11, 30)


def make_hub(body, seats: int = 2, **kw) -> Hub:
    values = {
        "body": body,
        "name": "Hub Bologna Centro",
        "address": "Piazza Maggiore 6",
        "municipality": "Bologna",
        "opening_weekdays": [0, 1, 2, 3, 4],
        "sharing": Sharing.INTERNAL,
    }
    values.update(kw)
    hub = Hub.objects.create(**values)
    Seat.objects.bulk_create([Seat(hub=hub, code=f"P{n:02d}") for n in range(1, seats + 1)])
    return hub


@pytest.fixture
def hub(world):
    return make_hub(world.a.body)


def access_of(world, role: str):
    return resolve_access(world.users[role], world.a.body)


def test_a_person_books_a_seat_and_cannot_book_twice_the_same_time(world, hub) -> None:
    access = access_of(world, "employee")
    booking = services.book(access, hub, MONDAY, today=TODAY)
    assert booking.seat.code == "P01"
    assert Slot.objects.filter(booking=booking).count() == 2
    with pytest.raises(ValidationError) as twice:
        services.book(access, hub, MONDAY, "am", today=TODAY)
    assert "already have a seat" in str(twice.value)


def test_half_days_share_a_seat(world, hub) -> None:
    morning = services.book(access_of(world, "employee"), hub, MONDAY, "am", today=TODAY)
    afternoon = services.book(access_of(world, "manager"), hub, MONDAY, "pm", today=TODAY)
    assert morning.seat == afternoon.seat


def test_the_hubs_rules_are_enforced(world, hub) -> None:
    access = access_of(world, "employee")
    saturday = MONDAY + timedelta(days=5)
    for day, text in [
        (TODAY - timedelta(days=1), "The day has passed."),
        (TODAY + timedelta(days=40), "at most 30 days ahead"),
        (saturday, "closed on that weekday"),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.book(access, hub, day, today=TODAY)
        assert text in str(refused.value)
    hub.closures.create(date=MONDAY, reason="Disinfestazione")
    with pytest.raises(ValidationError) as closed:
        services.book(access, hub, MONDAY, today=TODAY)
    assert "Disinfestazione" in str(closed.value)


def test_the_monthly_limit_per_person(world, hub) -> None:
    hub.max_days_per_month = 1
    hub.save()
    access = access_of(world, "employee")
    services.book(access, hub, MONDAY, today=TODAY)
    with pytest.raises(ValidationError) as refused:
        services.book(access, hub, MONDAY + timedelta(days=1), today=TODAY)
    assert "At most 1 days a month" in str(refused.value)


def test_an_internal_hub_is_closed_to_other_bodies_a_network_hub_is_not(world, hub) -> None:
    foreign = resolve_access(world.users["nobody"], world.a.body)
    assert foreign is None
    outsider = PersonFactory(body=world.b.body, unit=world.b.service)
    from tests.factories import UserFactory

    outsider.user = UserFactory(email="b.person@b.it")
    outsider.save(update_fields=["user"])
    other = resolve_access(outsider.user, world.b.body)
    with pytest.raises(PermissionDeniedForRole):
        services.book(other, hub, MONDAY, today=TODAY)
    hub.sharing = Sharing.NETWORK
    hub.save()
    hub.networks.add(world.network)
    with pytest.raises(PermissionDeniedForRole):  # body B is not a member yet
        services.book(other, hub, MONDAY, today=TODAY)
    Membership.objects.create(
        network=world.network, body=world.b.body, applied_on=TODAY, status=MembershipStatus.ACTIVE
    )
    assert services.book(other, hub, MONDAY, today=TODAY).person == outsider


def test_a_full_hub_waitlists_and_a_cancellation_promotes(world) -> None:
    hub = make_hub(world.a.body, seats=1)
    first = services.book(access_of(world, "employee"), hub, MONDAY, today=TODAY)
    with pytest.raises(services.Full):
        services.book(access_of(world, "manager"), hub, MONDAY, today=TODAY)
    assert WaitlistEntry.objects.get().person == world.a.manager_person
    before = timezone.make_aware(datetime.combine(MONDAY - timedelta(days=1), time(17, 0)))
    services.cancel(access_of(world, "employee"), first, now=before)
    promoted = Booking.objects.get(status=BookingStatus.BOOKED)
    assert promoted.person == world.a.manager_person
    assert WaitlistEntry.objects.get().promoted == promoted


def test_cancellation_closes_at_the_deadline(world, hub) -> None:
    booking = services.book(access_of(world, "employee"), hub, MONDAY, today=TODAY)
    late = timezone.make_aware(datetime.combine(MONDAY - timedelta(days=1), time(19, 0)))
    with pytest.raises(ValidationError):
        services.cancel(access_of(world, "employee"), booking, now=late)


def test_check_in_and_the_release_of_no_shows(world) -> None:
    hub = make_hub(world.a.body, seats=2)
    present = services.book(access_of(world, "employee"), hub, MONDAY, today=TODAY)
    absent = services.book(access_of(world, "manager"), hub, MONDAY, today=TODAY)
    nine = timezone.make_aware(datetime.combine(MONDAY, time(9, 0)))
    services.check_in(present.check_in_token, now=nine)
    with pytest.raises(ValidationError):
        services.check_in(absent.check_in_token, now=nine - timedelta(days=1))
    eleven = timezone.make_aware(datetime.combine(MONDAY, time(11, 0)))
    assert services.release_no_shows(now=eleven) == 1
    absent.refresh_from_db()
    assert absent.status == BookingStatus.RELEASED
    assert not Slot.objects.filter(booking=absent).exists()
    assert Booking.objects.get(pk=present.pk).status == BookingStatus.CHECKED_IN


@pytest.mark.django_db(transaction=True)
def test_racing_for_the_last_seats_never_overbooks(world) -> None:
    """40 people race for 20 seats, each from their own thread and database connection."""
    hub = make_hub(world.a.body, seats=20)
    people = [PersonFactory(body=world.a.body, unit=world.a.service) for _ in range(40)]
    hr = access_of(world, "hr_admin")
    outcomes: list[str] = []
    barrier = threading.Barrier(len(people))

    def attempt(person) -> None:
        try:
            barrier.wait()
            services.book(hr, hub, MONDAY, person=person, today=TODAY)
            outcomes.append("booked")
        except services.Full:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["booked"] * 20 + ["full"] * 20
    assert Booking.objects.filter(status__in=["booked", "checked_in"]).count() == 20
    assert Slot.objects.values("seat", "date", "half").distinct().count() == 40
    assert WaitlistEntry.objects.count() == 20


def test_the_sql_visibility_of_a_hub_agrees_with_hubs_for(world) -> None:
    """`services.visible_hub` (raw SQL, on every hub request) and `services.hubs_for` (the ORM,
    for lists) are two spellings of one rule: they must agree for every hub and body."""
    a, b = world.a.body, world.b.body
    for status in (MembershipStatus.ACTIVE, MembershipStatus.APPLIED):
        Membership.objects.update_or_create(
            network=world.network, body=b, defaults={"applied_on": TODAY, "status": status}
        )
        hubs = [
            make_hub(a, name=f"{status} internal", sharing=Sharing.INTERNAL),
            make_hub(a, name=f"{status} network", sharing=Sharing.NETWORK),
            make_hub(a, name=f"{status} network, none", sharing=Sharing.NETWORK),
            make_hub(a, name=f"{status} listed", sharing=Sharing.LISTED),
            make_hub(a, name=f"{status} listed, other", sharing=Sharing.LISTED),
            make_hub(a, name=f"{status} closed", sharing=Sharing.NETWORK, is_active=False),
            make_hub(b, name=f"{status} of b", sharing=Sharing.INTERNAL),
        ]
        hubs[1].networks.add(world.network)
        hubs[5].networks.add(world.network)
        hubs[3].listed_bodies.add(b)
        hubs[4].listed_bodies.add(a)
        for body in (a, b):
            usable = set(services.hubs_for(body).values_list("pk", flat=True))
            for hub in hubs:
                found = services.visible_hub(hub.pk, body.pk)
                assert (found is not None) == (hub.pk in usable), (hub.name, body)
                own_closed = services.visible_hub(hub.pk, body.pk, own_closed_too=True)
                assert (own_closed is not None) == (hub.pk in usable or hub.body_id == body.pk)
        Hub.objects.all().delete()


def test_the_release_command_frees_no_shows_once_and_promotes_the_waitlist(world) -> None:
    hub = make_hub(world.a.body, seats=1)
    absent = services.book(access_of(world, "employee"), hub, MONDAY, today=TODAY)
    with pytest.raises(services.Full):
        services.book(access_of(world, "manager"), hub, MONDAY, today=TODAY)
    Booking.objects.filter(pk=absent.pk).update(
        created_at=timezone.make_aware(datetime.combine(TODAY, time(12, 0)))
    )

    def run(at: str) -> str:
        out = io.StringIO()
        call_command("spaces_release_no_shows", "--at", f"{MONDAY}T{at}", stdout=out)
        return out.getvalue().strip()

    assert run("10:00") == "released 0"
    assert run("10:45") == "released 1"
    absent.refresh_from_db()
    assert absent.status == BookingStatus.RELEASED
    promoted = Booking.objects.get(hub=hub, date=MONDAY, status=BookingStatus.BOOKED)
    assert promoted.person == world.a.manager_person
    # The promotion happened at 10:45, after the release time (the clock of the test is --at):
    # the next runs leave it alone.
    Booking.objects.filter(pk=promoted.pk).update(
        created_at=timezone.make_aware(datetime.combine(MONDAY, time(10, 45)))
    )
    assert run("11:00") == "released 0"
    assert Booking.objects.get(pk=promoted.pk).status == BookingStatus.BOOKED


def test_asking_again_for_a_seat_one_holds_is_refused_not_waitlisted(world) -> None:
    hub = make_hub(world.a.body, seats=1)
    access = access_of(world, "employee")
    services.book(access, hub, MONDAY, today=TODAY)  # the only seat: the hub is now full
    with pytest.raises(ValidationError, match="already have a seat booked at that time"):
        services.book(access, hub, MONDAY, "pm", today=TODAY)
    assert not WaitlistEntry.objects.exists()
