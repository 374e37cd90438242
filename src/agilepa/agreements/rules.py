"""The legal checker: the law, the national contract and the body's Regolamento as plain
functions over plain data, importable and testable without the database.

Every rule returns `Violation`s that carry the article they come from, so forms, the API, the
documents and the planner can cite it. The floor set by the law and the contract is a
`LegalBaseline` with dates of effect: a new contract (the Funzioni Locali 2022-2024 renewal, a
twin contract of another sector) is a new baseline, never an edit of this one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import StrEnum

from django.utils.translation import gettext as _

MINUTES_PER_DAY = 24 * 60


class Place(StrEnum):
    HOME = "home"
    HUB = "hub"  # a coworking hub of the body or of its network
    OTHER = "other"  # another place the worker declares


class Pattern(StrEnum):
    FIXED_WEEKDAYS = "fixed_weekdays"
    MONTHLY_QUOTA = "monthly_quota"


class Priority(StrEnum):
    """Categories with priority access (L. 81/2017 art. 18 c. 3-bis; CCNL: lavoratori fragili).

    Declared by the worker on the request; the order of the enum is not a ranking: the law gives
    them equal priority, and the body's Regolamento may order them (see `rank_requests`)."""

    CHILD_UNDER_12 = "child_under_12"
    DISABLED_CHILD = "disabled_child"
    SEVERE_DISABILITY = "severe_disability"
    CAREGIVER = "caregiver"
    FRAGILE = "fragile"


LEGAL_PRIORITIES = frozenset(Priority)


class Prerequisite(StrEnum):
    IT_CHECK = "it_check"
    SAFETY_NOTICE = "safety_notice"
    TRAINING_CYBERSECURITY = "training_cybersecurity"
    TRAINING_DIGITAL_WELLBEING = "training_digital_wellbeing"
    TRAINING_SAFETY = "training_safety"
    TRAINING_AGILE_WORK = "training_agile_work"


@dataclass(frozen=True)
class Source:
    """Where a rule comes from: 'L. 81/2017 art. 19 c. 2', 'Regolamento v3 art. 4'."""

    text: str
    url: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Violation:
    code: str  # stable identifier, e.g. "disconnection_too_short"
    field: str  # the form/API field the violation is about ("" for the whole agreement)
    message: str
    source: Source

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "field": self.field,
            "message": self.message,
            "source": self.source.text,
        }


L81_ART18 = Source(
    "L. 81/2017 art. 18", "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:2017;81~art18"
)
L81_ART18_3BIS = Source("L. 81/2017 art. 18 c. 3-bis", L81_ART18.url)
L81_ART19 = Source(
    "L. 81/2017 art. 19", "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:2017;81~art19"
)
L81_ART19_C2 = Source("L. 81/2017 art. 19 c. 2", L81_ART19.url)
L81_ART22 = Source(
    "L. 81/2017 art. 22", "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:2017;81~art22"
)
DM_2021 = Source("DM Ministro PA 8 ottobre 2021 art. 1 c. 1 lett. b")


@dataclass(frozen=True)
class LegalBaseline:
    """The floor the law and one national contract set; a Regolamento may only be stricter."""

    key: str
    name: str
    valid_from: date
    valid_to: date | None
    notice_days: int  # open-ended agreement, withdrawal without a justified reason
    notice_days_disabled: int  # worker disabled under L. 68/1999
    min_rest_hours: int  # consecutive hours of the fascia di inoperabilità
    night_start: time  # the night the inoperability window must contain
    night_end: time
    weekly_hours: float  # full-time hours, for the average working day
    working_days_per_week: int
    min_presence_percent: int  # presence prevails: strictly more than half
    sources: dict[str, Source] = field(default_factory=dict)

    def source(self, key: str) -> Source:
        return self.sources[key]

    @property
    def average_day_minutes(self) -> int:
        return round(self.weekly_hours * 60 / self.working_days_per_week)


