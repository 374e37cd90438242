# ruff: noqa: RUF001 (the formulas use the multiplication sign and the en dash)
"""The catalogue of the POLA/PIAO section 3.2 indicators (../shared/DOMAIN.md, section 5): one
entry per indicator, with its definition, formula, unit, direction and source.

"Measured" indicators are computed by `engine` from the platform's data; "declared" ones are
figures only the body knows (euro spent, share of services online …), entered by HR for a year
with who and when recorded, and always shown as declared."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

GUIDELINES = _(
    "Linee guida sul POLA e indicatori di performance, Dipartimento della Funzione "
    "Pubblica, December 2020"
)
PIAO = _("DM 30 giugno 2022 n. 132, art. 4 c. 1 lett. b (PIAO section 3.2)")
ACCESS_FLOOR = _(
    "L. 124/2015 art. 14 c. 1, as amended (15% of those who can: a target since the PIAO, "
    "disputed as a minimum)"
)


class Dimension(StrEnum):
    ENABLING = "enabling"
    IMPLEMENTATION = "implementation"
    PERFORMANCE = "performance"
    IMPACTS = "impacts"


DIMENSION_NAMES: dict[Dimension, Promise] = {
    Dimension.ENABLING: _("Condizioni abilitanti"),
    Dimension.IMPLEMENTATION: _("Implementazione"),
    Dimension.PERFORMANCE: _("Performance organizzative"),
    Dimension.IMPACTS: _("Impatti"),
}


class Source(StrEnum):
    MEASURED = "measured"
    DECLARED = "declared"


class Unit(StrEnum):
    PERCENT = "%"
    DAYS = "days"
    KM = "km"
    HOURS = "h"
    TONNES = "t CO2"
    EUR = "EUR"
    YES_NO = "yes/no"
    COUNT = "n"
    SCORE = "0-100"


# A unit as a heading or a label writes it, in the reader's language.
UNIT_NAMES = {
    Unit.PERCENT: "%",
    Unit.DAYS: _("days"),
    Unit.KM: "km",
    Unit.HOURS: _("hours"),
    Unit.TONNES: _("t CO2"),
    Unit.EUR: _("euro"),
    Unit.YES_NO: _("yes/no"),
    Unit.COUNT: _("number"),
    Unit.SCORE: _("score 0-100"),
}


@dataclass(frozen=True)
class Indicator:
    code: str
    name: Promise
    dimension: Dimension
    area: Promise  # the guideline's sub-dimension (salute digitale, efficienza …)
    definition: Promise
    formula: Promise
    unit: Unit
    higher_is_better: bool
    source: Source
    reference: Promise

    @property
    def measured(self) -> bool:
        return self.source == Source.MEASURED

    @property
    def unit_name(self) -> Promise | str:
        return UNIT_NAMES[self.unit]


def _m(code, name, dim, area, definition, formula, unit, higher=True, ref=GUIDELINES):
    return Indicator(code, name, dim, area, definition, formula, unit, higher, Source.MEASURED, ref)


def _d(code, name, dim, area, definition, unit, higher=True, ref=GUIDELINES):
    return Indicator(
        code,
        name,
        dim,
        area,
        definition,
        _("Declared by HR for the year"),
        unit,
        higher,
        Source.DECLARED,
        ref,
    )


E, IMPL, P, IM = (
    Dimension.ENABLING,
    Dimension.IMPLEMENTATION,
    Dimension.PERFORMANCE,
    Dimension.IMPACTS,
)
ORG, PRO, ECO, DIG = (
    _("Salute organizzativa"),
    _("Salute professionale"),
    _("Salute economico-finanziaria"),
    _("Salute digitale"),
)
AGILE = _("Lavoro agile")
REMOTE = _("Lavoro da remoto")
ECONOMY, EFFICIENCY, EFFECTIVENESS = _("Economicità"), _("Efficienza"), _("Efficacia")
EXTERNAL, INTERNAL = _("Impatti esterni"), _("Impatti interni")

INDICATORS: tuple[Indicator, ...] = (
    # 1. Enabling conditions
    _m(
        "ORG_OBJECTIVES",
        _("Agile workers with individual objectives"),
        E,
        ORG,
        _(
            "Share of effective agile workers with at least one individual objective in the "
            "period (work programmed by objectives)."
        ),
        _("agile workers with objectives / effective agile workers × 100"),
        Unit.PERCENT,
    ),
    _d(
        "ORG_HELPDESK",
        _("Help desk for lavoro agile"),
        E,
        ORG,
        _("A help desk answers agile workers (1 yes, 0 no)."),
        Unit.YES_NO,
    ),
    _d(
        "ORG_MONITORING",
        _("Monitoring of lavoro agile"),
        E,
        ORG,
        _("A structure coordinates and monitors lavoro agile (1 yes, 0 no)."),
        Unit.YES_NO,
    ),
    _m(
        "PRO_MANAGERS_TRAINED",
        _("Managers trained on leading by objectives"),
        E,
        PRO,
        _("Share of managers (heads of a unit) who completed training on lavoro agile."),
        _("managers trained / managers × 100"),
        Unit.PERCENT,
    ),
    _m(
        "PRO_WORKERS_DIGITAL",
        _("Agile workers trained on digital skills"),
        E,
        PRO,
        _(
            "Share of effective agile workers who completed training on cybersecurity or "
            "digital wellbeing."
        ),
        _("agile workers trained / effective agile workers × 100"),
        Unit.PERCENT,
    ),
    _d(
        "ECO_TRAINING_SPEND",
        _("Spending on training for lavoro agile"),
        E,
        ECO,
        _("Euro spent in the year on training for lavoro agile."),
        Unit.EUR,
    ),
    _d(
        "ECO_HARDWARE",
        _("Investment in hardware and digital infrastructure"),
        E,
        ECO,
        _("Euro invested in the year in hardware and infrastructure."),
        Unit.EUR,
    ),
    _d(
        "ECO_DIGITALISATION",
        _("Investment in digitalising services and processes"),
        E,
        ECO,
        _("Euro invested in the year in digital services, projects and processes."),
        Unit.EUR,
    ),
    _m(
        "DIG_DEVICES",
        _("Agile workers given a device by the body"),
        E,
        DIG,
        _("Share of effective agile workers holding equipment from the body's register."),
        _("agile workers with equipment / effective agile workers × 100"),
        Unit.PERCENT,
    ),
    _d(
        "DIG_VPN", _("VPN available"), E, DIG, _("Remote access by VPN (1 yes, 0 no)."), Unit.YES_NO
    ),
    _d(
        "DIG_COLLABORATION",
        _("Collaboration tools available"),
        E,
        DIG,
        _("Video calls, shared documents, chat (1 yes, 0 no)."),
        Unit.YES_NO,
    ),
    _d(
        "DIG_APPS_REMOTE",
        _("Applications reachable remotely"),
        E,
        DIG,
        _("Share of the body's applications reachable from outside the office."),
        Unit.PERCENT,
    ),
    _d(
        "DIG_DATABASES_REMOTE",
        _("Databases reachable remotely"),
        E,
        DIG,
        _("Share of the body's databases reachable from outside the office."),
        Unit.PERCENT,
    ),
    _d(
        "DIG_SIGNATURE",
        _("Agile workers with a digital signature"),
        E,
        DIG,
        _("Share of agile workers with a digital signature."),
        Unit.PERCENT,
    ),
    _d(
        "DIG_PROCESSES",
        _("Processes digitalised"),
        E,
        DIG,
        _("Share of the body's processes that are digitalised."),
        Unit.PERCENT,
    ),
    _d(
        "DIG_SERVICES",
        _("Services digitalised"),
        E,
        DIG,
        _("Share of the services to citizens and businesses available online."),
        Unit.PERCENT,
    ),
    # 2. Implementation
    _m(
        "IMP_AGILE_WORKERS",
        _("Effective over potential agile workers"),
        IMPL,
        AGILE,
        _(
            "People who worked at least one day remotely or at a hub in the period, over the "
            "people whose activities can be done remotely."
        ),
        _("effective agile workers / potential agile workers × 100"),
        Unit.PERCENT,
    ),
    _m(
        "IMP_AGREEMENTS",
        _("Potential agile workers with an agreement"),
        IMPL,
        AGILE,
        _(
            "People with an active individual agreement in the period, over the potential agile "
            "workers. The 15% of L. 124/2015 art. 14 is a target the body may set (disputed "
            "since the PIAO absorbed the POLA), not a check."
        ),
        _("people with an agreement / potential agile workers × 100"),
        Unit.PERCENT,
        ref=ACCESS_FLOOR,
    ),
    _m(
        "IMP_AGILE_DAYS",
        _("Days of lavoro agile over working days"),
        IMPL,
        AGILE,
        _("Remote and coworking days over all days worked (absences excluded)."),
        _("(remote + coworking days) / days worked × 100"),
        Unit.PERCENT,
    ),
    _m(
        "IMP_DAYS_PER_WORKER",
        _("Agile days a month per agile worker"),
        IMPL,
        AGILE,
        _("Average remote and coworking days a month of an effective agile worker."),
        _("(remote + coworking days) / agile worker-months"),
        Unit.DAYS,
    ),
    _m(
        "IMP_COWORKING",
        _("Agile days spent at a coworking hub"),
        IMPL,
        AGILE,
        _("Share of the agile days spent at a hub of the network."),
        _("coworking days / (remote + coworking days) × 100"),
        Unit.PERCENT,
    ),
    _m(
        "IMP_REMOTE_WORKERS",
        _("Workers in lavoro da remoto"),
        IMPL,
        REMOTE,
        _(
            "People who worked at least one day of lavoro da remoto (an agreement with fixed "
            "hours and place, CCNL) in the period, at home or at a hub. Counted apart from "
            "lavoro agile: their days are in none of the lavoro agile indicators."
        ),
        _("people with at least one day of lavoro da remoto"),
        Unit.COUNT,
        ref=PIAO,
    ),
    _m(
        "IMP_REMOTE_DAYS",
        _("Days of lavoro da remoto over working days"),
        IMPL,
        REMOTE,
        _("Days of lavoro da remoto over all days worked (absences excluded)."),
        _("days of lavoro da remoto / days worked × 100"),
        Unit.PERCENT,
        ref=PIAO,
    ),
    _m(
        "IMP_SATISFACTION",
        _("Satisfaction with lavoro agile"),
        IMPL,
        AGILE,
        _(
            "Share of survey answers agreeing (4 or 5 of 5) that one can organise one's own "
            "time and disconnect, in the surveys answered in the period."
        ),
        _("answers 4–5 / answers × 100 (items sw_autonomy, sw_disconnect)"),
        Unit.PERCENT,
    ),
    _d(
        "IMP_MANAGER_SATISFACTION",
        _("Satisfaction of managers and PO"),
        IMPL,
        AGILE,
        _("Share of managers and PO satisfied with lavoro agile (the body's own survey)."),
        Unit.PERCENT,
    ),
    # 3. Organisational performance
    _d(
        "PERF_COST_REDUCTION",
        _("Cost reductions"),
        P,
        ECONOMY,
        _("Euro saved in the year on running costs (energy, consumables …)."),
        Unit.EUR,
    ),
    _d(
        "PERF_SPACE_SAVINGS",
        _("Savings from rationalised spaces"),
        P,
        ECONOMY,
        _("Euro saved in the year by giving up or sharing office space."),
        Unit.EUR,
    ),
    _m(
        "PERF_ABSENCE",
        _("Absence rate"),
        P,
        EFFICIENCY,
        _(
            "Days of absence over the working days planned or recorded (productive "
            "efficiency: fewer absences)."
        ),
        _("absent days / (days worked + absent days) × 100"),
        Unit.PERCENT,
        higher=False,
    ),
    _d(
        "PERF_PROCESSING_TIME",
        _("Processing time of ordinary cases"),
        P,
        EFFICIENCY,
        _("Average days to close an ordinary case (temporal efficiency)."),
        Unit.DAYS,
        higher=False,
    ),
    _m(
        "PERF_OBJECTIVES_ACHIEVED",
        _("Individual objectives achieved"),
        P,
        EFFECTIVENESS,
        _(
            "Share of the individual objectives of the year (not cancelled) whose progress "
            "reached the body's 'achieved' threshold."
        ),
        _("objectives achieved / objectives × 100"),
        Unit.PERCENT,
    ),
    _d(
        "PERF_USER_SATISFACTION",
        _("User satisfaction on sample services"),
        P,
        EFFECTIVENESS,
        _("Share of users satisfied in the body's customer satisfaction survey."),
        Unit.PERCENT,
    ),
    # 4. Impacts
    _m(
        "IMPACT_KM",
        _("Commuting kilometres avoided"),
        IM,
        EXTERNAL,
        _("Round trips not made on remote days, less the trip to the hub on coworking days."),
        _("Σ savings of each remote and coworking day (measurement)"),
        Unit.KM,
    ),
    _m(
        "IMPACT_CO2",
        _("CO2 emissions avoided"),
        IM,
        EXTERNAL,
        _("The kilometres avoided times the emission factor of each person's mode."),
        _("Σ km avoided × kg CO2 per passenger-km / 1000"),
        Unit.TONNES,
    ),
    _m(
        "IMPACT_HOURS",
        _("Commuting hours saved"),
        IM,
        EXTERNAL,
        _("The door-to-door time of the trips not made."),
        _("Σ minutes saved / 60"),
        Unit.HOURS,
    ),
    _m(
        "IMPACT_EUR",
        _("Commuting costs saved by workers"),
        IM,
        EXTERNAL,
        _("Fuel and tickets not spent by the workers."),
        _("Σ km × cost per km, or tickets"),
        Unit.EUR,
    ),
    _m(
        "IMPACT_WELLBEING",
        _("Wellbeing (WHO-5)"),
        IM,
        INTERNAL,
        _("Mean WHO-5 score (0–100) of the survey answers given in the period."),
        _("mean of (sum of the 5 items × 4)"),
        Unit.SCORE,
    ),
)

BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}
MEASURED = tuple(i for i in INDICATORS if i.measured)
DECLARED = tuple(i for i in INDICATORS if not i.measured)


def get(code: str) -> Indicator:
    return BY_CODE[code]
