"""The page walk's checks (tests/core/page_checks.py) catch what they are for: an htmx
attribute htmx would refuse, and an English word in an Italian page. The walk itself is
tests/core/test_pages_render.py."""

from __future__ import annotations

import pytest

from tests.core.page_checks import english_words, htmx_problems

PEOPLE_TRIGGER = (
    "submit, input changed delay:400ms from:#id_q, search from:#id_q, "
    "change from:(#people-search select)"
)


@pytest.mark.parametrize(
    "attribute",
    [
        f'hx-trigger="{PEOPLE_TRIGGER}"',
        'hx-trigger="every 2s"',
        'hx-trigger="change delay:300ms, load"',
        "hx-trigger=\"keyup[key=='Enter'] from:closest form\"",
        'hx-vals=\'{"period": "2026"}\'',
        'hx-swap="outerHTML swap:200ms"',
        'hx-swap-oob="true"',
        'hx-sync="#people-results:replace"',
    ],
)
def test_what_htmx_parses_passes(attribute: str) -> None:
    assert htmx_problems(f"<div {attribute}></div>") == []


@pytest.mark.parametrize(
    "attribute",
    [
        # The bug of /people/ (issue 23): a selector with a space outside parentheses.
        'hx-trigger="change from:#people-search select"',
        'hx-trigger="input changed delay:fast"',
        'hx-trigger="click, "',
        "hx-vals='{period: 2026}'",
        'hx-vals="[1, 2]"',
        'hx-swap="inner"',
        'hx-sync="#results:cancel"',
    ],
)
def test_what_htmx_refuses_is_reported(attribute: str) -> None:
    assert htmx_problems(f"<div {attribute}></div>") != []


def test_english_words_are_found_in_the_visible_text_only() -> None:
    page = (
        '<nav><a href="/">Home</a></nav><p>3 days</p><button aria-label="Open data">x</button>'
        '<script>const days = 3;</script><a href="/open-data/x.json">Dati aperti (JSON)</a>'
    )
    found = english_words(page)
    assert len(found) == 3
    assert english_words("<p>Pagina iniziale · 3 giorni · No, grazie</p>") == []