CCNL_FL_2019_2021 = LegalBaseline(
    key="ccnl-fl-2019-2021",
    name="CCNL Funzioni Locali 2019-2021 (16/11/2022)",
    valid_from=date(2022, 11, 17),
    valid_to=None,
    notice_days=30,
    notice_days_disabled=90,
    min_rest_hours=11,
    night_start=time(22, 0),
    night_end=time(6, 0),
    weekly_hours=36,
    working_days_per_week=5,
    min_presence_percent=51,
    sources={
        "agreement": Source("CCNL Funzioni Locali 2019-2021 art. 65"),
        "windows": Source("CCNL Funzioni Locali 2019-2021 art. 66"),
        "training": Source("CCNL Funzioni Locali 2019-2021 art. 67"),
        "activities": Source("CCNL Funzioni Locali 2019-2021 art. 63"),
        "presence": DM_2021,
        "notice": L81_ART19_C2,
        "priority": L81_ART18_3BIS,
        "safety": L81_ART22,
        "written": L81_ART19,
    },
)

BASELINES: tuple[LegalBaseline, ...] = (CCNL_FL_2019_2021,)


def baseline_for(day: date) -> LegalBaseline:
    """The baseline in force on `day` (the earliest one for days before every baseline)."""
    for baseline in sorted(BASELINES, key=lambda b: b.valid_from, reverse=True):
        if baseline.valid_from <= day and (baseline.valid_to is None or day <= baseline.valid_to):
            return baseline
    return min(BASELINES, key=lambda b: b.valid_from)


# --- plain data the rules read ------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """A daily time window; `end` before `start` wraps past midnight (20:00-07:00)."""

    start: time
    end: time

    @staticmethod
    def _minutes(t: time) -> int:
        return t.hour * 60 + t.minute

    @property
    def minutes(self) -> int:
        span = self._minutes(self.end) - self._minutes(self.start)
        return span if span > 0 else span + MINUTES_PER_DAY

    def covers(self, other: Window) -> bool:
        """Whether every minute of `other` lies inside this window."""
        start = (self._minutes(other.start) - self._minutes(self.start)) % MINUTES_PER_DAY
        return start + other.minutes <= self.minutes

    def overlaps(self, other: Window) -> bool:
        """Two arcs of the day's circle overlap when either starts inside the other."""
        here, there = self._minutes(self.start), self._minutes(other.start)
        return (there - here) % MINUTES_PER_DAY < self.minutes or (
            here - there
        ) % MINUTES_PER_DAY < other.minutes

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True)
class RegulationTerms:
    """What a body's Regolamento (one version) sets."""

    version: int
    effective_from: date
    max_days_per_week: int
    max_days_per_month: int
    min_presence_percent: int
    reachability: Window
    disconnection: Window
    allowed_places: frozenset[Place]
    notice_days: int
    notice_days_disabled: int
    max_duration_months: int | None
    required_prerequisites: frozenset[Prerequisite]
    it_check_validity_months: int = 12
    not_remotable_activities: frozenset[str] = frozenset()

    @property
    def source(self) -> Source:
        return regulation_source(self.version)


def regulation_source(version: int) -> Source:
    return Source(_("Regolamento, version %(v)d") % {"v": version})


@dataclass(frozen=True)
class AgreementTerms:
    """What an individual agreement (or a request for one) says."""

    start: date | None
    end: date | None  # None: open-ended
    pattern: Pattern
    weekdays: frozenset[int]  # 0 = Monday; for FIXED_WEEKDAYS
    monthly_quota: int  # for MONTHLY_QUOTA
    places: frozenset[Place]
    other_place: str
    reachability: Window | None
    disconnection: Window | None
    notice_days: int
    activities: frozenset[str] = frozenset()

    @property
    def days_per_week(self) -> float:
        if self.pattern == Pattern.FIXED_WEEKDAYS:
            return len(self.weekdays)
        return self.monthly_quota * 12 / 52


