"""The default factors of the commute savings, each with its source (docs/measurement.md).

Emission factors are kg of CO2 per passenger-km (DOMAIN.md section 7, marked *verify* there):
- car, every fuel: 0.165, the average Italian car fleet, ISPRA fleet emission factors
  (ISPRA, "Fattori di emissione medi del trasporto stradale in Italia"). ISPRA publishes
  factors by fuel too: a body that wants them sets them on its factors page;
- motorbike or scooter: 0.110, ISPRA;
- bus: 0.090, ISPRA / DEFRA (UK Government GHG conversion factors, "average local bus");
- suburban or regional train: 0.035, DEFRA / FS Italiane sustainability report;
- metro or tram: 0.030, DEFRA ("light rail and tram");
- bicycle, on foot: 0;
- mixed: 0.090, the bus factor, a conservative figure for a journey on several public modes.

Costs (euro) are defaults to be checked against the body's own figures:
- car: 0.30 euro per km, the running cost of a medium car (fuel, tyres, upkeep) in the ACI
  tables of kilometric costs ("costi chilometrici ACI"), without the fixed costs a day at home
  does not save;
- motorbike: 0.15 euro per km, the same tables for a medium motorbike;
- public transport (bus, train, metro, mixed): 2.00 euro a ticket, one each way, a round figure
  for an urban ticket in an Italian city (to verify): the body sets its city's price;
- bicycle, on foot: nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# Straight-line distances between municipalities (the seat's coordinates) are shorter than the
# road: 1.3 is the usual detour factor of road networks (e.g. Boscoe et al., "A nationwide
# comparison of driving distance versus straight-line distance", 2012: 1.2 to 1.4). Only for
# the suggested distance and the distance to a coworking hub; the person corrects the former.
ROAD_FACTOR = Decimal("1.3")


class Mode(models.TextChoices):
    CAR_PETROL = "car_petrol", _("Car (petrol)")
    CAR_DIESEL = "car_diesel", _("Car (diesel)")
    CAR_LPG = "car_lpg", _("Car (LPG)")
    CAR_METHANE = "car_methane", _("Car (methane)")
    CAR_HYBRID = "car_hybrid", _("Car (hybrid)")
    CAR_ELECTRIC = "car_electric", _("Car (electric)")
    MOTORBIKE = "motorbike", _("Motorbike or scooter")
    BUS = "bus", _("Bus")
    TRAIN = "train", _("Train")
    METRO = "metro", _("Metro or tram")
    BIKE = "bike", _("Bicycle")
    FOOT = "foot", _("On foot")
    MIXED = "mixed", _("Mixed (several public modes)")


CARS = {
    Mode.CAR_PETROL,
    Mode.CAR_DIESEL,
    Mode.CAR_LPG,
    Mode.CAR_METHANE,
    Mode.CAR_HYBRID,
    Mode.CAR_ELECTRIC,
}
# Paid by the ticket, not by the km.
TICKETED = {Mode.BUS, Mode.TRAIN, Mode.METRO, Mode.MIXED}


@dataclass(frozen=True)
class Factor:
    """What one km (or one trip) of a mode emits and costs."""

    kg_co2_per_km: Decimal
    eur_per_km: Decimal = Decimal(0)
    ticket_eur: Decimal = Decimal(0)  # one way


_CAR = Factor(Decimal("0.165"), eur_per_km=Decimal("0.30"))
_TICKET = Decimal("2.00")

DEFAULTS: dict[str, Factor] = {
    **{mode.value: _CAR for mode in CARS},
    Mode.MOTORBIKE.value: Factor(Decimal("0.110"), eur_per_km=Decimal("0.15")),
    Mode.BUS.value: Factor(Decimal("0.090"), ticket_eur=_TICKET),
    Mode.TRAIN.value: Factor(Decimal("0.035"), ticket_eur=_TICKET),
    Mode.METRO.value: Factor(Decimal("0.030"), ticket_eur=_TICKET),
    Mode.MIXED.value: Factor(Decimal("0.090"), ticket_eur=_TICKET),
    Mode.BIKE.value: Factor(Decimal(0)),
    Mode.FOOT.value: Factor(Decimal(0)),
}

SOURCES: dict[str, str] = {
    **{mode.value: "ISPRA (fleet average)" for mode in CARS},
    Mode.MOTORBIKE.value: "ISPRA",
    Mode.BUS.value: "ISPRA / DEFRA",
    Mode.TRAIN.value: "DEFRA / FS sustainability report",
    Mode.METRO.value: "DEFRA",
    Mode.MIXED.value: "bus factor (ISPRA / DEFRA)",
    Mode.BIKE.value: "—",
    Mode.FOOT.value: "—",
}
