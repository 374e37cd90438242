"""The legal baselines as versioned data: one JSON file per national contract, shipped with the
package in `data/baselines/` and validated when the app starts.

A baseline is the floor the law and one contract set (notice, disconnection, the night, the
weekly hours, the presence rule) with the source of each rule and whether its article number
was checked against the official text (`verified`). A new contract is a new file plus its
tests, never an edit of an old one: a baseline's last day is the day before the next one takes
effect, so the old file does not change when a new one arrives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

DATA_DIR = Path(__file__).parent / "data" / "baselines"

# Every baseline cites a source for each of these rules.
REQUIRED_SOURCES = (
    "agreement",
    "windows",
    "training",
    "activities",
    "presence",
    "notice",
    "priority",
    "safety",
    "written",
    "remote_work",
)
INT_VALUES = {
    "notice_days": (0, 365),
    "notice_days_disabled": (0, 365),
    "min_rest_hours": (1, 24),
    "working_days_per_week": (1, 7),
    "min_presence_percent": (1, 100),
}
VALUE_NAMES = (*INT_VALUES, "weekly_hours", "night_start", "night_end")
KNOWN_KEYS = {
    "key",
    "name",
    "signed_on",
    "valid_from",
    "note",
    "sources",
    "unverified_values",
    *VALUE_NAMES,
}


@dataclass(frozen=True)
class Source:
    """Where a rule comes from: 'L. 81/2017 art. 19 c. 2', 'Regolamento v3 art. 4'.

    `verified` is False for a reference not yet checked against the official text (an article
    number of a new contract): every screen prints "to verify" beside it."""

    text: str
    url: str = ""
    verified: bool = True

    def __str__(self) -> str:
        if self.verified:
            return self.text
        return _("%(source)s — to verify") % {"source": self.text}


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
    signed_on: date | None = None
    # In the order of their names, so that every page and process lists them alike.
    unverified_values: tuple[str, ...] = ()

    def source(self, key: str) -> Source:
        return self.sources[key]

    @property
    def average_day_minutes(self) -> int:
        return round(self.weekly_hours * 60 / self.working_days_per_week)

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class BaselineError(ValueError):
    """A baseline file that cannot be trusted: the message names the file and the field."""


def _date(path: Path, data: dict[str, Any], name: str, required: bool = True) -> date | None:
    raw = data.get(name)
    if raw is None and not required:
        return None
    try:
        return date.fromisoformat(raw)
    except (TypeError, ValueError):
        raise BaselineError(
            f"{path.name}: '{name}' must be a date written YYYY-MM-DD (found {raw!r})."
        ) from None


def _time(path: Path, data: dict[str, Any], name: str) -> time:
    raw = data.get(name)
    try:
        return time.fromisoformat(raw)
    except (TypeError, ValueError):
        raise BaselineError(
            f"{path.name}: '{name}' must be a time HH:MM (found {raw!r})."
        ) from None


def load_baseline(path: Path) -> LegalBaseline:
    """One file, validated field by field; `valid_to` is set by `load_baselines`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path.name}: not a readable JSON file ({exc}).") from None
    if not isinstance(data, dict):
        raise BaselineError(f"{path.name}: the file must hold one JSON object.")
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise BaselineError(f"{path.name}: unknown field(s) {', '.join(unknown)}.")
    if data.get("key") != path.stem:
        raise BaselineError(
            f"{path.name}: 'key' must equal the file name without .json ({path.stem!r}), "
            f"found {data.get('key')!r}."
        )
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        raise BaselineError(f"{path.name}: 'name' must be a non-empty text.")
    ints: dict[str, int] = {}
    for name, (low, high) in INT_VALUES.items():
        value = data.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise BaselineError(
                f"{path.name}: '{name}' must be a whole number from {low} to {high} "
                f"(found {value!r})."
            )
        ints[name] = value
    if ints["notice_days_disabled"] < ints["notice_days"]:
        raise BaselineError(
            f"{path.name}: 'notice_days_disabled' cannot be shorter than 'notice_days'."
        )
    weekly = data.get("weekly_hours")
    if not isinstance(weekly, int | float) or isinstance(weekly, bool) or not 1 <= weekly <= 48:
        raise BaselineError(
            f"{path.name}: 'weekly_hours' must be a number from 1 to 48 (found {weekly!r})."
        )
    unverified = data.get("unverified_values", [])
    if not isinstance(unverified, list) or not set(unverified) <= set(VALUE_NAMES):
        raise BaselineError(
            f"{path.name}: 'unverified_values' must list value names among "
            f"{', '.join(VALUE_NAMES)}."
        )
    raw_sources = data.get("sources")
    if not isinstance(raw_sources, dict):
        raise BaselineError(f"{path.name}: 'sources' must be an object of named sources.")
    missing = [k for k in REQUIRED_SOURCES if k not in raw_sources]
    if missing:
        raise BaselineError(f"{path.name}: 'sources' lacks {', '.join(missing)}.")
    sources: dict[str, Source] = {}
    for key, raw in raw_sources.items():
        if (
            not isinstance(raw, dict)
            or not isinstance(raw.get("text"), str)
            or not raw["text"].strip()
            or not isinstance(raw.get("verified"), bool)
            or not isinstance(raw.get("url", ""), str)
        ):
            raise BaselineError(
                f"{path.name}: source '{key}' needs a 'text' and a 'verified' flag "
                "(true only once checked against the official text)."
            )
        sources[key] = Source(raw["text"], raw.get("url", ""), raw["verified"])
    return LegalBaseline(
        key=data["key"],
        name=data["name"],
        valid_from=_date(path, data, "valid_from"),  # type: ignore[arg-type]
        valid_to=None,
        signed_on=_date(path, data, "signed_on", required=False),
        notice_days=ints["notice_days"],
        notice_days_disabled=ints["notice_days_disabled"],
        min_rest_hours=ints["min_rest_hours"],
        night_start=_time(path, data, "night_start"),
        night_end=_time(path, data, "night_end"),
        weekly_hours=float(weekly),
        working_days_per_week=ints["working_days_per_week"],
        min_presence_percent=ints["min_presence_percent"],
        sources=sources,
        unverified_values=tuple(sorted(unverified)),
    )


def load_baselines(directory: Path = DATA_DIR) -> tuple[LegalBaseline, ...]:
    """Every baseline of `directory`, in order of effect, each ending the day before the next
    takes effect. Refused with a `BaselineError` naming the file and the field."""
    paths = sorted(directory.glob("*.json"))
    if not paths:
        raise BaselineError(f"{directory}: no baseline file (*.json).")
    loaded = sorted((load_baseline(p) for p in paths), key=lambda b: b.valid_from)
    for earlier, later in pairwise(loaded):
        if earlier.valid_from == later.valid_from:
            raise BaselineError(
                f"{later.key}.json and {earlier.key}.json take effect on the same day."
            )
    return tuple(
        replace(b, valid_to=(loaded[i + 1].valid_from - timedelta(days=1)))
        if i + 1 < len(loaded)
        else b
        for i, b in enumerate(loaded)
    )
