"""HR places a meeting room on a floor plan of its hub from the room's page, as it places a seat
(the same fields, the same checks); the hub's booking page draws the room as a square with its
name, a link to the room's page, and the room's page shows its plan with the room marked."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from agilepa.spaces.models import FloorPlan, Room
from tests.spaces.test_booking import MONDAY, make_hub
from tests.spaces.test_floor_plans import PLAN, fixed_today, media_root, post_plan  # noqa: F401
from tests.spaces.test_rooms import make_room


def room_edit_url(world, room: Room) -> str:
    return f"/b/{world.a.body.slug}/hubs/{room.hub_id}/manage/rooms/{room.pk}/"


def posted(room: Room, **place: object) -> dict[str, object]:
    """The room's edit form as posted: its details unchanged, and the place given."""
    details = {"name": room.name, "capacity": room.capacity, "step_free": "on", "is_active": "on"}
    return {**details, **place}


def make_plan(hub, name: str = "Piano terra") -> FloorPlan:
    return FloorPlan.objects.create(
        hub=hub, name=name, file="x.svg", kind="svg", width=200, height=100
    )


@pytest.fixture
def hub(world):
    return make_hub(world.a.body)


def test_hr_places_a_room_and_it_is_saved(world, client_as, hub) -> None:
    room = make_room(hub)
    plan = make_plan(hub)
    answer = client_as("hr_admin").post(
        room_edit_url(world, room), posted(room, floor_plan=plan.pk, plan_x="40", plan_y="60")
    )
    assert answer.status_code == 302
    room.refresh_from_db()
    assert (room.floor_plan, room.plan_x, room.plan_y) == (plan, Decimal(40), Decimal(60))
    page = client_as("hr_admin").get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/plans/")
    assert "Piano terra</a> — 0 seats placed, 1 room placed" in page.content.decode()


def test_the_floor_plans_page_counts_in_italian(world, client_as, hub) -> None:
    plan = make_plan(hub)
    hub.seats.update(floor_plan=plan, plan_x=1, plan_y=1)
    make_room(hub, "Sala A", floor_plan=plan, plan_x=1, plan_y=1)
    make_room(hub, "Sala B", floor_plan=plan, plan_x=2, plan_y=2)
    make_room(hub, "Sala C")
    html = (
        client_as("hr_admin", HTTP_ACCEPT_LANGUAGE="it")
        .get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/plans/")
        .content.decode()
    )
    assert "2 postazioni collocate, 2 sale collocate" in html


@pytest.mark.parametrize(
    ("place", "field", "error"),
    [
        ({"plan_x": "120", "plan_y": "10"}, "plan_x", "minore o uguale a 100"),
        ({"plan_x": "10", "plan_y": "-1"}, "plan_y", "maggiore o uguale a 0"),
        ({"plan_x": "10"}, "plan_y", "Indica la posizione della sala sulla planimetria."),
    ],
    ids=["out-of-range", "negative", "missing"],
)
def test_a_wrong_or_missing_coordinate_is_refused_on_its_field(
    world, client_as, hub, place, field, error
) -> None:
    room = make_room(hub)
    plan = make_plan(hub)
    page = client_as("hr_admin", HTTP_ACCEPT_LANGUAGE="it").post(
        room_edit_url(world, room), posted(room, floor_plan=plan.pk, **place)
    )
    assert page.status_code == 200
    assert error in " ".join(page.context["form"].errors[field])
    assert f'id="id_{field}_error"' in page.content.decode()
    assert Room.objects.get().floor_plan is None


def test_the_seat_page_still_asks_for_the_seats_place(world, client_as, hub) -> None:
    plan = make_plan(hub)
    seat = hub.seats.first()
    page = client_as("hr_admin", HTTP_ACCEPT_LANGUAGE="it").post(
        f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/seats/{seat.pk}/",
        {"floor_plan": plan.pk, "plan_y": "5"},
    )
    assert page.context["form"].errors["plan_x"] == [
        "Indica la posizione della postazione sulla planimetria."
    ]


def test_only_the_hubs_own_plans_can_be_chosen(world, client_as, hub) -> None:
    room = make_room(hub)
    own = make_plan(hub)
    other_hub = make_plan(make_hub(world.a.body, name="Hub Imola"), "Piano di Imola")
    other_body = make_plan(make_hub(world.b.body, name="Hub B"), "Piano di B")
    hr = client_as("hr_admin")
    html = hr.get(room_edit_url(world, room)).content.decode()
    assert re.search(f'<option value="{own.pk}"[^>]*>Hub Bologna Centro Piano terra</option>', html)
    assert "Piano di Imola" not in html and "Piano di B" not in html
    for foreign in (other_hub, other_body):
        page = hr.post(
            room_edit_url(world, room),
            posted(room, floor_plan=foreign.pk, plan_x="10", plan_y="10"),
        )
        assert "floor_plan" in page.context["form"].errors
        assert Room.objects.get(pk=room.pk).floor_plan is None


