"""The shipped library of instruments: their items, their sources and their scoring.

Plain data and plain functions, importable without the database: a survey is built from one or
more instruments (each becomes a section), and its results score each respondent's answers with
the instrument's own rule, as its authors define it. Item keys are stable: answers are stored by
them, so a wording fix never orphans an answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Kind(StrEnum):
    LIKERT = "likert"
    SINGLE = "single"
    MULTIPLE = "multiple"
    NUMBER = "number"
    TEXT = "text"


@dataclass(frozen=True)
class Option:
    value: int | str
    label: str


@dataclass(frozen=True)
class ItemDef:
    key: str
    text: str
    kind: Kind
    options: tuple[Option, ...] = ()
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Score:
    """A respondent's score on an instrument, and its band where the authors define one."""

    value: float
    band: str = ""


@dataclass(frozen=True)
class InstrumentDef:
    code: str
    name: str
    source: str
    scoring: str
    items: tuple[ItemDef, ...]
    score: Callable[[Mapping[str, object]], Score | None] | None = None
    score_label: str = ""
    score_range: tuple[float, float] = (0, 0)
    bands: tuple[tuple[str, str], ...] = field(default=())


# WHO-5: "Over the last two weeks ..." on a six-point frequency scale, 5 = all of the time.
WHO5_SCALE = (
    Option(5, _("All of the time")),
    Option(4, _("Most of the time")),
    Option(3, _("More than half of the time")),
    Option(2, _("Less than half of the time")),
    Option(1, _("Some of the time")),
    Option(0, _("At no time")),
)
WHO5_KEYS = ("who5_1", "who5_2", "who5_3", "who5_4", "who5_5")
POOR_WELLBEING = "poor"
LIKELY_DEPRESSION = "depression_screening"
GOOD_WELLBEING = "good"


def score_who5(answers: Mapping[str, object]) -> Score | None:
    """Raw score 0-25 (sum of the five items) times 4 gives 0-100. A percentage score of 50 or
    less suggests poor wellbeing, 28 or less likely depression (screening advised). The manual
    computes no score when an item is missing."""
    values = [answers.get(k) for k in WHO5_KEYS]
    if any(not isinstance(v, int) or not 0 <= v <= 5 for v in values):
        return None
    percent = sum(values) * 4  # type: ignore[arg-type]
    if percent <= 28:
        band = LIKELY_DEPRESSION
    elif percent <= 50:
        band = POOR_WELLBEING
    else:
        band = GOOD_WELLBEING
    return Score(float(percent), band)


AGREEMENT_5 = (
    Option(1, _("Strongly disagree")),
    Option(2, _("Disagree")),
    Option(3, _("Neither agree nor disagree")),
    Option(4, _("Agree")),
    Option(5, _("Strongly agree")),
)
WLB_KEYS = ("wlb_1", "wlb_2", "wlb_3", "wlb_4")
WLB_REVERSED = frozenset({"wlb_2"})


def score_wlb(answers: Mapping[str, object]) -> Score | None:
    """The mean of the four items on 1-5, item 2 reversed (6 - answer): higher is a better
    balance. Every item is needed for a score."""
    values = []
    for key in WLB_KEYS:
        value = answers.get(key)
        if not isinstance(value, int) or not 1 <= value <= 5:
            return None
        values.append(6 - value if key in WLB_REVERSED else value)
    return Score(sum(values) / len(values))


COMMUTE_MODES = (
    Option("car", _("Car")),
    Option("motorbike", _("Motorbike or scooter")),
    Option("bus", _("Bus")),
    Option("train", _("Suburban or regional train")),
    Option("metro", _("Metro or tram")),
    Option("bicycle", _("Bicycle")),
    Option("foot", _("On foot")),
    Option("other", _("Other")),
)


def score_commute(answers: Mapping[str, object]) -> Score | None:
    """The round-trip distance avoided by one remote day, in km (twice the one-way distance):
    the figure the smart-working-day campaigns add up; time and mode are reported per item."""
    km = answers.get("commute_km")
    if not isinstance(km, int | float) or km < 0:
        return None
    return Score(float(km) * 2)


