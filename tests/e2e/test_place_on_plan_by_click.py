"""HR places a seat and a meeting room by clicking the hub's floor plan on their pages, in
Debian's chromium: the select switches the plan drawn, a click fills the two percentage fields
and moves the marker, and the place saved is where the click was. Both pages checked with axe
and for their width on a phone and a laptop, under the strict Content-Security-Policy."""

from __future__ import annotations

import io
from decimal import Decimal

from playwright.sync_api import expect

from agilepa.spaces.floor_plans import add_floor_plan
from agilepa.spaces.models import Room, Seat
from tests.e2e.conftest import phone_and_laptop
from tests.spaces.test_booking import make_hub
from tests.spaces.test_floor_plans import PLAN, png

PLAN_SVG = "main [data-place-on-plan] svg"


def click_plan_at(page, across: float, down: float) -> None:
    """A click on the plan at a fraction of its width and height (its box has the plan's own
    proportions)."""
    box = page.locator(PLAN_SVG).bounding_box()
    page.locator(PLAN_SVG).click(position={"x": box["width"] * across, "y": box["height"] * down})


def csp_violations(page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return found


def test_hr_places_a_seat_by_clicking_the_plan(world, page_as, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    hub = make_hub(world.a.body, seats=1)
    ground = add_floor_plan(hub, "Piano terra", io.BytesIO(PLAN))  # 200 x 100
    first = add_floor_plan(hub, "Primo piano", io.BytesIO(png(400, 300)))
    seat = hub.seats.get()

    page = page_as("hr_admin")
    violations = csp_violations(page)
    page.goto(f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/seats/{seat.pk}/")
    # No plan chosen yet: nothing drawn, the fields as they always were.
    expect(page.locator("main [data-place-on-plan]")).to_be_hidden()
    expect(page.locator("#id_plan_x")).to_be_visible()

    page.locator("#id_floor_plan").select_option(str(first.pk))
    expect(page.locator(PLAN_SVG)).to_have_attribute("viewBox", "0 0 100 75.000")
    page.locator("#id_floor_plan").select_option(str(ground.pk))
    expect(page.locator(PLAN_SVG)).to_have_attribute("viewBox", "0 0 100 50.000")
    expect(page.locator(f"{PLAN_SVG} image")).to_have_attribute(
        "href", f"/b/{world.a.body.slug}/hubs/{hub.pk}/plans/{ground.pk}/"
    )
    expect(page.locator("main [data-place-on-plan-hint]")).to_contain_text("Con la tastiera")
    phone_and_laptop(page, "a seat's page with its floor plan", visible=PLAN_SVG)

    click_plan_at(page, 0.25, 0.5)
    x = float(page.locator("#id_plan_x").input_value())
    y = float(page.locator("#id_plan_y").input_value())
    assert abs(x - 25) < 1 and abs(y - 50) < 1, (x, y)
    marker = page.locator(f"{PLAN_SVG} [data-place-on-plan-marker]")
    expect(marker).not_to_have_attribute("display", "none")
    assert abs(float(marker.get_attribute("cy")) - 25) < 0.5  # half way down a plan 50 high

    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    seat = Seat.objects.get(pk=seat.pk)
    assert seat.floor_plan == ground
    assert abs(seat.plan_x - Decimal(25)) < 1 and abs(seat.plan_y - Decimal(50)) < 1
    page.context.close()
    assert violations == []


def test_hr_moves_a_room_by_clicking_the_plan(world, page_as, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    hub = make_hub(world.a.body, seats=0)
    plan = add_floor_plan(hub, "Piano terra", io.BytesIO(PLAN))
    room = Room.objects.create(
        hub=hub, name="Sala Reno", capacity=6, floor_plan=plan, plan_x=30, plan_y=50
    )

    page = page_as("hr_admin")
    violations = csp_violations(page)
    page.goto(f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/rooms/{room.pk}/")
    marker = page.locator(f"{PLAN_SVG} [data-place-on-plan-marker]")
    expect(marker).to_have_attribute("cx", "30.00")
    phone_and_laptop(page, "a room's page with its floor plan", visible=PLAN_SVG)

    click_plan_at(page, 0.75, 0.2)
    expect(marker).not_to_have_attribute("cx", "30.00")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    room.refresh_from_db()
    assert abs(room.plan_x - Decimal(75)) < 1 and abs(room.plan_y - Decimal(20)) < 1
    page.context.close()
    assert violations == []
