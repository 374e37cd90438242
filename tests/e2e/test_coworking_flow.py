"""An employee says where they live, finds the nearest hub, picks a seat on its floor plan,
books it, goes from the plan to a meeting room and books it, and finds both in their bookings:
in Debian's chromium, every page checked with axe and for its width on a phone and a laptop."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from playwright.sync_api import expect

from agilepa.spaces.floor_plans import add_floor_plan
from agilepa.spaces.models import Booking, Hub, Room, RoomBooking, Seat, Sharing
from tests.e2e.conftest import phone_and_laptop
from tests.spaces.test_floor_plans import PLAN


def next_weekday(after: date) -> date:
    day = after + timedelta(days=1)
    while day.weekday() > 4:
        day += timedelta(days=1)
    return day


def test_find_a_hub_from_home_book_a_seat_and_a_room(world, page_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
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
    plan = add_floor_plan(hub, "Piano terra", io.BytesIO(PLAN))
    hub.seats.filter(code="P02").update(floor_plan=plan, plan_x=60, plan_y=50)
    Room.objects.create(
        hub=hub, name="Sala Reno", capacity=6, floor_plan=plan, plan_x=30, plan_y=50
    )

    page = page_as("employee")
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
    hub_page = page.url
    # The plan's P02 (not the first seat, which "any free seat" would give) chosen on the map.
    page.get_by_role("link", name="Postazione P02, libera: sceglila").click()
    expect(page.locator("#seat-any")).not_to_be_checked()
    phone_and_laptop(page, "a hub's seats on its plan")
    page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page.locator(".alert-success").first).to_be_visible()
    booking = Booking.objects.get()
    assert booking.person == world.a.employee_person and booking.seat.code == "P02"

    day = next_weekday(date.today())
    page.goto(hub_page)
    page.get_by_role("link", name="Sala Reno, sala riunioni: prenota").click()
    expect(page.locator("h1")).to_contain_text("Sala Reno")
    expect(
        page.get_by_role("img", name="Planimetria: Piano terra, con in evidenza Sala Reno")
    ).to_be_visible()
    phone_and_laptop(page, "a meeting room on its plan")
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