def test_hr_cannot_place_a_room_of_another_bodys_hub(world, client_as) -> None:
    foreign = make_hub(world.b.body, name="Hub B")
    room = make_room(foreign)
    plan = make_plan(foreign)
    answer = client_as("hr_admin").post(
        f"/b/{world.a.body.slug}/hubs/{foreign.pk}/manage/rooms/{room.pk}/",
        posted(room, floor_plan=plan.pk, plan_x="1", plan_y="1"),
    )
    assert answer.status_code == 404
    assert Room.objects.get().floor_plan is None


@pytest.mark.usefixtures("fixed_today")
def test_the_hub_page_marks_the_room_with_a_link_to_its_page(world, client_as, hub) -> None:
    plan = make_plan(hub)
    room = make_room(hub, floor_plan=plan, plan_x=Decimal(30), plan_y=Decimal(50))
    make_room(hub, "Sala senza posto")
    html = (
        client_as("employee", HTTP_ACCEPT_LANGUAGE="it")
        .get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/?date={MONDAY.isoformat()}")
        .content.decode()
    )
    url = f"/b/{world.a.body.slug}/hubs/{hub.pk}/rooms/{room.pk}/?date={MONDAY.isoformat()}"
    assert f'<a href="{url}" aria-label="Sala Giunta, sala riunioni: prenota">' in html
    # A square (not a seat's circle) centred on 30% across, 50% down a plan half as high.
    assert '<rect x="28.20" y="23.20" width="3.60" height="3.60" fill="#0066cc"' in html
    assert ">Sala Giunta</text>" in html
    assert "Sala senza posto</text>" not in html
    assert "i quadrati blu sono le sale riunioni" in html


@pytest.mark.usefixtures("fixed_today")
def test_a_plan_with_rooms_and_no_seats_is_shown(world, client_as) -> None:
    hub = make_hub(world.a.body, seats=1)
    plan = make_plan(hub)
    make_room(hub, floor_plan=plan, plan_x=Decimal(10), plan_y=Decimal(10))
    html = (
        client_as("employee")
        .get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/?date={MONDAY.isoformat()}")
        .content.decode()
    )
    assert 'aria-label="Floor plan: Piano terra"' in html
    assert "<circle" not in html


def test_the_room_page_shows_its_plan_with_the_room_marked(world, client_as, hub) -> None:
    plan = make_plan(hub)
    room = make_room(hub, floor_plan=plan, plan_x=Decimal(30), plan_y=Decimal(50))
    html = (
        client_as("employee", HTTP_ACCEPT_LANGUAGE="it")
        .get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/rooms/{room.pk}/")
        .content.decode()
    )
    assert 'role="img" aria-label="Planimetria: Piano terra, con in evidenza Sala Giunta"' in html
    assert f'href="/b/{world.a.body.slug}/hubs/{hub.pk}/plans/{plan.pk}/"' in html
    assert '<rect x="28.20" y="23.20"' in html


def test_an_unplaced_room_page_has_no_plan(world, client_as, hub) -> None:
    make_plan(hub)
    room = make_room(hub)
    html = (
        client_as("employee")
        .get(f"/b/{world.a.body.slug}/hubs/{hub.pk}/rooms/{room.pk}/")
        .content.decode()
    )
    assert "Floor plan:" not in html and "/plans/" not in html


def test_deleting_a_plan_leaves_the_room_unplaced(world, hub) -> None:
    plan = make_plan(hub)
    room = make_room(hub, floor_plan=plan, plan_x=Decimal(30), plan_y=Decimal(50))
    plan.delete()
    room.refresh_from_db()
    assert room.floor_plan is None
    assert Room.objects.filter(pk=room.pk).exists()


def test_hr_uploads_a_plan_and_places_a_room_on_it(world, client_as, hub) -> None:
    hr = client_as("hr_admin")
    post_plan(hr, world, hub, "Piano terra", PLAN, "piano.svg")
    plan = FloorPlan.objects.get()
    room = make_room(hub)
    hr.post(room_edit_url(world, room), posted(room, floor_plan=plan.pk, plan_x="5", plan_y="5"))
    assert list(plan.rooms.all()) == [room]
