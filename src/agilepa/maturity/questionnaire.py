"""The maturity self-assessment: its items, and the scoring, as plain data and functions.

Six dimensions, built on the enabling conditions and the implementation indicators of the
Linee guida POLA (Dec 2020) and on the organisational conditions of the DM 8 ottobre 2021 and
the 2021 guidelines (see docs/maturity.md and DOMAIN.md §4-§5). Each item is answered on one
scale of five levels, 0-4.

Scoring (docs/maturity.md has the worked examples the tests check):
- a dimension's score is the mean of its items' levels scaled to 0-100: 100 x mean / 4,
  rounded half up to one decimal; a dimension with an unanswered item has no score;
- the overall score is the mean of the six dimension scores, rounded the same way;
- a score's phase: below 40 *avvio*, from 40 and below 70 *sviluppo intermedio*, from 70
  *sviluppo avanzato*;
- the overall phase is the phase of the overall score, but at most one phase above the weakest
  dimension's: a body with a dimension still in *avvio* is not in *sviluppo avanzato*, however
  high its mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agilepa.community.models import MaturityDimension

# One list of dimensions, shared with the library's materials (which are tagged with them).
Dimension = MaturityDimension
DIMENSION_LABELS: dict[Dimension, Promise] = {d: d.label for d in Dimension}


class Phase(StrEnum):
    AVVIO = "avvio"
    INTERMEDIO = "sviluppo_intermedio"
    AVANZATO = "sviluppo_avanzato"


PHASE_LABELS: dict[Phase, Promise] = {
    Phase.AVVIO: _("Avvio"),
    Phase.INTERMEDIO: _("Sviluppo intermedio"),
    Phase.AVANZATO: _("Sviluppo avanzato"),
}
PHASE_ORDER = [Phase.AVVIO, Phase.INTERMEDIO, Phase.AVANZATO]
# The lowest score of each phase above avvio.
INTERMEDIO_FROM = Decimal(40)
AVANZATO_FROM = Decimal(70)

MAX_LEVEL = 4
LEVELS: list[tuple[int, Promise]] = [
    (0, _("Not in place")),
    (1, _("Planned")),
    (2, _("Partly in place")),
    (3, _("In place")),
    (4, _("In place, measured and improved")),
]


@dataclass(frozen=True)
class Item:
    code: str
    dimension: Dimension
    text: Promise
    source: str


D = Dimension
ITEMS: tuple[Item, ...] = (
    Item(
        "org_regulation",
        D.ORGANISATION,
        _(
            "A Regolamento on lavoro agile is adopted and the activities that can be done "
            "remotely are mapped."
        ),
        "CCNL Funzioni Locali 2019-21 art. 63; Linee guida 2021",
    ),
    Item(
        "org_coordination",
        D.ORGANISATION,
        _("Someone coordinates lavoro agile, with a help desk for staff and managers."),
        "Linee guida POLA: salute organizzativa",
    ),
    Item(
        "org_presence",
        D.ORGANISATION,
        _(
            "Minimum presence per unit and rotation are planned, so that services to citizens "
            "do not suffer."
        ),
        "DM 8 ottobre 2021",
    ),
    Item(
        "org_monitoring",
        D.ORGANISATION,
        _(
            "Take-up (agile workers over eligible workers, agile days over working days) is "
            "monitored at least once a year."
        ),
        "Linee guida POLA: implementazione",
    ),
    Item(
        "skills_managers",
        D.SKILLS,
        _("Managers and PO/EQ are trained to lead by objectives."),
        "Linee guida POLA: salute professionale",
    ),
    Item(
        "skills_digital",
        D.SKILLS,
        _("Agile workers are trained on digital skills and the body's tools."),
        "Linee guida POLA: salute professionale",
    ),
    Item(
        "skills_safety",
        D.SKILLS,
        _(
            "Every agile worker is trained on cybersecurity, digital wellbeing and health and "
            "safety."
        ),
        "CCNL Funzioni Locali 2019-21 art. 67",
    ),
    Item(
        "skills_budget",
        D.SKILLS,
        _("A training budget is set aside for lavoro agile."),
        "Linee guida POLA: salute economico-finanziaria",
    ),
    Item(
        "digital_devices",
        D.DIGITAL,
        _("The body supplies laptops and data traffic to agile workers."),
        "Linee guida POLA: salute digitale",
    ),
    Item(
        "digital_remote_access",
        D.DIGITAL,
        _("Applications and databases are reachable remotely and securely (VPN, cloud)."),
        "Linee guida POLA: salute digitale; DM 8 ottobre 2021",
    ),
    Item(
        "digital_collaboration",
        D.DIGITAL,
        _("Collaboration tools (video calls, shared documents, intranet) are in daily use."),
        "Linee guida POLA: salute digitale",
    ),
    Item(
        "digital_processes",
        D.DIGITAL,
        _(
            "Processes and services are digitalised, with a digital signature for those who "
            "need one."
        ),
        "Linee guida POLA: salute digitale",
    ),
    Item(
        "spaces_redesign",
        D.SPACES,
        _("Offices are redesigned for shared seats and meeting rooms."),
        "Linee guida POLA: performance organizzative (economicità)",
    ),
    Item(
        "spaces_booking",
        D.SPACES,
        _("Seats and rooms are booked, and their occupancy is measured."),
        "Linee guida POLA: performance organizzative (economicità)",
    ),
    Item(
        "spaces_coworking",
        D.SPACES,
        _("Staff can work from coworking hubs near home, the body's own or the network's."),
        "Linee guida POLA: impatti (ambientali, sociali)",
    ),
    Item(
        "spaces_savings",
        D.SPACES,
        _("Savings from rationalised spaces and fewer journeys are measured."),
        "Linee guida POLA: performance organizzative; impatti",
    ),
    Item(
        "performance_objectives",
        D.PERFORMANCE,
        _("Every agile worker has individual objectives with indicators."),
        "Linee guida POLA: salute organizzativa; CCNL art. 65",
    ),
    Item(
        "performance_link",
        D.PERFORMANCE,
        _("Objectives are tied to the performance measurement system and the PIAO."),
        "DM 132/2022 art. 4 c.1 lett. b",
    ),
    Item(
        "performance_checkins",
        D.PERFORMANCE,
        _("Progress is reviewed regularly between each worker and their manager."),
        "Linee guida 2021",
    ),
    Item(
        "performance_results",
        D.PERFORMANCE,
        _(
            "Efficiency and effectiveness of services (times, quality) are measured before and "
            "after lavoro agile."
        ),
        "Linee guida POLA: performance organizzative (efficienza, efficacia)",
    ),
    Item(
        "wellbeing_disconnection",
        D.WELLBEING,
        _("The right to disconnection is ensured: the fascia di inoperabilità is respected."),
        "L. 81/2017 art. 19; CCNL Funzioni Locali 2019-21 art. 66",
    ),
    Item(
        "wellbeing_survey",
        D.WELLBEING,
        _("Wellbeing and work-life balance are surveyed anonymously, at least once a year."),
        "Linee guida POLA: implementazione (soddisfazione)",
    ),
    Item(
        "wellbeing_safety",
        D.WELLBEING,
        _("The yearly safety notice is delivered and workstations are checked."),
        "L. 81/2017 art. 22",
    ),
    Item(
        "wellbeing_inclusion",
        D.WELLBEING,
        _("Access follows the priorities of the law and the CUG is heard."),
        "L. 81/2017 art. 18 c.3-bis",
    ),
)
ITEM_CODES = frozenset(item.code for item in ITEMS)


def items_of(dimension: Dimension) -> list[Item]:
    return [item for item in ITEMS if item.dimension == dimension]


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def dimension_score(levels: list[int]) -> Decimal:
    """100 x mean level / 4, one decimal, half up."""
    return _round(Decimal(100) * Decimal(sum(levels)) / Decimal(MAX_LEVEL * len(levels)))


def phase_of(score: Decimal) -> Phase:
    if score >= AVANZATO_FROM:
        return Phase.AVANZATO
    if score >= INTERMEDIO_FROM:
        return Phase.INTERMEDIO
    return Phase.AVVIO


@dataclass(frozen=True)
class Result:
    scores: dict[Dimension, Decimal]  # only the dimensions fully answered
    overall: Decimal | None  # None until every dimension has a score
    phases: dict[Dimension, Phase]
    overall_phase: Phase | None
    unanswered: tuple[str, ...]  # item codes

    @property
    def complete(self) -> bool:
        return not self.unanswered

    def weakest(self, count: int = 2) -> list[Dimension]:
        """The lowest-scoring dimensions, ties in the questionnaire's order."""
        order = list(Dimension)
        ranked = sorted(self.scores.items(), key=lambda kv: (kv[1], order.index(kv[0])))
        return [dimension for dimension, _score in ranked[:count]]


