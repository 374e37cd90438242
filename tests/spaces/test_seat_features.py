"""HR sets the features of its seats; nobody else can."""

from __future__ import annotations

from agilepa.spaces.models import Seat
from tests.spaces.test_booking import make_hub


def test_hr_sets_the_features_of_a_seat(world, client_as) -> None:
    hub = make_hub(world.a.body, seats=1)
    seat = hub.seats.get()
    url = f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/seats/{seat.pk}/"
    client = client_as("hr_admin")
    assert "Standing desk" in client.get(url).content.decode()
    client.post(url, {"monitor": "on", "standing_desk": "on"})
    seat = Seat.objects.get()
    assert (seat.monitor, seat.standing_desk, seat.step_free) == (True, True, False)


def test_a_seat_of_another_hub_or_body_is_not_found(world, client_as) -> None:
    hub = make_hub(world.a.body, seats=1)
    foreign = make_hub(world.b.body, name="Hub B", seats=1).seats.get()
    client = client_as("hr_admin")
    answer = client.post(
        f"/b/{world.a.body.slug}/hubs/{hub.pk}/manage/seats/{foreign.pk}/", {"monitor": "on"}
    )
    assert answer.status_code == 404 and not Seat.objects.get(pk=foreign.pk).monitor


def test_an_employee_cannot_set_features(world, client_as) -> None:
    seat = make_hub(world.a.body, seats=1).seats.get()
    answer = client_as("employee").post(
        f"/b/{world.a.body.slug}/hubs/{seat.hub_id}/manage/seats/{seat.pk}/", {"monitor": "on"}
    )
    assert answer.status_code in (403, 404) and not Seat.objects.get().monitor
