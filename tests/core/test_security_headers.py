"""Every page is served with a strict Content-Security-Policy and a Permissions-Policy, and no
template carries a script the policy would refuse (inline <script> or an on*= handler)."""

from __future__ import annotations

import re
from pathlib import Path

import agilepa

TEMPLATES = sorted(Path(agilepa.__file__).parent.glob("*/templates/**/*.html"))


def directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


def test_a_page_forbids_inline_and_foreign_scripts(client, db) -> None:
    response = client.get("/account/login/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


def test_a_page_switches_off_the_camera_the_microphone_and_the_position(client, db) -> None:
    policy = client.get("/account/login/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


def test_an_api_answer_carries_the_headers_too(client, db) -> None:
    response = client.get("/api/v1/me")
    assert "Content-Security-Policy" in response
    assert "Permissions-Policy" in response


def test_no_template_has_an_inline_script() -> None:
    inline = []
    for template in TEMPLATES:
        for tag in re.findall(r"<script\b[^>]*>", template.read_text(encoding="utf-8")):
            if "src=" not in tag and 'type="application/json"' not in tag:
                inline.append(f"{template.name}: {tag}")
    assert inline == []


def test_no_template_has_an_event_handler_attribute() -> None:
    handlers = [
        f"{t.name}: {m}"
        for t in TEMPLATES
        for m in re.findall(r"\son[a-z]+=\"", t.read_text(encoding="utf-8"))
    ]
    assert handlers == []
