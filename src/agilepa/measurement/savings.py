"""The savings arithmetic: pure functions over plain data, testable without the database.

A remote day at home saves the round trip to the office: km = 2 x the one-way distance,
time = 2 x the one-way minutes, CO2 = km x the mode's factor, euro = km x the cost per km (car,
motorbike) or two tickets (public transport). A coworking day saves the difference between the
round trip to the office and the round trip to the hub, by the same mode: the time in proportion
to the distance, and no ticket (a ticket to the hub costs the same as one to the office). A hub
farther than the office saves nothing: a day is never counted as a loss, so the totals read as
"at least this much saved" (docs/measurement.md, "Savings").

Exact decimals are summed; figures are rounded only when shown (`rounded`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from agilepa.measurement.factors import CARS, DEFAULTS, ROAD_FACTOR, TICKETED, Factor, Mode
from agilepa.org.municipalities import great_circle_km

ZERO = Decimal(0)


@dataclass(frozen=True)
class Commute:
    distance_km: Decimal  # one way, to the usual office
    minutes: int  # one way
    mode: str


@dataclass
class Tally:
    """Savings summed over days (and people): exact until `rounded`."""

    remote_days: int = 0
    coworking_days: int = 0
    km: Decimal = ZERO
    minutes: Decimal = ZERO
    kg_co2: Decimal = ZERO
    eur: Decimal = ZERO
    people: set[int] = field(default_factory=set)

    @property
    def days(self) -> int:
        return self.remote_days + self.coworking_days

    @property
    def hours(self) -> Decimal:
        return self.minutes / 60

    def add(self, other: Tally) -> None:
        self.remote_days += other.remote_days
        self.coworking_days += other.coworking_days
        self.km += other.km
        self.minutes += other.minutes
        self.kg_co2 += other.kg_co2
        self.eur += other.eur
        self.people |= other.people

    def times(self, n: int) -> Tally:
        """`n` days like this one's (the same people): exact, as adding them one by one."""
        return Tally(
            self.remote_days * n,
            self.coworking_days * n,
            self.km * n,
            self.minutes * n,
            self.kg_co2 * n,
            self.eur * n,
            set(self.people),
        )

    def rounded(self) -> dict[str, object]:
        """km, hours and kg of CO2 to one decimal, euro to the cent, half up."""
        return {
            "people": len(self.people),
            "remote_days": self.remote_days,
            "coworking_days": self.coworking_days,
            "days": self.days,
            "km": _round(self.km, "0.1"),
            "hours": _round(self.hours, "0.1"),
            "kg_co2": _round(self.kg_co2, "0.1"),
            "eur": _round(self.eur, "0.01"),
        }


def _round(value: Decimal, step: str) -> Decimal:
    return Decimal(value).quantize(Decimal(step), rounding=ROUND_HALF_UP)


def factor_of(mode: str, overrides: dict[str, Factor] | None = None) -> Factor:
    return (overrides or {}).get(mode) or DEFAULTS[mode]


def remote_day(commute: Commute, factor: Factor) -> Tally:
    """The saving of a day worked from home instead of the office."""
    km = 2 * commute.distance_km
    return Tally(
        remote_days=1,
        km=km,
        minutes=Decimal(2 * commute.minutes),
        kg_co2=km * factor.kg_co2_per_km,
        eur=_cost(commute.mode, km, factor, trips=2),
    )


def coworking_day(commute: Commute, hub_km: Decimal, factor: Factor) -> Tally:
    """The saving of a day at a coworking hub `hub_km` away (one way) instead of the office."""
    saved_one_way = max(commute.distance_km - hub_km, ZERO)
    km = 2 * saved_one_way
    minutes = ZERO
    if commute.distance_km > 0:
        minutes = Decimal(2 * commute.minutes) * saved_one_way / commute.distance_km
    return Tally(
        coworking_days=1,
        km=km,
        minutes=minutes,
        kg_co2=km * factor.kg_co2_per_km,
        eur=_cost(commute.mode, km, factor, trips=0),
    )


def _cost(mode: str, km: Decimal, factor: Factor, trips: int) -> Decimal:
    if mode in TICKETED:
        return trips * factor.ticket_eur
    if mode in CARS or mode == Mode.MOTORBIKE:
        return km * factor.eur_per_km
    return ZERO


def straight_km(
    lat1: Decimal | None, lon1: Decimal | None, lat2: Decimal | None, lon2: Decimal | None
) -> Decimal | None:
    """Great-circle distance to the metre, as a Decimal; None if a point is unknown."""
    km = great_circle_km(lat1, lon1, lat2, lon2)
    return None if km is None else Decimal(str(round(km, 3)))


def road_km(
    lat1: Decimal | None, lon1: Decimal | None, lat2: Decimal | None, lon2: Decimal | None
) -> Decimal | None:
    """The straight-line distance times the road detour factor (factors.ROAD_FACTOR), to one
    decimal: the suggestion of a one-way distance, and the distance to a hub."""
    straight = straight_km(lat1, lon1, lat2, lon2)
    if straight is None:
        return None
    return _round(straight * ROAD_FACTOR, "0.1")
