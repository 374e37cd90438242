"""HR places a seat or a room by clicking the hub's floor plan on its page: the page draws the
plan chosen under the two percentage fields, with the place marked, and hands the script each
plan's address and proportions in data- attributes. Without a plan there is nothing to click,
and the fields alone are the way (and the keyboard's) to give the place. The click itself is
tested in Chromium (tests/e2e/test_place_on_plan_by_click.py)."""

from __future__ import annotations

from decimal import Decimal

from agilepa.spaces.models import Seat
from tests.spaces.test_booking import make_hub
from tests.spaces.test_rooms import make_room
from tests.spaces.test_rooms_on_floor_plans import make_plan


def seat_page(world, client_as, seat: Seat) -> str:
    url = f"/b/{world.a.body.slug}/hubs/{seat.hub_id}/manage/seats/{seat.pk}/"
    return client_as("hr_admin").get(url).content.decode()


def test_a_seat_page_without_a_plan_in_the_hub_draws_no_plan(world, client_as) -> None:
    hub = make_hub(world.a.body, seats=1)
    html = seat_page(world, client_as, hub.seats.get())
    assert "<image" not in html and "data-place-on-plan" not in html
    assert 'name="plan_x"' in html and 'name="plan_y"' in html


def test_a_room_page_without_a_plan_in_the_hub_draws_no_plan(world, client_as) -> None:
    room = make_room(make_hub(world.a.body))
    html = (
        client_as("hr_admin")
        .get(f"/b/{world.a.body.slug}/hubs/{room.hub_id}/manage/rooms/{room.pk}/")
        .content.decode()
    )
    assert "<image" not in html and "data-place-on-plan" not in html


def test_each_plan_option_carries_its_file_and_proportions(world, client_as) -> None:
    hub = make_hub(world.a.body, seats=1)
    plan = make_plan(hub)  # 200 x 100: half as high as wide
    html = seat_page(world, client_as, hub.seats.get())
    src = f"/b/{world.a.body.slug}/hubs/{hub.pk}/plans/{plan.pk}/"
    assert f'data-plan-src="{src}" data-plan-ratio-height="50.000"' in html
    assert "spaces/place-on-plan.js" in html
    # No plan chosen yet: the drawing waits, hidden, for the select.
    assert 'data-plan-y="id_plan_y" hidden>' in html


def test_the_plan_chosen_is_drawn_with_the_place_marked(world, client_as) -> None:
    hub = make_hub(world.a.body, seats=1)
    plan = make_plan(hub)
    seat = hub.seats.get()
    Seat.objects.filter(pk=seat.pk).update(
        floor_plan=plan, plan_x=Decimal("25"), plan_y=Decimal("50")
    )
    html = seat_page(world, client_as, seat)
    assert 'viewBox="0 0 100 50.000"' in html and 'aria-hidden="true"' in html
    assert f'<image href="/b/{world.a.body.slug}/hubs/{hub.pk}/plans/{plan.pk}/"' in html
    assert '<circle cx="25.00" cy="25.00"' in html  # 50% down a plan half as high as wide


def test_a_place_refused_is_drawn_as_posted_without_a_marker(world, client_as) -> None:
    hub = make_hub(world.a.body, seats=1)
    make_plan(hub)
    other = make_plan(hub, "Primo piano")
    seat = hub.seats.get()
    page = client_as("hr_admin").post(
        f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/seats/{seat.pk}/",
        {"floor_plan": other.pk, "plan_x": "120", "plan_y": "10"},
    )
    html = page.content.decode()
    assert "plan_x" in page.context["form"].errors
    assert f"/plans/{other.pk}/" in html.split("<svg", 1)[1]
    assert '<circle display="none"' in html


def test_the_hint_says_the_fields_are_the_keyboards_way_in_italian(world, client_as) -> None:
    hub = make_hub(world.a.body, seats=1)
    make_plan(hub)
    seat = hub.seats.get()
    html = (
        client_as("hr_admin", HTTP_ACCEPT_LANGUAGE="it")
        .get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/seats/{seat.pk}/")
        .content.decode()
    )
    assert "Con la tastiera" in html