@dataclass(frozen=True)
class WorkerFacts:
    is_active: bool
    hire_date: date | None
    ended_on: date | None
    part_time_percent: int
    disabled_l68: bool
    unit_activities_not_remotable: frozenset[str] = frozenset()


# --- the Regolamento against the law -----------------------------------------------------


def check_regulation(terms: RegulationTerms) -> list[Violation]:
    """A Regolamento may be stricter than the law and the contract, never looser."""
    base = baseline_for(terms.effective_from)
    out: list[Violation] = []
    out += _check_disconnection(terms.disconnection, base, "disconnection")
    out += _check_reachability(terms.reachability, terms.disconnection, base, 100)
    if terms.notice_days < base.notice_days:
        out.append(
            Violation(
                "notice_below_law",
                "notice_days",
                _("The notice for withdrawal cannot be shorter than %(n)d days.")
                % {"n": base.notice_days},
                base.source("notice"),
            )
        )
    if terms.notice_days_disabled < max(base.notice_days_disabled, terms.notice_days):
        out.append(
            Violation(
                "notice_disabled_below_law",
                "notice_days_disabled",
                _(
                    "The notice for workers with disabilities (L. 68/1999) cannot be shorter "
                    "than %(n)d days."
                )
                % {"n": max(base.notice_days_disabled, terms.notice_days)},
                base.source("notice"),
            )
        )
    if terms.min_presence_percent < base.min_presence_percent:
        out.append(
            Violation(
                "presence_below_law",
                "min_presence_percent",
                _(
                    "Work in presence must prevail: the minimum presence cannot be below "
                    "%(p)d%% of the working days."
                )
                % {"p": base.min_presence_percent},
                base.source("presence"),
            )
        )
    weekly_cap = max_remote_days_per_week(base, terms.min_presence_percent)
    if terms.max_days_per_week > weekly_cap:
        out.append(
            Violation(
                "weekly_days_beyond_presence",
                "max_days_per_week",
                _(
                    "With %(p)d%% of presence, at most %(n)d remote days a week are possible "
                    "in a %(w)d-day week."
                )
                % {
                    "p": terms.min_presence_percent,
                    "n": weekly_cap,
                    "w": base.working_days_per_week,
                },
                base.source("presence"),
            )
        )
    monthly_cap = max_remote_days_per_month(terms.min_presence_percent)
    if terms.max_days_per_month > monthly_cap:
        out.append(
            Violation(
                "monthly_days_beyond_presence",
                "max_days_per_month",
                _(
                    "With %(p)d%% of presence, at most %(n)d remote days a month are possible "
                    "(a month has at least %(d)d working days)."
                )
                % {"p": terms.min_presence_percent, "n": monthly_cap, "d": SHORTEST_MONTH_DAYS},
                base.source("presence"),
            )
        )
    if terms.max_days_per_week < 1 or terms.max_days_per_month < 1:
        out.append(
            Violation(
                "no_remote_days",
                "max_days_per_week",
                _("The Regolamento must allow at least one remote day."),
                base.source("written"),
            )
        )
    if not terms.allowed_places:
        out.append(
            Violation(
                "no_places",
                "allowed_places",
                _("Name at least one place where lavoro agile may be done."),
                base.source("agreement"),
            )
        )
    return out


# A month of 5-day weeks has at least 20 working days before holidays (February, 28 days).
SHORTEST_MONTH_DAYS = 20


def max_remote_days_per_week(base: LegalBaseline, min_presence_percent: int) -> int:
    remote_share = (100 - min_presence_percent) / 100
    return int(base.working_days_per_week * remote_share)


def max_remote_days_per_month(min_presence_percent: int) -> int:
    remote_share = (100 - min_presence_percent) / 100
    return int(SHORTEST_MONTH_DAYS * remote_share)


