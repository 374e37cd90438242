"""Checks of a rendered page that the browser would otherwise report only in its console or to
the ear: htmx attributes htmx cannot parse, and English words left in the Italian interface.

`htmx_problems` follows htmx 2's own parser (static/vendor/htmx: `parseTrigger`,
`getSwapSpecification`, `hx-sync`): a modifier it does not know is its "htmx:syntax:error",
a selector with a space must be in parentheses, and hx-vals / hx-headers must be JSON (we
never use the `js:` form)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

TIME = r"\d+(?:\.\d+)?(?:ms|s|m)?"
SELECTOR = r"(?:\([^()]+\)|(?:closest|find|next|previous)\s+[^\s,]+|[^\s,()]+)"
TRIGGER_MODIFIER = re.compile(
    rf"^(?:changed|once|consume|delay:{TIME}|throttle:{TIME}|queue:(?:first|last|all|none)"
    rf"|from:{SELECTOR}|target:{SELECTOR}|root:{SELECTOR}|threshold:[\d.]+)$"
)
EVENT = re.compile(r"^(?:every\s+" + TIME + r"|[A-Za-z][\w:.-]*)(?:\[[^\]]*\])?$")
SWAP_STYLES = {
    "innerHTML",
    "outerHTML",
    "textContent",
    "beforebegin",
    "afterbegin",
    "beforeend",
    "afterend",
    "delete",
    "none",
}
SWAP_MODIFIER = re.compile(
    rf"^(?:swap:{TIME}|settle:{TIME}|transition:(?:true|false)|ignoreTitle:(?:true|false)"
    r"|focus-scroll:(?:true|false)|(?:scroll|show):(?:[^\s:]+:)?(?:top|bottom|none))$"
)
SYNC = re.compile(r"^[^:]+(?::(?:drop|abort|replace|queue(?: first| last| all)?))?$")


def _split_top_level(text: str, separator: str = ",") -> list[str]:
    """`text` split at `separator` outside parentheses and brackets."""
    parts, depth, current = [], 0, ""
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == separator and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p.strip() for p in parts]


def _words(spec: str) -> list[str]:
    """A trigger's event and modifiers: split at spaces outside parentheses and brackets, the
    `closest X` kind of selector kept with its argument."""
    words = _split_top_level(spec, " ")
    joined: list[str] = []
    for word in words:
        if not word:
            continue
        if joined and re.fullmatch(
            r"(?:from|target|root):(?:closest|find|next|previous)", joined[-1]
        ):
            joined[-1] += " " + word
        else:
            joined.append(word)
    return joined


def trigger_problems(value: str) -> list[str]:
    problems = []
    for spec in _split_top_level(value):
        if not spec:
            problems.append("an empty trigger")
            continue
        words = _words(spec)
        event = words.pop(0)
        if event == "every" and words:
            event += " " + words.pop(0)
        if not EVENT.match(event):
            problems.append(f"event {event!r}")
        problems += [f"modifier {w!r}" for w in words if not TRIGGER_MODIFIER.match(w)]
    return problems


def swap_problems(value: str) -> list[str]:
    style, *modifiers = value.split()
    problems = [] if style in SWAP_STYLES else [f"swap style {style!r}"]
    return problems + [f"swap modifier {m!r}" for m in modifiers if not SWAP_MODIFIER.match(m)]


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith(("hx-", "data-hx-")):
                self.found.append((name.removeprefix("data-"), value or ""))


def htmx_attributes(html: str) -> list[tuple[str, str]]:
    parser = _Attributes()
    parser.feed(html)
    return parser.found


def htmx_problems(html: str) -> list[str]:
    """Each hx-* attribute whose value htmx would refuse, as "name=value: what"."""
    problems = []
    for name, value in htmx_attributes(html):
        found: list[str] = []
        if name in ("hx-vals", "hx-headers"):
            try:
                if not isinstance(json.loads(value), dict):
                    found = ["not a JSON object"]
            except ValueError as exc:
                found = [f"not JSON ({exc})"]
        elif name == "hx-trigger":
            found = trigger_problems(value)
        elif name == "hx-swap" or (name == "hx-swap-oob" and value not in ("true", "")):
            found = swap_problems(value.split(":", 1)[0] if name == "hx-swap-oob" else value)
        elif name == "hx-sync":
            found = [] if SYNC.match(value.strip()) else ["not selector:strategy"]
        problems += [f"{name}={value!r}: {p}" for p in found]
    return problems


# Words of the English interface that have an Italian one, as whole words in the visible text
# of an Italian page. Names of things Italian uses as they are (PIAO, smart working, coworking,
# open data as a field name in an address) are not here; `ITALIAN_USAGE` lists those that look
# English but are the Italian word.
ENGLISH = (
    "Home",
    "days",
    "day",
    "Open data",
    "Check-in",
    "check-in",
    "Save",
    "Cancel",
    "Delete",
    "Edit",
    "Back",
    "Next",
    "Previous",
    "Search",
    "Download",
    "Settings",
    "Show",
    "Hide",
    "Submit",
    "Close",
    "Add",
    "Remove",
    "Yes",
    "No",
    "from",
    "to",
    "of",
    "the",
    "and",
    "with",
    "people",
    "week",
    "month",
    "Members",
    "Bodies",
    "Seats",
    "Rooms",
    "Booking",
    "Bookings",
)
ITALIAN_USAGE = {"No"}  # "No" is Italian too (a yes/no answer)
_CHECKED = [w for w in ENGLISH if w not in ITALIAN_USAGE]
_ENGLISH = re.compile(
    r"(?<![\w'\u2019@/.-])(" + "|".join(map(re.escape, _CHECKED)) + r")(?![\w@/-])"
)
_VISIBLE_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template", "code", "pre"):
            self.skip += 1
        for name, value in attrs:
            if name in _VISIBLE_ATTRIBUTES and value:
                self.parts.append(value)
            if (
                tag == "input"
                and name == "value"
                and dict(attrs).get("type") in ("submit", "button")
            ):
                self.parts.append(value or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template", "code", "pre") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_words(html: str) -> list[str]:
    """The English words of `ENGLISH` in the page's visible text, each with a little context."""
    text = visible_text(html)
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in _ENGLISH.finditer(text)]
