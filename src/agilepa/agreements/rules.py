"""The legal checker: the law, the national contract and the body's Regolamento as plain
functions over plain data, importable and testable without the database.

Every rule returns `Violation`s that carry the article they come from, so forms, the API, the
documents and the planner can cite it. The floor set by the law and the contract is a
`LegalBaseline` with dates of effect: a new contract (the Funzioni Locali 2022-2024 renewal, a
twin contract of another sector) is a new baseline, never an edit of this one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum

from django.utils.translation import gettext as _

from agilepa.agreements.baselines import LegalBaseline as LegalBaseline
from agilepa.agreements.baselines import Source as Source
from agilepa.agreements.baselines import load_baselines
from agilepa.core import formats

MINUTES_PER_DAY = 24 * 60


class Place(StrEnum):
    HOME = "home"
    HUB = "hub"  # a coworking hub of the body or of its network
    OTHER = "other"  # another place the worker declares


class AgreementKind(StrEnum):
    """The two arrangements of remote work the contracts name: lavoro agile (no fixed hours or
    place, L. 81/2017) and lavoro da remoto (the office's fixed hours at a fixed place: telework
    at home, a hub, another office; CCNL FL 2019-2021 artt. 68-70)."""

    AGILE = "agile"
    REMOTE = "remote"


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
class Violation:
    code: str  # stable identifier, e.g. "disconnection_too_short"
    field: str  # the form/API field the violation is about ("" for the whole agreement)
    message: str
    source: Source

    def as_dict(self) -> dict[str, str | bool]:
        return {
            "code": self.code,
            "field": self.field,
            "message": self.message,
            "source": self.source.text,
            "source_verified": self.source.verified,
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
DM_2021 = Source("DM Ministro PA 8 ottobre 2021 art. 1 c. 1 lett. b", verified=False)
# The average over a multi-month plan: the joint circular exists and says so (checked in
# December 2026); it has no article to cite.
CIRCULAR_2022 = Source("Circolare congiunta Ministri PA e Lavoro 5 gennaio 2022")
DIRECTIVE_2023 = Source("Direttiva Ministro PA 29 dicembre 2023")
L81_ART23 = Source(
    "L. 81/2017 art. 23 c. 1",
    "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:2017;81~art23",
)
DM_149_2022 = Source("DM Ministro del Lavoro 22 agosto 2022 n. 149")
# The 5-day term was written into art. 23 by L. 203/2024 (checked); the number of the article
# of L. 203/2024 that did it (art. 14) was not read in the official text.
L203_2024 = Source("L. 13 dicembre 2024 n. 203 art. 14", verified=False)
POLA_15 = Source("L. 124/2015 art. 14 c. 1 (as amended by DL 56/2021)", verified=False)


# The baselines live as data (`data/baselines/*.json`, see `baselines.py`), loaded once and
# validated at import: a malformed file stops the start with a message naming file and field.
BASELINES: tuple[LegalBaseline, ...] = load_baselines()
CCNL_FL_2019_2021 = next(b for b in BASELINES if b.key == "ccnl-fl-2019-2021")


def baseline_for(day: date, baselines: tuple[LegalBaseline, ...] | None = None) -> LegalBaseline:
    """The baseline in force on `day` (the earliest one for days before every baseline)."""
    baselines = baselines or BASELINES
    for baseline in baselines:
        if baseline.covers(day):
            return baseline
    return min(baselines, key=lambda b: b.valid_from)


def baselines_during(
    start: date, end: date | None, baselines: tuple[LegalBaseline, ...] | None = None
) -> list[LegalBaseline]:
    """Every baseline in force on some day from `start` to `end` (open-ended: to this day on),
    in order: an agreement is held to each of them on the days it rules."""
    baselines = baselines or BASELINES
    first = baseline_for(start, baselines)
    return [first] + [
        b
        for b in baselines
        if b.valid_from > start and (end is None or b.valid_from <= end) and b is not first
    ]


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
    presence_window_months: int = 1
    office_hours: Window | None = None  # the timetable lavoro da remoto follows

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
    kind: AgreementKind = AgreementKind.AGILE
    work_hours: Window | None = None  # lavoro da remoto: the fixed hours
    fixed_place: str = ""  # lavoro da remoto: the fixed place
    derogation_days: int | None = None  # a granted derogation: remote days a month, at most

    @property
    def days_per_month(self) -> int:
        """Remote days in an average month (fixed weekdays: 52 weeks over 12 months)."""
        if self.pattern == Pattern.FIXED_WEEKDAYS:
            return math.ceil(len(self.weekdays) * 52 / 12)
        return self.monthly_quota

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
                    "%(the_share)s of the working days."
                )
                % {
                    "the_share": formats.number_with_article("al:", f"{base.min_presence_percent}%")
                },
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
                    "With %(the_share)s of presence, at most %(n)d remote days a week are "
                    "possible in a %(w)d-day week."
                )
                % {
                    "the_share": formats.number_with_article(
                        "il:", f"{terms.min_presence_percent}%"
                    ),
                    "n": weekly_cap,
                    "w": base.working_days_per_week,
                },
                base.source("presence"),
            )
        )
    monthly_cap = max_remote_days_per_month(terms.min_presence_percent)
    # Over a longer window a month may hold more remote days: the planner and the plan's
    # checker hold the average over the window.
    if terms.presence_window_months <= 1 and terms.max_days_per_month > monthly_cap:
        out.append(
            Violation(
                "monthly_days_beyond_presence",
                "max_days_per_month",
                _(
                    "With %(the_share)s of presence, at most %(n)d remote days a month are "
                    "possible (a month has at least %(d)d working days)."
                )
                % {
                    "the_share": formats.number_with_article(
                        "il:", f"{terms.min_presence_percent}%"
                    ),
                    "n": monthly_cap,
                    "d": SHORTEST_MONTH_DAYS,
                },
                base.source("presence"),
            )
        )
    if not 1 <= terms.presence_window_months <= 6:
        out.append(
            Violation(
                "presence_window_out_of_range",
                "presence_window_months",
                _("Presence prevails over a window of one to six months."),
                CIRCULAR_2022,
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
    baselines: tuple[LegalBaseline, ...] | None = None,
) -> list[Violation]:
    """Every violation of the agreement, each with its source. An empty list means the terms
    may be signed; prerequisites are checked apart (`check_prerequisites`), when activating.

    The agreement is held to every baseline in force on some day of its life: one that spans a
    change of contract must satisfy both (the same rule broken under both is listed once, with
    the earlier source)."""
    start = terms.start or date.today()
    out: list[Violation] = []
    seen: set[tuple[str, str, str]] = set()
    for base in baselines_during(start, terms.end, baselines):
        for violation in check_agreement_under(base, terms, regulation, worker, overlapping):
            key = (violation.code, violation.field, violation.message)
            if key not in seen:
                seen.add(key)
                out.append(violation)
    return out


@dataclass(frozen=True)
class ContractChange:
    """What a later contract asks of an agreement signed before it took effect."""

    baseline: LegalBaseline
    violations: tuple[Violation, ...]

    @property
    def needs_new_signature(self) -> bool:
        return bool(self.violations)


def contract_changes(
    terms: AgreementTerms,
    regulation: RegulationTerms | None,
    worker: WorkerFacts,
    baselines: tuple[LegalBaseline, ...] | None = None,
) -> list[ContractChange]:
    """Each contract that takes effect during the agreement's life after its start, with what
    the agreement breaks under it: HR re-signs those with violations."""
    if terms.start is None:
        return []
    return [
        ContractChange(base, tuple(check_agreement_under(base, terms, regulation, worker, 0)))
        for base in baselines_during(terms.start, terms.end, baselines)[1:]
    ]


def check_agreement_under(
    base: LegalBaseline,
    terms: AgreementTerms,
    regulation: RegulationTerms | None,
    worker: WorkerFacts,
    overlapping: int = 0,
) -> list[Violation]:
    """The violations of the agreement under one baseline: each rule group in turn, in the
    order a reader of the agreement meets its terms."""
    if regulation is None:
        return [
            Violation(
                "no_regulation",
                "",
                _("The body has no Regolamento in force on the start date."),
                base.source("agreement"),
            )
        ]
    out = _check_period(base, terms, regulation)
    out += _check_worker(base, terms, worker, overlapping)
    out += _check_remote_days_allowed(base, terms, regulation)
    out += _check_derogation(terms)
    out += _check_presence_prevails(base, terms, regulation)
    if terms.kind == AgreementKind.REMOTE:
        out += _check_remote_work(terms, regulation, base)
    else:
        out += _check_places(base, terms, regulation)
        # Windows: contattabilità and inoperabilità (CCNL art. 66; L. 81/2017 art. 19 c. 1).
        out += _check_disconnection(terms.disconnection, base, "disconnection")
        out += _check_reachability(
            terms.reachability, terms.disconnection, base, worker.part_time_percent
        )
    out += _check_notice(base, terms, regulation, worker)
    out += _check_activities(base, terms, regulation, worker)
    return out


def _check_period(
    base: LegalBaseline, terms: AgreementTerms, regulation: RegulationTerms
) -> list[Violation]:
    """The period: fixed term or open-ended (L. 81/2017 art. 19 c. 2), within the
    Regolamento's dates and longest term."""
    out: list[Violation] = []
    reg_source = regulation.source
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
                    _("The Regolamento applies %(from_day)s: the agreement cannot start before.")
                    % {"from_day": formats.with_article("dal", regulation.effective_from)},
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
                        _("A fixed-term agreement lasts at most %(n)d months: end %(by_day)s.")
                        % {
                            "n": regulation.max_duration_months,
                            "by_day": formats.with_article("entro il:by", limit),
                        },
                        reg_source,
                    )
                )
    return out


