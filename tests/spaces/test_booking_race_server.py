"""200 booking attempts fired concurrently (32 at a time) at a real server on loopback for 20
seats: exactly 20 bookings, every other answer a clear "full, you are on the waitlist", no error.

Ten times as many attempts as seats, 32 in flight at once: every seat is contended for by
requests that overlap. The 2,000-attempt run is a benchmark (`bench/booking_race.py`, which sets
RACE_ATTEMPTS and prints the figures); it took about 80 s per database in the suite."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.utils import timezone

from agilepa.core.models import ApiToken, User, hash_token
from agilepa.org.models import Person
from agilepa.spaces.models import Booking, Slot
from tests.factories import make_tax_code
from tests.spaces.test_booking import make_hub

ATTEMPTS = int(os.environ.get("RACE_ATTEMPTS", "200"))
SEATS = 20


@pytest.mark.django_db(transaction=True)
def test_ten_times_the_seats_in_concurrent_attempts_book_exactly_the_seats(
    world, live_server
) -> None:
    hub = make_hub(world.a.body, seats=SEATS, opening_weekdays=[], book_ahead_days=60)
    users = User.objects.bulk_create(
        [User(email=f"race{n}@a.it", password="!") for n in range(ATTEMPTS)]
    )
    Person.objects.bulk_create(
        [
            Person(
                body=world.a.body,
                unit=world.a.service,
                employee_number=f"R{n:05d}",
                first_name="Nome",
                last_name=f"Corsa{n}",
                tax_code=make_tax_code(50_000 + n),
                user=user,
            )
            for n, user in enumerate(users)
        ]
    )
    tokens = [f"apa_race_{n}" for n in range(ATTEMPTS)]
    ApiToken.objects.bulk_create(
        [
            ApiToken(user=user, name="race", token_hash=hash_token(token), hint=token[:10])
            for user, token in zip(users, tokens, strict=True)
        ]
    )
    day = (timezone.localdate() + timedelta(days=7)).isoformat()
    url = f"{live_server.url}/api/v1/bodies/{world.a.body.slug}/hubs/{hub.pk}/bookings"
    body = json.dumps({"date": day}).encode()

    def attempt(token: str) -> int:
        request = urllib.request.Request(  # noqa: S310 (the live server, over http)
            url,
            data=body,
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            answer = json.loads(error.read())
            assert error.code != 409 or answer["waitlisted"] is True
            return error.code

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=32) as pool:
        statuses = Counter(pool.map(attempt, tokens))
    seconds = time.perf_counter() - started
    print(f"\n{ATTEMPTS} attempts for {SEATS} seats in {seconds:.1f} s: {dict(statuses)}")
    assert statuses == {201: SEATS, 409: ATTEMPTS - SEATS}, statuses
    assert Booking.objects.filter(hub=hub, status="booked").count() == SEATS
    assert Slot.objects.filter(seat__hub=hub).count() == 2 * SEATS