def _check_disconnection(window: Window | None, base: LegalBaseline, field: str) -> list[Violation]:
    if window is None:
        return [
            Violation(
                "disconnection_missing",
                field,
                _("The agreement must set the fascia di inoperabilità (disconnection window)."),
                L81_ART19,
            )
        ]
    out = []
    if window.minutes < base.min_rest_hours * 60:
        out.append(
            Violation(
                "disconnection_too_short",
                field,
                _(
                    "The fascia di inoperabilità lasts %(h)s hours: it must be at least "
                    "%(min)d consecutive hours."
                )
                % {"h": _hours(window.minutes), "min": base.min_rest_hours},
                base.source("windows"),
            )
        )
    night = Window(base.night_start, base.night_end)
    if not window.covers(night):
        out.append(
            Violation(
                "disconnection_misses_night",
                field,
                _("The fascia di inoperabilità %(w)s must include the night from %(night)s.")
                % {"w": window, "night": night},
                base.source("windows"),
            )
        )
    return out


def _check_reachability(
    window: Window | None,
    disconnection: Window | None,
    base: LegalBaseline,
    part_time_percent: int,
) -> list[Violation]:
    if window is None:
        return [
            Violation(
                "reachability_missing",
                "reachability",
                _("The agreement must set the fascia di contattabilità (reachability window)."),
                base.source("windows"),
            )
        ]
    out = []
    limit = base.average_day_minutes * part_time_percent // 100
    if window.minutes > limit:
        out.append(
            Violation(
                "reachability_too_long",
                "reachability",
                _(
                    "The fascia di contattabilità lasts %(h)s hours: it cannot be longer than "
                    "the average working day (%(max)s hours)."
                )
                % {"h": _hours(window.minutes), "max": _hours(limit)},
                base.source("windows"),
            )
        )
    if disconnection is not None and window.overlaps(disconnection):
        out.append(
            Violation(
                "reachability_in_disconnection",
                "reachability",
                _("The fascia di contattabilità %(r)s overlaps the fascia di inoperabilità %(d)s.")
                % {"r": window, "d": disconnection},
                base.source("windows"),
            )
        )
    return out


def _hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h}:{m:02d}"


# --- the agreement against the law, the contract and the Regolamento ----------------------


