"""The owner body's HR opens a hub, adds seats and closures, and reads its occupancy."""

from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone
from openpyxl import load_workbook

from agilepa.spaces.models import Booking, Hub, HubClosure, Seat
from tests.spaces.test_booking import make_hub


def test_hr_opens_a_hub_and_adds_seats_and_a_closure(world, client_as) -> None:
    from agilepa.org.models import Membership, MembershipStatus

    Membership.objects.create(
        network=world.network,
        body=world.a.body,
        applied_on=timezone.localdate(),
        status=MembershipStatus.ACTIVE,
    )
    client = client_as("hr_admin")
    response = client.post(
        f"/b/{world.a.body.slug}/hubs/new/",
        {
            "action": "hub",
            "name": "Hub Navile",
            "address": "Via Gobetti 52",
            "municipality": "Bologna",
            "sharing": "network",
            "networks": [world.network.pk],
            "opening_weekdays": ["0", "1", "2", "3", "4"],
            "opens_at": "08:00",
            "closes_at": "19:00",
            "max_days_per_month": "6",
            "max_days_per_week": "3",
            "book_ahead_days": "21",
            "cancel_until": "18:00",
            "release_no_show_at": "10:30",
            "is_active": "on",
        },
    )
    hub = Hub.objects.get()
    assert response["Location"].endswith(f"/hubs/{hub.pk}/manage/")
    assert hub.opening_weekdays == [0, 1, 2, 3, 4] and list(hub.networks.all()) == [world.network]
    url = f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/"
    client.post(url, {"action": "seats", "codes": "P01, P02,P03", "monitor": "on"})
    assert list(Seat.objects.values_list("code", "monitor")) == [
        ("P01", True),
        ("P02", True),
        ("P03", True),
    ]
    client.post(url, {"action": "closure", "date": "2026-12-24", "reason": "Vigilia"})
    assert HubClosure.objects.get().reason == "Vigilia"


def test_only_the_owners_hr_manages_a_hub(world, client_as) -> None:
    hub = make_hub(world.b.body)
    assert (
        client_as("hr_admin").get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/").status_code
        == 404
    )
    own = make_hub(world.a.body)
    assert (
        client_as("manager").get(f"/b/{world.a.body.slug}/hubs/{own.pk}/manage/").status_code == 403
    )


def test_occupancy_counts_check_ins_and_no_shows_and_exports(world, client_as) -> None:
    hub = make_hub(world.a.body, seats=4)
    seats = list(hub.seats.all())
    day = timezone.localdate() - timedelta(days=2)
    for seat, person, status in [
        (seats[0], world.a.employee_person, "checked_in"),
        (seats[1], world.a.colleague, "released"),
        (seats[2], world.a.manager_person, "checked_in"),
    ]:
        Booking.objects.create(
            hub=hub,
            seat=seat,
            person=person,
            date=day,
            status=status,
            check_in_token=f"{seat.pk}-{person.pk}".ljust(43, "x"),
        )
    client = client_as("hr_admin")
    page = client.get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/occupancy/").content.decode()
    assert day.strftime("%d/%m") in page and "occupancy-data" in page
    xlsx = client.get(
        f"/b/{world.a.body.slug}/hubs/{hub.pk}/occupancy/?format=xlsx", HTTP_ACCEPT_LANGUAGE="it"
    )
    sheet = load_workbook(io.BytesIO(xlsx.content))["Occupazione"]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[2])
    assert row[1:6] == (4, 3, 2, 1, 50.0)
