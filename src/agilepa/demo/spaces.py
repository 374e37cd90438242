"""Demo hubs: the Comune di Bologna shares a hub with the network, the Region keeps one for its
own people; two months of bookings with check-ins and no-shows feed the occupancy pages. Each
hub has a meeting room or two, booked here and there over the next working days."""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from datetime import date, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from agilepa.org.models import Body, Network, Person
from agilepa.spaces.models import Booking, Hub, Room, RoomBooking, RoomSlot, Seat, Sharing
from agilepa.spaces.rooms.booking import slot_starts

HUBS = [
    # owner slug, name, address, municipality, lat, lon, seats, sharing
    (
        "c_a944",
        "Hub Bologna Navile",
        "Via Gobetti 52",
        "Bologna",
        "44.5138",
        "11.3365",
        24,
        Sharing.NETWORK,
    ),
    (
        "c_a944",
        "Hub Casalecchio Ponte",
        "Via del Lavoro 3",
        "Casalecchio di Reno",
        "44.4745",
        "11.2760",
        10,
        Sharing.NETWORK,
    ),
    (
        "r_emiro",
        "Spazio Regione Fiera",
        "Viale della Fiera 8",
        "Bologna",
        "44.5032",
        "11.3688",
        16,
        Sharing.INTERNAL,
    ),
]

# name, capacity, video conference, screen; the first hub has both rooms, the others the first.
ROOMS = [("Sala Riunioni", 10, True, True), ("Saletta Colloqui", 4, False, True)]
# Times that never overlap one another, so that any choice of them is a valid day of a room.
MEETINGS = [
    (time(9, 0), time(10, 0)),
    (time(10, 30), time(12, 0)),
    (time(14, 0), time(15, 30)),
    (time(16, 0), time(17, 0)),
]
PURPOSES = ["Riunione di servizio", "Colloquio", "Formazione", "Videoconferenza con la Regione"]


def seed_rooms(hub: Hub, people: list[Person], rng: random.Random, today: date, count: int) -> int:
    """The hub's rooms, and a few bookings of each over the next five working days."""
    bookings = 0
    for name, capacity, video, screen in ROOMS[:count]:
        room = Room.objects.create(
            hub=hub, name=name, capacity=capacity, video_conference=video, screen=screen
        )
        day = today + timedelta(days=1)
        for _n in range(7):
            if day.weekday() < 5:
                for start, end in rng.sample(MEETINGS, k=rng.randint(1, 3)):
                    booking = RoomBooking.objects.create(
                        room=room,
                        person=rng.choice(people),
                        date=day,
                        starts_at=start,
                        ends_at=end,
                        purpose=rng.choice(PURPOSES),
                    )
                    RoomSlot.objects.bulk_create(
                        [
                            RoomSlot(booking=booking, room=room, date=day, start=m)
                            for m in slot_starts(start, end)
                        ]
                    )
                    bookings += 1
            day += timedelta(days=1)
    return bookings


@transaction.atomic
def seed_spaces(
    network: Network, progress: Callable[[str], None], today: date | None = None
) -> int:
    today = today or timezone.localdate()
    rng = random.Random(2027)
    total = 0
    for index, (slug, name, address, town, lat, lon, seats, sharing) in enumerate(HUBS):
        body = Body.objects.get(slug=slug)
        hub = Hub.objects.create(
            body=body,
            name=name,
            address=address,
            municipality=town,
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            sharing=sharing,
            opening_weekdays=[0, 1, 2, 3, 4],
            contact=f"coworking@{slug}.demo",
        )
        if sharing == Sharing.NETWORK:
            hub.networks.add(network)
        Seat.objects.bulk_create(
            [
                Seat(hub=hub, code=f"P{n:02d}", monitor=n % 2 == 0, docking_station=n % 3 == 0)
                for n in range(1, seats + 1)
            ]
        )
        seat_list = list(hub.seats.all())
        members = (
            [body.pk]
            if sharing == Sharing.INTERNAL
            else list(network.memberships.filter(status="active").values_list("body_id", flat=True))
        )
        people = list(Person.objects.filter(body_id__in=members, is_active=True)[:400])
        bookings = []
        day = today - timedelta(days=60)
        while day < today:
            if day.weekday() < 5:
                for seat in rng.sample(
                    seat_list, k=rng.randint(len(seat_list) // 3, len(seat_list) - 1)
                ):
                    status = "checked_in" if rng.random() < 0.88 else "released"
                    bookings.append(
                        Booking(
                            hub=hub,
                            seat=seat,
                            person=rng.choice(people),
                            date=day,
                            status=status,
                            check_in_token=secrets.token_urlsafe(32),
                        )
                    )
            day += timedelta(days=1)
        Booking.objects.bulk_create(bookings, batch_size=2000)
        total += len(bookings)
        rooms = 2 if index == 0 else 1
        room_bookings = seed_rooms(hub, people, rng, today, rooms)
        progress(
            f"{name}: {seats} seats, {len(bookings)} bookings in the last 60 days; "
            f"{rooms} meeting room(s), {room_bookings} room bookings in the next days"
        )
    return total