def _check_worker(
    base: LegalBaseline, terms: AgreementTerms, worker: WorkerFacts, overlapping: int
) -> list[Violation]:
    """The worker: employed on the start date, since the hire date (L. 81/2017 art. 18 c. 1:
    a way of carrying out an employment relationship), with no other agreement at the time."""
    out: list[Violation] = []
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
                % {"d": formats.day(worker.hire_date)},
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
    return out


def _check_remote_days_allowed(
    base: LegalBaseline, terms: AgreementTerms, regulation: RegulationTerms
) -> list[Violation]:
    """The remote days against the Regolamento's weekly or monthly limit, which a granted
    derogation replaces (`_check_derogation`)."""
    out: list[Violation] = []
    reg_source = regulation.source
    derogation = terms.derogation_days
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
        if derogation is None and len(terms.weekdays) > regulation.max_days_per_week:
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
        if derogation is None and terms.monthly_quota > regulation.max_days_per_month:
            out.append(
                Violation(
                    "too_many_days_per_month",
                    "monthly_quota",
                    _("%(n)d remote days a month: the Regolamento allows at most %(max)d.")
                    % {"n": terms.monthly_quota, "max": regulation.max_days_per_month},
                    reg_source,
                )
            )
    return out


def _check_derogation(terms: AgreementTerms) -> list[Violation]:
    """A granted derogation from the prevalence of presence (Directive of 29 December 2023)
    lifts the limits up to its stated days a month, and no further."""
    out: list[Violation] = []
    derogation = terms.derogation_days
    if derogation is not None and terms.days_per_month > derogation:
        out.append(
            Violation(
                "derogation_exceeded",
                "weekdays" if terms.pattern == Pattern.FIXED_WEEKDAYS else "monthly_quota",
                _(
                    "%(n)d remote days a month: the derogation from the prevalence of presence "
                    "allows at most %(max)d."
                )
                % {"n": terms.days_per_month, "max": derogation},
                DIRECTIVE_2023,
            )
        )
    return out