def check_agreement(
    terms: AgreementTerms,
    regulation: RegulationTerms | None,
    worker: WorkerFacts,
    overlapping: int = 0,
) -> list[Violation]:
    """Every violation of the agreement, each with its source. An empty list means the terms
    may be signed; prerequisites are checked apart (`check_prerequisites`), when activating."""
    base = baseline_for(terms.start or date.today())
    out: list[Violation] = []
    if regulation is None:
        return [
            Violation(
                "no_regulation",
                "",
                _("The body has no Regolamento in force on the start date."),
                base.source("agreement"),
            )
        ]
    reg_source = regulation.source

    # Period (L. 81/2017 art. 19 c. 2: fixed term or open-ended).
    if terms.start is None:
        out.append(
            Violation("start_missing", "start", _("Give the start date."), base.source("written"))
        )
    else:
        if terms.end is not None and terms.end < terms.start:
            out.append(
                Violation(
                    "end_before_start",
                    "end",
                    _("The end date is before the start date."),
                    L81_ART19_C2,
                )
            )
        if terms.start < regulation.effective_from:
            out.append(
                Violation(
                    "start_before_regulation",
                    "start",
                    _("The Regolamento applies from %(d)s: the agreement cannot start before.")
                    % {"d": regulation.effective_from.strftime("%d/%m/%Y")},
                    reg_source,
                )
            )
        if terms.end is not None and regulation.max_duration_months:
            limit = add_months(terms.start, regulation.max_duration_months) - timedelta(days=1)
            if terms.end > limit:
                out.append(
                    Violation(
                        "duration_too_long",
                        "end",
                        _("A fixed-term agreement lasts at most %(n)d months: end by %(d)s.")
                        % {
                            "n": regulation.max_duration_months,
                            "d": limit.strftime("%d/%m/%Y"),
                        },
                        reg_source,
                    )
                )

    # The worker (L. 81/2017 art. 18 c. 1: a way of carrying out an employment relationship).
    if not worker.is_active or (
        worker.ended_on is not None and terms.start is not None and worker.ended_on < terms.start
    ):
        out.append(
            Violation(
                "worker_not_employed",
                "",
                _("The person is not employed by the body on the start date."),
                L81_ART18,
            )
        )
    elif worker.hire_date and terms.start and terms.start < worker.hire_date:
        out.append(
            Violation(
                "start_before_hire",
                "start",
                _("The agreement cannot start before the hire date (%(d)s).")
                % {"d": worker.hire_date.strftime("%d/%m/%Y")},
                L81_ART18,
            )
        )
    if overlapping:
        out.append(
            Violation(
                "overlapping_agreement",
                "start",
                _("Another agreement of the same person covers part of this period."),
                base.source("agreement"),
            )
        )

    # Remote days: the Regolamento's limits and the prevalence of presence.
    if terms.pattern == Pattern.FIXED_WEEKDAYS:
        if not terms.weekdays:
            out.append(
                Violation(
                    "no_weekdays",
                    "weekdays",
                    _("Choose the weekdays of lavoro agile."),
                    base.source("agreement"),
                )
            )
        if any(d < 0 or d >= base.working_days_per_week for d in terms.weekdays):
            out.append(
                Violation(
                    "weekday_not_working",
                    "weekdays",
                    _("Remote days can only fall on working weekdays (Monday to Friday)."),
                    base.source("agreement"),
                )
            )
        if len(terms.weekdays) > regulation.max_days_per_week:
            out.append(
                Violation(
                    "too_many_days_per_week",
                    "weekdays",
                    _("%(n)d remote days a week: the Regolamento allows at most %(max)d.")
                    % {"n": len(terms.weekdays), "max": regulation.max_days_per_week},
                    reg_source,
                )
            )
    else:
        if terms.monthly_quota < 1:
            out.append(
                Violation(
                    "no_quota",
                    "monthly_quota",
                    _("Give the number of remote days a month."),
                    base.source("agreement"),
                )
            )
        if terms.monthly_quota > regulation.max_days_per_month:
            out.append(
                Violation(
                    "too_many_days_per_month",
                    "monthly_quota",
                    _("%(n)d remote days a month: the Regolamento allows at most %(max)d.")
                    % {"n": terms.monthly_quota, "max": regulation.max_days_per_month},
                    reg_source,
                )
            )
    presence_cap = max_remote_days_per_week(base, regulation.min_presence_percent)
    if terms.pattern == Pattern.FIXED_WEEKDAYS and len(terms.weekdays) > presence_cap:
        out.append(
            Violation(
                "presence_not_prevailing",
                "weekdays",
                _(
                    "Work in presence must prevail (%(p)d%% of the working days): at most "
                    "%(n)d remote days a week."
                )
                % {"p": regulation.min_presence_percent, "n": presence_cap},
                base.source("presence"),
            )
        )
    monthly_cap = max_remote_days_per_month(regulation.min_presence_percent)
    if terms.pattern == Pattern.MONTHLY_QUOTA and terms.monthly_quota > monthly_cap:
        out.append(
            Violation(
                "presence_not_prevailing",
                "monthly_quota",
                _(
                    "Work in presence must prevail (%(p)d%% of the working days): at most "
                    "%(n)d remote days a month."
                )
                % {"p": regulation.min_presence_percent, "n": monthly_cap},
                base.source("presence"),
            )
        )

    # Places.
    if not terms.places:
        out.append(
            Violation(
                "no_places",
                "places",
                _("Name at least one place of lavoro agile."),
                base.source("agreement"),
            )
        )
    for place in sorted(terms.places - regulation.allowed_places):
        out.append(
            Violation(
                "place_not_allowed",
                "places",
                _("The Regolamento does not allow lavoro agile at this place: %(p)s.")
                % {"p": place_label(place)},
                reg_source,
            )
        )
    if Place.OTHER in terms.places and not terms.other_place.strip():
        out.append(
            Violation(
                "other_place_undeclared",
                "other_place",
                _("Describe the other place where you will work."),
                base.source("agreement"),
            )
        )

    # Windows: contattabilità and inoperabilità (CCNL art. 66; L. 81/2017 art. 19 c. 1).
    out += _check_disconnection(terms.disconnection, base, "disconnection")
    out += _check_reachability(
        terms.reachability, terms.disconnection, base, worker.part_time_percent
    )

    # Withdrawal notice (L. 81/2017 art. 19 c. 2).
    required_notice = required_notice_days(base, regulation, worker.disabled_l68)
    if terms.end is None and terms.notice_days < required_notice:
        out.append(
            Violation(
                "notice_too_short",
                "notice_days",
                _("The notice for withdrawal must be at least %(n)d days.")
                % {"n": required_notice},
                base.source("notice"),
            )
        )

    # Activities: only those the body has identified as remotable (CCNL art. 63).
    excluded = terms.activities & (
        regulation.not_remotable_activities | worker.unit_activities_not_remotable
    )
    for activity in sorted(excluded):
        out.append(
            Violation(
                "activity_not_remotable",
                "activities",
                _("The activity “%(a)s” cannot be done remotely in this unit.") % {"a": activity},
                base.source("activities"),
            )
        )
    return out