WHO5 = InstrumentDef(
    code="who5",
    name=_("WHO-5 Well-Being Index"),
    source=(
        "WHO-5 Well-Being Index, WHO Regional Office for Europe (1998); Topp C.W. et al., "
        "'The WHO-5 Well-Being Index: a systematic review of the literature', Psychotherapy "
        "and Psychosomatics 84 (2015) 167-176. Free to use with attribution."
    ),
    scoring=_(
        "Five items scored 0-5, raw score 0-25, multiplied by 4 to give 0-100. A score of 50 "
        "or less suggests poor wellbeing; 28 or less, likely depression (screening advised)."
    ),
    items=(
        ItemDef("who5_1", _("I have felt cheerful and in good spirits"), Kind.LIKERT, WHO5_SCALE),
        ItemDef("who5_2", _("I have felt calm and relaxed"), Kind.LIKERT, WHO5_SCALE),
        ItemDef("who5_3", _("I have felt active and vigorous"), Kind.LIKERT, WHO5_SCALE),
        ItemDef("who5_4", _("I woke up feeling fresh and rested"), Kind.LIKERT, WHO5_SCALE),
        ItemDef(
            "who5_5",
            _("My daily life has been filled with things that interest me"),
            Kind.LIKERT,
            WHO5_SCALE,
        ),
    ),
    score=score_who5,
    score_label=_("WHO-5 score (0-100)"),
    score_range=(0, 100),
    bands=(
        (GOOD_WELLBEING, _("above 50: no sign of poor wellbeing")),
        (POOR_WELLBEING, _("29-50: poor wellbeing")),
        (LIKELY_DEPRESSION, _("28 or less: likely depression, screening advised")),
    ),
)

WORK_LIFE_BALANCE = InstrumentDef(
    code="wlb",
    name=_("Work-life balance (Brough et al., four items)"),
    source=(
        "Brough P., Timms C., O'Driscoll M.P., Kalliath T., Siu O.-L., Sit C., Lo D., "
        "'Work-life balance: a longitudinal evaluation of a new measure across Australia and "
        "New Zealand workers', International Journal of Human Resource Management 25(19) "
        "(2014) 2724-2744, doi:10.1080/09585192.2014.899262."
    ),
    scoring=_(
        "Four items on a 1-5 agreement scale, item 2 reversed; the score is their mean (1-5), "
        "higher meaning a better balance."
    ),
    items=(
        ItemDef(
            "wlb_1",
            _(
                "I currently have a good balance between the time I spend at work and the "
                "time I have available for non-work activities"
            ),
            Kind.LIKERT,
            AGREEMENT_5,
        ),
        ItemDef(
            "wlb_2",
            _("I have difficulty balancing my work and non-work activities"),
            Kind.LIKERT,
            AGREEMENT_5,
        ),
        ItemDef(
            "wlb_3",
            _(
                "I feel that the balance between my work demands and non-work activities is "
                "currently about right"
            ),
            Kind.LIKERT,
            AGREEMENT_5,
        ),
        ItemDef(
            "wlb_4",
            _("Overall, I believe that my work and non-work life are balanced"),
            Kind.LIKERT,
            AGREEMENT_5,
        ),
    ),
    score=score_wlb,
    score_label=_("Work-life balance (1-5)"),
    score_range=(1, 5),
)

