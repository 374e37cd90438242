"""The savings of one day, by mode, and their rounding: pure arithmetic, no database."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from agilepa.measurement.factors import DEFAULTS, Factor
from agilepa.measurement.savings import (
    Commute,
    Tally,
    coworking_day,
    factor_of,
    remote_day,
    road_km,
    straight_km,
)

D = Decimal


def test_a_remote_day_by_car_saves_the_round_trip_at_the_ispra_factor_and_the_aci_cost() -> None:
    commute = Commute(D("12.5"), 30, "car_diesel")
    day = remote_day(commute, factor_of("car_diesel"))
    assert day.km == D("25.0")
    assert day.minutes == 60
    assert day.kg_co2 == D("25.0") * D("0.165") == D("4.1250")
    assert day.eur == D("25.0") * D("0.30")


def test_a_remote_day_by_train_saves_two_tickets_whatever_the_distance() -> None:
    day = remote_day(Commute(D("40"), 55, "train"), factor_of("train"))
    assert day.km == 80
    assert day.kg_co2 == D("2.800")
    assert day.eur == D("4.00")
    assert day.hours == D(110) / 60


def test_a_remote_day_on_foot_or_by_bicycle_saves_time_but_no_co2_nor_money() -> None:
    for mode in ("bike", "foot"):
        day = remote_day(Commute(D("3"), 15, mode), factor_of(mode))
        assert (day.km, day.minutes, day.kg_co2, day.eur) == (6, 30, 0, 0)


def test_a_coworking_day_counts_the_trip_to_the_hub_instead_of_zero() -> None:
    commute = Commute(D("20"), 40, "car_petrol")
    day = coworking_day(commute, D("5"), factor_of("car_petrol"))
    assert day.coworking_days == 1 and day.remote_days == 0
    assert day.km == 30  # 2 x (20 - 5)
    assert day.minutes == 60  # 80 minutes x 15/20
    assert day.kg_co2 == D("30") * D("0.165")
    assert day.eur == D("9.00")


def test_a_coworking_day_by_public_transport_saves_no_ticket() -> None:
    day = coworking_day(Commute(D("20"), 40, "bus"), D("5"), factor_of("bus"))
    assert day.eur == 0
    assert day.km == 30


def test_a_hub_farther_than_the_office_saves_nothing_and_never_a_loss() -> None:
    day = coworking_day(Commute(D("4"), 20, "car_petrol"), D("9"), factor_of("car_petrol"))
    assert (day.km, day.minutes, day.kg_co2, day.eur) == (0, 0, 0, 0)


def test_the_bodys_own_factor_replaces_the_default() -> None:
    own = {"bus": Factor(D("0.070"), ticket_eur=D("2.30"))}
    day = remote_day(Commute(D("10"), 25, "bus"), factor_of("bus", own))
    assert day.kg_co2 == D("1.400")
    assert day.eur == D("4.60")
    assert factor_of("train", own) == DEFAULTS["train"]


def test_figures_are_rounded_half_up_only_when_shown() -> None:
    total = Tally(km=D("0.05"), minutes=D("3"), kg_co2=D("0.25"), eur=D("0.005"))
    total.add(Tally(km=D("0.1"), kg_co2=D("0.1"), eur=D("0.01")))
    shown = total.rounded()
    assert shown["km"] == D("0.2")  # 0.15 half up
    assert shown["hours"] == D("0.1")  # 3 minutes = 0.05 h
    assert shown["kg_co2"] == D("0.4")  # 0.35 half up
    assert shown["eur"] == D("0.02")  # 0.015 half up


def test_the_suggested_distance_is_the_straight_line_times_the_road_factor() -> None:
    # Bologna to Casalecchio di Reno, seats about 5.6 km apart in a straight line.
    straight = straight_km(D("44.494"), D("11.343"), D("44.476"), D("11.277"))
    assert D("5.0") < straight < D("6.0")
    assert road_km(D("44.494"), D("11.343"), D("44.476"), D("11.277")) == (
        straight * D("1.3")
    ).quantize(D("0.1"))
    assert road_km(None, D("11.3"), D("44.4"), D("11.2")) is None


@given(
    km=st.decimals(min_value=0, max_value=300, places=1),
    minutes=st.integers(min_value=0, max_value=300),
    hub=st.decimals(min_value=0, max_value=300, places=1),
    mode=st.sampled_from(sorted(DEFAULTS)),
)
def test_a_coworking_day_never_saves_more_than_a_remote_day(km, minutes, hub, mode) -> None:
    commute = Commute(km, minutes, mode)
    home = remote_day(commute, factor_of(mode))
    hub_day = coworking_day(commute, hub, factor_of(mode))
    assert 0 <= hub_day.km <= home.km
    assert 0 <= hub_day.minutes <= home.minutes
    assert 0 <= hub_day.kg_co2 <= home.kg_co2
    assert 0 <= hub_day.eur <= home.eur