def score(answers: dict[str, int]) -> Result:
    """The result of a set of answers ({item code: level}); unknown codes are ignored."""
    scores: dict[Dimension, Decimal] = {}
    unanswered: list[str] = []
    for dimension in Dimension:
        levels = []
        for item in items_of(dimension):
            level = answers.get(item.code)
            if level is None:
                unanswered.append(item.code)
            else:
                levels.append(int(level))
        if len(levels) == len(items_of(dimension)):
            scores[dimension] = dimension_score(levels)
    phases = {d: phase_of(s) for d, s in scores.items()}
    overall = overall_phase = None
    if len(scores) == len(Dimension):
        overall = _round(sum(scores.values(), Decimal(0)) / len(scores))
        weakest = min(PHASE_ORDER.index(p) for p in phases.values())
        by_score = PHASE_ORDER.index(phase_of(overall))
        overall_phase = PHASE_ORDER[min(by_score, weakest + 1)]
    return Result(scores, overall, phases, overall_phase, tuple(unanswered))


def validate_answers(answers: dict[str, object]) -> dict[str, int]:
    """{code: level} with known codes and levels 0-4; a ValidationError names each wrong
    entry."""
    clean: dict[str, int] = {}
    errors: dict[str, str] = {}
    for code, level in answers.items():
        if code not in ITEM_CODES:
            errors[code] = gettext("No such item in the questionnaire.")
        elif isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= MAX_LEVEL:
            errors[code] = gettext("Choose a level from 0 to %(max)d.") % {"max": MAX_LEVEL}
        else:
            clean[code] = level
    if errors:
        raise ValidationError(errors)
    return clean


def median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return _round((ordered[middle - 1] + ordered[middle]) / 2)
