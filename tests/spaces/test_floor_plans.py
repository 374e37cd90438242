"""HR uploads a floor plan per floor and places the seats on it; the booking page shows the plan
with a marker per seat (a link with an accessible name, free or taken in words too) beside the
list. An SVG plan is rebuilt from an allow-list: the attacks below never reach a browser."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from PIL import Image

from agilepa.spaces.floor_plans import sanitise_svg
from agilepa.spaces.models import FloorPlan, Seat
from tests.filebuilders import BILLION_LAUGHS, upload
from tests.spaces.test_booking import MONDAY, TODAY, make_hub

PLAN = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    b' viewBox="0 0 200 100"><title>Piano terra</title>'
    b'<rect x="0" y="0" width="200" height="100" fill="#eee"/>'
    b'<use xlink:href="#desk"/><path id="desk" d="M10 10 H 50"/></svg>'
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


def post_plan(client, world, hub, name: str, data: bytes, filename: str):
    return client.post(
        f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/plans/",
        {"name": name, "file": upload(filename, data)},
    )


def test_hr_uploads_a_plan_places_a_seat_and_people_see_it(world, client_as, fixed_today) -> None:
    hub = make_hub(world.a.body, seats=2)
    hr = client_as("hr_admin")
    post_plan(hr, world, hub, "Piano terra", PLAN, "piano.svg")
    plan = FloorPlan.objects.get()
    assert (plan.kind, plan.width, plan.height, plan.ratio_height) == ("svg", 200, 100, 50)
    seat = hub.seats.get(code="P02")
    hr.post(
        f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/seats/{seat.pk}/",
        {"floor_plan": plan.pk, "plan_x": "25", "plan_y": "50", "monitor": "on"},
    )
    seat = Seat.objects.get(pk=seat.pk)
    assert (seat.floor_plan, seat.plan_x, seat.plan_y) == (plan, 25, 50)
    html = (
        client_as("employee")
        .get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/?date={MONDAY.isoformat()}")
        .content.decode()
    )
    assert 'aria-label="Floor plan: Piano terra"' in html
    assert 'aria-label="Seat P02, free: choose it"' in html
    assert 'cx="25.00" cy="25.00"' in html  # 50% down a plan half as high as wide
    assert "P02 free</text>" in html
    served = client_as("employee").get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/plans/{plan.pk}/")
    assert served["Content-Type"] == "image/svg+xml"
    assert "sandbox" in served["Content-Security-Policy"]
    assert b"Piano terra" in b"".join(served.streaming_content)


def test_a_marker_link_preselects_its_seat_in_the_list(world, client_as, fixed_today) -> None:
    hub = make_hub(world.a.body, seats=2)
    p02 = hub.seats.get(code="P02")
    html = (
        client_as("employee")
        .get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/?date={MONDAY.isoformat()}&seat={p02.pk}")
        .content.decode()
    )
    assert f'id="seat-{p02.pk}" name="seat" value="{p02.pk}" checked>' in html
    assert 'id="seat-any" name="seat" value="">' in html


def test_a_png_plan_keeps_its_proportions(world, client_as) -> None:
    hub = make_hub(world.a.body)
    post_plan(client_as("hr_admin"), world, hub, "Primo piano", png(400, 300), "primo.png")
    plan = FloorPlan.objects.get()
    assert (plan.kind, plan.ratio_height) == ("png", 75)


def test_a_seat_placed_without_coordinates_is_refused(world, client_as) -> None:
    hub = make_hub(world.a.body, seats=1)
    plan = FloorPlan.objects.create(hub=hub, name="T", file="x.svg", kind="svg", width=1, height=1)
    seat = hub.seats.get()
    page = client_as("hr_admin").post(
        f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/seats/{seat.pk}/",
        {"floor_plan": plan.pk, "plan_x": "120"},
    )
    errors = page.context["form"].errors
    assert "plan_x" in errors and "plan_y" in errors
    assert Seat.objects.get().floor_plan is None


@pytest.mark.parametrize(
    "attack",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
    ],
    ids=["script", "onload"],
)
def test_an_svg_with_a_script_or_an_event_handler_is_refused(world, client_as, attack) -> None:
    hub = make_hub(world.a.body)
    page = post_plan(client_as("hr_admin"), world, hub, "Piano", attack, "plan.svg")
    assert "containing scripts" in str(page.context["form"].errors["file"])
    assert not FloorPlan.objects.exists()


def test_an_svg_entity_bomb_is_refused_without_expanding(world, client_as) -> None:
    hub = make_hub(world.a.body)
    bomb = BILLION_LAUGHS + b'<svg xmlns="http://www.w3.org/2000/svg"><text>&lol9;</text></svg>'
    page = post_plan(client_as("hr_admin"), world, hub, "Piano", bomb, "bomb.svg")
    assert "declares entities" in str(page.context["form"].errors["file"])
    assert not FloorPlan.objects.exists()


def test_external_references_and_foreign_content_are_stripped() -> None:
    dirty = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' viewBox="0 0 10 10">'
        b'<image href="https://evil.example/track.png"/>'
        b'<use xlink:href="https://evil.example/sprite.svg#a"/>'
        b'<use href="#ok"/>'
        b'<rect id="ok" fill="url(https://evil.example/x)" stroke="url(#grad)"'
        b' style="background:url(https://evil.example/y)" width="1" height="1"/>'
        b'<a href="javascript:alert(1)"><rect width="2" height="2"/></a>'
        b'<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'
        b"</svg>"
    )
    clean = sanitise_svg(dirty).decode()
    assert "evil.example" not in clean and "javascript" not in clean
    assert "foreignObject" not in clean and "style=" not in clean and "<image" not in clean
    assert 'href="#ok"' in clean and 'stroke="url(#grad)"' in clean


def test_another_bodys_plan_is_not_found(world, client_as) -> None:
    foreign = make_hub(world.b.body, name="Hub B")
    plan = FloorPlan.objects.create(
        hub=foreign, name="T", file="x.svg", kind="svg", width=1, height=1
    )
    answer = client_as("employee").get(f"/b/{world.a.body.slug}/hubs/{foreign.pk}/plans/{plan.pk}/")
    assert answer.status_code == 404
    own = make_hub(world.a.body)
    answer = client_as("employee").get(f"/b/{world.a.body.slug}/hubs/{own.pk}/plans/{plan.pk}/")
    assert answer.status_code == 404
