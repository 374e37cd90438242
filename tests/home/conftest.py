from __future__ import annotations

import re

import pytest

from tests.home.helpers import freeze


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    freeze(monkeypatch)


def home_url(world) -> str:
    return f"/b/{world.a.body.slug}/home/"


def action_counts(html: str) -> dict[str, int]:
    """{action key: the count shown} of the page's lists of things to do."""
    found = re.findall(r'data-action="([a-z_]+)">\s*<span class="badge[^"]*">(\d+)</span>', html)
    return {key: int(n) for key, n in found}


def action_link(html: str, key: str) -> str | None:
    match = re.search(
        rf'data-action="{key}">\s*<span[^>]*>\d+</span>\s*(?:<a href="([^"]+)">)?', html
    )
    assert match, key
    return match.group(1)