def _check_presence_prevails(
    base: LegalBaseline, terms: AgreementTerms, regulation: RegulationTerms
) -> list[Violation]:
    """Work in presence prevails (the Regolamento's share of the working days), a week or a
    month by the pattern, unless a derogation is granted."""
    out: list[Violation] = []
    derogation = terms.derogation_days
    presence_cap = max_remote_days_per_week(base, regulation.min_presence_percent)
    if (
        derogation is None
        and terms.pattern == Pattern.FIXED_WEEKDAYS
        and len(terms.weekdays) > presence_cap
    ):
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
    if (
        derogation is None
        and terms.pattern == Pattern.MONTHLY_QUOTA
        and terms.monthly_quota > monthly_cap
    ):
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
    return out


def _check_places(
    base: LegalBaseline, terms: AgreementTerms, regulation: RegulationTerms
) -> list[Violation]:
    """The places of lavoro agile: at least one, each allowed by the Regolamento, an "other"
    place described."""
    out: list[Violation] = []
    reg_source = regulation.source
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
    return out


def _check_notice(
    base: LegalBaseline, terms: AgreementTerms, regulation: RegulationTerms, worker: WorkerFacts
) -> list[Violation]:
    """The notice for withdrawing an open-ended agreement (L. 81/2017 art. 19 c. 2)."""
    out: list[Violation] = []
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
    return out