def required_notice_days(
    base: LegalBaseline, regulation: RegulationTerms | None, disabled_l68: bool
) -> int:
    if disabled_l68:
        law = base.notice_days_disabled
        body = regulation.notice_days_disabled if regulation else 0
    else:
        law = base.notice_days
        body = regulation.notice_days if regulation else 0
    return max(law, body)


def place_label(place: Place | str) -> str:
    return {
        Place.HOME: _("home"),
        Place.HUB: _("coworking hub"),
        Place.OTHER: _("another declared place"),
    }.get(Place(place), str(place))


# --- prerequisites ------------------------------------------------------------------------


@dataclass(frozen=True)
class PrerequisiteState:
    """What the body knows of one prerequisite for one person."""

    kind: Prerequisite
    satisfied_on: date | None  # the date of the latest passing check, notice or completion
    expires_on: date | None  # None: never expires
    detail: str = ""  # e.g. which items of the IT check failed


def check_prerequisites(
    required: frozenset[Prerequisite],
    states: dict[Prerequisite, PrerequisiteState],
    on: date,
    regulation_source: Source,
) -> list[Violation]:
    """An agreement cannot become active while a required prerequisite is missing or expired."""
    out = []
    for kind in sorted(required):
        state = states.get(kind)
        label = prerequisite_label(kind)
        source = _prerequisite_source(kind, regulation_source)
        if state is None or state.satisfied_on is None:
            detail = f" {state.detail}" if state and state.detail else ""
            out.append(
                Violation(
                    "prerequisite_missing",
                    kind.value,
                    _("Missing prerequisite: %(p)s.") % {"p": label} + detail,
                    source,
                )
            )
        elif state.expires_on is not None and state.expires_on < on:
            out.append(
                Violation(
                    "prerequisite_expired",
                    kind.value,
                    _("Expired prerequisite: %(p)s (expired on %(d)s).")
                    % {"p": label, "d": state.expires_on.strftime("%d/%m/%Y")},
                    source,
                )
            )
    return out


def _prerequisite_source(kind: Prerequisite, regulation_source: Source) -> Source:
    if kind == Prerequisite.SAFETY_NOTICE:
        return L81_ART22
    if kind.value.startswith("training_"):
        return CCNL_FL_2019_2021.source("training")
    return regulation_source


def prerequisite_label(kind: Prerequisite | str) -> str:
    return {
        Prerequisite.IT_CHECK: _("workstation IT check"),
        Prerequisite.SAFETY_NOTICE: _("safety notice (informativa, art. 22)"),
        Prerequisite.TRAINING_CYBERSECURITY: _("cybersecurity training"),
        Prerequisite.TRAINING_DIGITAL_WELLBEING: _("digital wellbeing training"),
        Prerequisite.TRAINING_SAFETY: _("health and safety training"),
        Prerequisite.TRAINING_AGILE_WORK: _("lavoro agile training"),
    }[Prerequisite(kind)]