COMMUTE = InstrumentDef(
    code="commute",
    name=_("Commute (smart working day questions)"),
    source=(
        "The questions of the smart working days and weeks of the Comune di Milano: one-way "
        "distance, door-to-door time and usual mode of the home-work journey (DOMAIN.md, "
        "section 7)."
    ),
    scoring=_(
        "No scale: the score is the round-trip distance a remote day avoids (twice the one-way "
        "km); time and mode are reported as distributions."
    ),
    items=(
        ItemDef(
            "commute_km",
            _("How far is your workplace from home (km, one way)?"),
            Kind.NUMBER,
            minimum=0,
            maximum=500,
        ),
        ItemDef(
            "commute_minutes",
            _("How long does the journey take, door to door (minutes, one way)?"),
            Kind.NUMBER,
            minimum=0,
            maximum=600,
        ),
        ItemDef(
            "commute_mode",
            _("How do you usually travel to work?"),
            Kind.SINGLE,
            COMMUTE_MODES,
        ),
    ),
    score=score_commute,
    score_label=_("Round-trip km avoided per remote day"),
    score_range=(0, 1000),
)

SMART_WORKING = InstrumentDef(
    code="smart_working",
    name=_("Experience of lavoro agile"),
    source=_(
        "Agile PA's own items on autonomy, reachability and disconnection (DOMAIN.md, "
        "section 6): reported item by item, no composite score."
    ),
    scoring=_("Not scored: each item is reported as a distribution."),
    items=(
        ItemDef(
            "sw_autonomy",
            _("I can organise my own working time"),
            Kind.LIKERT,
            AGREEMENT_5,
        ),
        ItemDef(
            "sw_disconnect",
            _("I manage to disconnect outside my working hours"),
            Kind.LIKERT,
            AGREEMENT_5,
        ),
        ItemDef(
            "sw_tools",
            _("Which of these do you use to work remotely?"),
            Kind.MULTIPLE,
            (
                Option("laptop", _("A laptop from the body")),
                Option("own_device", _("My own device")),
                Option("vpn", _("VPN")),
                Option("phone", _("A work phone")),
            ),
            required=False,
        ),
        ItemDef(
            "sw_comment",
            _("Anything you would like to add?"),
            Kind.TEXT,
            required=False,
        ),
    ),
)

LIBRARY: dict[str, InstrumentDef] = {
    i.code: i for i in (WHO5, WORK_LIFE_BALANCE, COMMUTE, SMART_WORKING)
}


def item_by_key() -> dict[str, ItemDef]:
    return {item.key: item for instrument in LIBRARY.values() for item in instrument.items}


def validate_answers(
    items: list[ItemDef], raw: Mapping[str, object]
) -> tuple[dict[str, object], dict[str, str]]:
    """Clean the answers to `items` (strings from a form, or JSON values); returns the cleaned
    answers and the errors by item key. Unknown keys are dropped."""
    cleaned: dict[str, object] = {}
    errors: dict[str, str] = {}
    for item in items:
        value = raw.get(item.key)
        empty = value is None or value == "" or value == []
        if empty:
            if item.required:
                errors[item.key] = str(_("This question needs an answer."))
            continue
        allowed = {str(o.value): o.value for o in item.options}
        if item.kind in (Kind.LIKERT, Kind.SINGLE):
            if str(value) not in allowed:
                errors[item.key] = str(_("Choose one of the options."))
                continue
            cleaned[item.key] = allowed[str(value)]
        elif item.kind == Kind.MULTIPLE:
            values = value if isinstance(value, list) else [value]
            if any(str(v) not in allowed for v in values):
                errors[item.key] = str(_("Choose among the options."))
                continue
            cleaned[item.key] = sorted({allowed[str(v)] for v in values}, key=str)
        elif item.kind == Kind.NUMBER:
            try:
                number = float(str(value).replace(",", "."))
            except ValueError:
                errors[item.key] = str(_("Enter a number."))
                continue
            low = item.minimum if item.minimum is not None else float("-inf")
            high = item.maximum if item.maximum is not None else float("inf")
            if not low <= number <= high:
                errors[item.key] = str(_("Enter a number between %(low)s and %(high)s.")) % {
                    "low": item.minimum,
                    "high": item.maximum,
                }
                continue
            cleaned[item.key] = int(number) if number == int(number) else number
        else:
            cleaned[item.key] = str(value).strip()[:2000]
    return cleaned, errors