def _check_activities(
    base: LegalBaseline, terms: AgreementTerms, regulation: RegulationTerms, worker: WorkerFacts
) -> list[Violation]:
    """Only the activities the body has identified as remotable (CCNL art. 63)."""
    out: list[Violation] = []
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


def _check_remote_work(
    terms: AgreementTerms, regulation: RegulationTerms, base: LegalBaseline
) -> list[Violation]:
    """Lavoro da remoto: the office's fixed hours, at a fixed place (CCNL; article of the
    2022-2024 contract to verify). Its windows are the fixed hours, so the reachability and
    disconnection windows of lavoro agile do not apply."""
    source = base.source("remote_work")
    out = []
    if regulation.office_hours is None:
        out.append(
            Violation(
                "remote_work_without_timetable",
                "work_hours",
                _(
                    "The Regolamento sets no office timetable: lavoro da remoto, which follows "
                    "it, cannot be agreed."
                ),
                source,
            )
        )
    if terms.work_hours is None:
        out.append(
            Violation(
                "work_hours_missing",
                "work_hours",
                _("Give the fixed hours of lavoro da remoto."),
                source,
            )
        )
    elif regulation.office_hours is not None and not regulation.office_hours.covers(
        terms.work_hours
    ):
        out.append(
            Violation(
                "work_hours_outside_timetable",
                "work_hours",
                _(
                    "Lavoro da remoto follows the office timetable (%(office)s): the hours "
                    "%(hours)s fall outside it."
                )
                % {"office": regulation.office_hours, "hours": terms.work_hours},
                source,
            )
        )
    if not terms.fixed_place.strip():
        out.append(
            Violation(
                "fixed_place_missing",
                "fixed_place",
                _("Give the fixed place of lavoro da remoto (home, hub or other office)."),
                source,
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
    today: date | None = None,
) -> list[Violation]:
    """An agreement cannot become active while a required prerequisite is missing or expired.
    `on` is the day it would start; `today` (default `on`) tells a prerequisite that has
    expired from one that is still valid and will expire before that day."""
    today = on if today is None else today
    out = []
    for kind in sorted(required):
        state = states.get(kind)
        label = prerequisite_label(kind)
        source = _prerequisite_source(kind, regulation_source, on)
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
        elif state.expires_on is not None and today <= state.expires_on < on:
            out.append(
                Violation(
                    "prerequisite_expired",
                    kind.value,
                    _(
                        "Prerequisite %(p)s expires %(on_day)s, before the agreement starts: "
                        "renew it first."
                    )
                    % {"p": label, "on_day": formats.with_article("il", state.expires_on)},
                    source,
                )
            )
        elif state.expires_on is not None and state.expires_on < on:
            out.append(
                Violation(
                    "prerequisite_expired",
                    kind.value,
                    _("Expired prerequisite: %(p)s (expired on %(d)s).")
                    % {"p": label, "d": formats.day(state.expires_on)},
                    source,
                )
            )
    return out


def _prerequisite_source(kind: Prerequisite, regulation_source: Source, on: date) -> Source:
    if kind == Prerequisite.SAFETY_NOTICE:
        return L81_ART22
    if kind.value.startswith("training_"):
        return baseline_for(on).source("training")
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
                    _("With %(n)d days of notice, the agreement can end %(earliest)s.")
                    % {
                        "n": required_notice,
                        "earliest": formats.with_article("non prima del:no earlier than", earliest),
                    },
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


def valid_since(on: date, months: int) -> date:
    """The earliest day whose validity of `months` still holds on `on`: `add_months(day, months)
    >= on` exactly for the days from it on (`add_months` never goes back as the day moves on), so
    a query can select what is still valid with one comparison of dates."""
    day = add_months(on, -months)
    while add_months(day - timedelta(days=1), months) >= on:
        day -= timedelta(days=1)
    while add_months(day, months) < on:
        day += timedelta(days=1)
    return day


# --- prevalence of presence over a window of months -----------------------------------------


def window_months(year: int, month: int, window: int) -> list[tuple[int, int]]:
    """The months of the window that holds (`year`, `month`), from its first to this one.

    Windows are fixed blocks counted from January (with 3: January-March, April-June…; with
    a length that does not divide 12 the year's last block is shorter), so that every month
    belongs to exactly one window and the balance restarts with each."""
    window = max(1, min(6, window))
    first = (month - 1) // window * window + 1
    return [(year, m) for m in range(first, month + 1)]


@dataclass(frozen=True)
class PresenceBalance:
    """A worker's days over the months of the window so far (this month included)."""

    working_days: int  # days at work: working days less absences
    remote_days: int
    min_presence_percent: int

    @property
    def office_days(self) -> int:
        return self.working_days - self.remote_days

    @property
    def needed_in_office(self) -> int:
        return math.ceil(self.working_days * self.min_presence_percent / 100)

    @property
    def spare(self) -> int:
        """Remote days still possible in the window with presence prevailing (< 0: beyond)."""
        return self.office_days - self.needed_in_office

    @property
    def prevails(self) -> bool:
        return self.remote_days == 0 or self.spare >= 0


def presence_violation(balance: PresenceBalance, window: int) -> Violation | None:
    """Presence prevails over the window (joint circular of 5 January 2022), counting the days
    already worked in its earlier months."""
    if balance.prevails:
        return None
    return Violation(
        "presence_not_prevailing",
        "",
        _(
            "%(o)d days in the office of %(w)d working days over %(m)d month(s): at least "
            "%(n)d are needed."
        )
        % {
            "o": balance.office_days,
            "w": balance.working_days,
            "m": window,
            "n": balance.needed_in_office,
        },
        CIRCULAR_2022 if window > 1 else DM_2021,
    )


# --- the communication to the Ministry of Labour ------------------------------------------

# L. 81/2017 art. 23 c. 1 as amended by L. 203/2024: the employer communicates each agreement,
# change and end within 5 days. Counted in calendar days from the day after the event (as the
# notice is, see `withdrawal_effective_on`): an event on the 10th is due by the 15th and late
# from the 16th. A term ending on a Sunday or holiday is not moved here (to verify).
COMMUNICATION_DAYS = 5
COMMUNICATION_SOURCES = (L81_ART23, L203_2024, DM_149_2022)


def communication_due_on(event_date: date) -> date:
    return event_date + timedelta(days=COMMUNICATION_DAYS)


def communication_state(due_on: date, sent_on: date | None, today: date) -> str:
    """ "sent" once HR recorded the portal's receipt; else "due" until the due date, then
    "late"."""
    if sent_on is not None:
        return "sent"
    return "late" if today > due_on else "due"


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