# --- notice and withdrawal ----------------------------------------------------------------


def withdrawal_effective_on(given_on: date, notice_days: int) -> date:
    """The last day of the agreement when withdrawal is notified on `given_on`: notice runs in
    calendar days from the day after notification (so month lengths and 29 February count)."""
    return given_on + timedelta(days=notice_days)


def withdrawal_violations(
    *,
    end: date | None,
    given_on: date,
    requested_last_day: date | None,
    justified: bool,
    required_notice: int,
) -> list[Violation]:
    """L. 81/2017 art. 19 c. 2: an open-ended agreement is withdrawn with notice (none for a
    justified reason); a fixed-term one only for a justified reason before its term."""
    out = []
    if end is not None and not justified:
        out.append(
            Violation(
                "fixed_term_needs_reason",
                "reason",
                _(
                    "A fixed-term agreement can be withdrawn before its end only for a "
                    "justified reason (giustificato motivo)."
                ),
                L81_ART19_C2,
            )
        )
    if end is None and not justified and requested_last_day is not None:
        earliest = withdrawal_effective_on(given_on, required_notice)
        if requested_last_day < earliest:
            out.append(
                Violation(
                    "notice_not_respected",
                    "last_day",
                    _("With %(n)d days of notice, the agreement can end on %(d)s at the earliest.")
                    % {"n": required_notice, "d": earliest.strftime("%d/%m/%Y")},
                    L81_ART19_C2,
                )
            )
    return out


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


# --- priority ranking ---------------------------------------------------------------------


@dataclass(frozen=True)
class RequestFacts:
    agreement_id: int
    priorities: frozenset[str]
    submitted_on: date


def rank_requests(
    requests: list[RequestFacts], body_order: tuple[str, ...] = ()
) -> list[tuple[RequestFacts, str]]:
    """Order requests for a unit that cannot grant them all.

    The categories of L. 81/2017 art. 18 c. 3-bis (and the CCNL's lavoratori fragili) come
    first, all equal before the law; the body's Regolamento may order them and add its own
    (`body_order`, most important first). Within a rank, the earlier request first. Returns each
    request with the reason of its rank, for the manager to read."""

    def key(r: RequestFacts) -> tuple[int, int, int, date, int]:
        legal = bool(r.priorities & {p.value for p in LEGAL_PRIORITIES})
        body_rank = min(
            (body_order.index(p) for p in r.priorities if p in body_order), default=len(body_order)
        )
        return (0 if legal else 1, body_rank, -len(r.priorities), r.submitted_on, r.agreement_id)

    ranked = sorted(requests, key=key)
    out = []
    for r in ranked:
        legal = sorted(p for p in r.priorities if p in {q.value for q in LEGAL_PRIORITIES})
        if legal:
            reason = _("priority by law (%(s)s): %(c)s") % {
                "s": L81_ART18_3BIS,
                "c": ", ".join(priority_label(p) for p in legal),
            }
        elif r.priorities:
            reason = _("priority of the Regolamento: %(c)s") % {
                "c": ", ".join(sorted(r.priorities))
            }
        else:
            reason = _("order of request")
        out.append((r, reason))
    return out


def priority_label(p: str) -> str:
    return {
        Priority.CHILD_UNDER_12: _("child up to 12 years old"),
        Priority.DISABLED_CHILD: _("child with disability (L. 104/1992 art. 3 c. 3)"),
        Priority.SEVERE_DISABILITY: _("worker with serious disability"),
        Priority.CAREGIVER: _("caregiver (L. 205/2017 art. 1 c. 255)"),
        Priority.FRAGILE: _("lavoratore fragile"),
    }.get(p, p)  # type: ignore[call-overload]
