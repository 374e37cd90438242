"""Every page is served with a strict Content-Security-Policy and a Permissions-Policy, and no
template carries a script or a style the policy would refuse (inline <script>, an on*= handler,
a style="" attribute or a <style> element)."""

from __future__ import annotations

import base64
import hashlib
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


# Rendered only into PDFs by WeasyPrint, never served to a browser: their <style> is not under
# the policy.
PDF_ONLY = {"agreement.html", "results_print.html", "document.html"}
ERROR_PAGES = {"error_base.html"}  # its <style> is allowed by its hash (settings.py)


def test_styles_come_only_from_static_files(client, db) -> None:
    policy = directives(client.get("/account/login/")["Content-Security-Policy"])
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["style-src"][0] == "'self'"


def test_no_page_template_has_a_style_attribute_or_element() -> None:
    found = [
        f"{t.name}: {m}"
        for t in TEMPLATES
        if t.name not in PDF_ONLY and t.parent.name != "pdf"  # rendered by WeasyPrint only
        for m in re.findall(r"\sstyle=\"[^\"]*\"|<style\b", t.read_text(encoding="utf-8"))
        if not (m == "<style" and t.name in ERROR_PAGES)
    ]
    assert found == []


def test_the_error_pages_style_is_allowed_by_its_hash(client, db) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    block = re.search(r"<style>(.*?)</style>", response.content.decode(), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in directives(response["Content-Security-Policy"])["style-src"]
