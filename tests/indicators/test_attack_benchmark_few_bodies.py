"""Attack: read another member's figure off the network benchmark. With two bodies the median is
the mean of one's own figure and the other's; with four, three figures and the quartiles pin the
fourth down. The statistics need at least five bodies with a figure (or the network's own, higher
threshold): fewer, and the page, the API and the coordinator's view show none of them, nor the
members' figures under a number."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from agilepa.core.models import RoleKind
from agilepa.indicators.models import DeclaredValue
from agilepa.org.models import Membership, MembershipStatus
from tests.factories import BodyFactory, NetworkFactory, UserFactory, grant

pytestmark = pytest.mark.django_db

YEAR = 2026
CODE = "ECO_HARDWARE"  # a declared amount: each body's figure, whatever its size
TOO_FEW = "Not enough bodies to compare without revealing their figures"


def network_of(size: int, declared: int | None = None):
    """A network of `size` bodies; the first `declared` of them (all by default) declared a
    distinct hardware spend: 11.111 euro times its position. The second body's HR reads."""
    coordinator = BodyFactory()
    net = NetworkFactory(coordinator=coordinator)
    bodies = [coordinator, *(BodyFactory() for _ in range(size - 1))]
    for body in bodies[1:]:
        Membership.objects.create(
            network=net, body=body, status=MembershipStatus.ACTIVE, applied_on=date(2025, 10, 1)
        )
    for n, body in enumerate(bodies[: size if declared is None else declared], start=1):
        DeclaredValue.objects.create(body=body, code=CODE, year=YEAR, value=Decimal(11111 * n))
    hr = UserFactory()
    grant(hr, RoleKind.HR_ADMIN, body=bodies[1])
    coordinator_user = UserFactory()
    grant(coordinator_user, RoleKind.NETWORK_COORDINATOR, network=net)
    return net, bodies, hr, coordinator_user


def others(bodies) -> list[str]:
    """The other bodies' figures as the page writes them (in English, the tests' language)."""
    return [f"{11111 * n:,}.00" for n in range(1, len(bodies) + 1) if n != 2]


@pytest.mark.parametrize("size", [2, 4])
def test_a_network_of_fewer_than_five_bodies_shows_no_quartile(size, client_as) -> None:
    net, bodies, hr, coordinator = network_of(size)
    page = client_as(hr).get(f"/b/{bodies[1].slug}/indicators/benchmark/?period={YEAR}")
    line = next(x for x in page.context["lines"] if x["indicator"].code == CODE)
    assert line["spread"].hidden
    assert (line["spread"].q1, line["spread"].median, line["spread"].q3) == (None, None, None)
    assert [name for name, _v in line["members"]] == [bodies[1].name]  # its own only
    row = page.content.decode().split(f'data-indicator="{CODE}"')[1].split("</tr>")[0]
    assert TOO_FEW in row
    for figure in others(bodies):
        assert figure not in row
    api = client_as(hr).get(f"/api/v1/bodies/{bodies[1].slug}/indicators/benchmark?period={YEAR}")
    found = next(x for x in api.json() if x["code"] == CODE)
    assert found["compared"] is False
    assert (found["q1"], found["median"], found["q3"]) == (None, None, None)
    assert [m["body"] for m in found["members"]] == [bodies[1].name]
    # The coordinator sees each member by name, by design, but no statistic either.
    view = client_as(coordinator).get(f"/networks/{net.slug}/indicators/?period={YEAR}")
    line = next(x for x in view.context["lines"] if x["indicator"].code == CODE)
    assert line["spread"].hidden and line["median"] == display_of_nothing(line)


def display_of_nothing(line) -> str:
    from agilepa.indicators import display

    return display.text(None, line["indicator"].unit)


def test_a_network_of_five_bodies_shows_the_quartiles(client_as) -> None:
    _net, bodies, hr, _coordinator = network_of(5)
    api = client_as(hr).get(f"/api/v1/bodies/{bodies[1].slug}/indicators/benchmark?period={YEAR}")
    found = next(x for x in api.json() if x["code"] == CODE)
    assert found["compared"] is True and found["bodies"] == 5
    assert found["median"] == 33333
    page = client_as(hr).get(f"/b/{bodies[1].slug}/indicators/benchmark/?period={YEAR}")
    row = page.content.decode().split(f'data-indicator="{CODE}"')[1].split("</tr>")[0]
    assert TOO_FEW not in row and "33,333.00 €" in row


def test_five_members_of_which_one_has_no_figure_are_four_to_compare(client_as) -> None:
    """The statistics of the four with a figure would be those of the network less one: they
    are not computed from the bodies that have none."""
    _net, bodies, hr, _coordinator = network_of(5, declared=4)
    api = client_as(hr).get(f"/api/v1/bodies/{bodies[1].slug}/indicators/benchmark?period={YEAR}")
    found = next(x for x in api.json() if x["code"] == CODE)
    assert (found["bodies"], found["compared"], found["median"]) == (4, False, None)


def test_a_network_may_ask_for_more_bodies_than_five(client_as) -> None:
    net, bodies, hr, _coordinator = network_of(6)
    net.benchmark_min_bodies = 7
    net.save()
    api = client_as(hr).get(f"/api/v1/bodies/{bodies[1].slug}/indicators/benchmark?period={YEAR}")
    found = next(x for x in api.json() if x["code"] == CODE)
    assert (found["bodies"], found["compared"], found["q1"]) == (6, False, None)


def test_a_threshold_under_five_is_refused() -> None:
    from django.core.exceptions import ValidationError

    net = NetworkFactory.build(benchmark_min_bodies=2)
    with pytest.raises(ValidationError, match="benchmark_min_bodies"):
        net.clean_fields(exclude=["coordinator"])
