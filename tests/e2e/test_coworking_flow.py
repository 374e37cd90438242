"""An employee says where they live, finds the nearest hub, books a seat and a meeting room,
and finds both in their bookings: in Debian's chromium, every page checked with axe and for
its width on a phone and a laptop."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from playwright.sync_api import expect

from agilepa.spaces.models import Booking, Hub, Room, RoomBooking, Seat, Sharing
from tests.e2e.conftest import phone_and_laptop
from tests.e2e.test_agreement_flow import log_in


def next_weekday(after: date) -> date:
    day = after + timedelta(days=1)
    while day.weekday() > 4:
        day += timedelta(days=1)
    return day


def test_find_a_hub_from_home_book_a_seat_and_a_room(world, browser, live_server, municipalities):
    slug = world.a.body.slug
    for name, lat, lon in [
        ("Hub Milano", "45.4642", "9.19"),
        ("Hub Casalecchio", "44.476", "11.275"),
    ]:
        hub = Hub.objects.create(
            body=world.a.body,
            name=name,
            address="Via Marconi 1",
            municipality=name[4:],
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            sharing=Sharing.INTERNAL,
            opening_weekdays=[0, 1, 2, 3, 4],
        )
        Seat.objects.bulk_create([Seat(hub=hub, code=f"P0{n}") for n in (1, 2)])
    room = Room.objects.create(hub=hub, name="Sala Reno", capacity=6)

    context, page = log_in(browser, live_server, "employee@a.it")
    page.goto(f"/b/{slug}/me/home/")
    phone_and_laptop(page, "where I live")
    page.locator("#municipality").press_sequentially("Casalecc", delay=30)
    expect(page.locator("#municipality-options option").first).to_have_attribute(
        "value", "Casalecchio di Reno (BO)"
    )
    page.locator("#municipality").fill("Casalecchio di Reno (BO)")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("Casalecchio di Reno (BO)")

    page.goto(f"/b/{slug}/hubs/")
    expect(page.locator("main")).to_contain_text("comune di residenza, Casalecchio di Reno (BO)")
    rows = page.locator("main tbody tr th a")
    expect(rows.first).to_have_text("Hub Casalecchio")  # the nearer one first
    phone_and_laptop(page, "the hubs")

    rows.first.click()
    expect(page.locator("h1")).to_contain_text("Hub Casalecchio")
    phone_and_laptop(page, "a hub's seats")
    page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page.locator(".alert-success").first).to_be_visible()
    booking = Booking.objects.get()
    assert booking.person == world.a.employee_person and booking.seat.code == "P01"

    day = next_weekday(date.today())
    page.goto(f"/b/{slug}/hubs/{hub.pk}/rooms/{room.pk}/?date={day.isoformat()}")
    phone_and_laptop(page, "a meeting room")
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_start").select_option("10:00")
    page.locator("#id_end").select_option("11:30")
    page.locator("#id_purpose").fill("Riunione di progetto")
    page.locator("form[aria-labelledby=book-heading] button[type=submit]").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    assert RoomBooking.objects.get().starts_at.hour == 10

    page.goto(f"/b/{slug}/hubs/bookings/")
    expect(page.locator("main")).to_contain_text("Hub Casalecchio")
    expect(page.locator("main")).to_contain_text("Sala Reno")
    phone_and_laptop(page, "my bookings")
    context.close()
