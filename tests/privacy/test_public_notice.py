"""A body's notice is readable before logging in, its earlier versions too; every page links
the notice of the body in view in its footer, or the platform's notice where there is none."""

from __future__ import annotations

import re

from django.test import Client

from tests.privacy.helpers import publish


def footer_link(html: str) -> str:
    found = re.search(r'<a id="footer-privacy" href="([^"]+)"', html)
    assert found, "the footer has no privacy link"
    return found.group(1)


def test_the_notice_is_readable_without_logging_in(world) -> None:
    publish(world, "# Informativa\n\nIl titolare del trattamento è il Comune A.")
    response = Client().get(f"/b/{world.a.body.slug}/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Il titolare del trattamento è il Comune A." in html
    assert 'id="acknowledge"' not in html
    assert footer_link(html) == f"/b/{world.a.body.slug}/privacy/"


def test_a_body_without_a_published_notice_says_so(world) -> None:
    response = Client().get(f"/b/{world.b.body.slug}/privacy/")
    assert response.status_code == 200
    assert b'id="notice-missing"' in response.content


def test_an_unknown_body_has_no_notice(db) -> None:
    assert Client().get("/b/no-such-body/privacy/").status_code == 404


def test_earlier_versions_stay_readable(world) -> None:
    publish(world, "Testo della prima versione.")
    publish(world, "Testo della seconda versione.")
    body = world.a.body.slug
    assert "seconda" in Client().get(f"/b/{body}/privacy/").content.decode()
    first = Client().get(f"/b/{body}/privacy/?version=1").content.decode()
    assert "prima versione" in first and "Read the version in force." in first
    assert Client().get(f"/b/{body}/privacy/?version=9").status_code == 404


def test_english_readers_get_the_english_text_or_are_told_it_is_italian_only(world) -> None:
    publish(world, "Testo italiano.")
    body = world.a.body.slug
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/b/{body}/privacy/").content.decode()
    assert "This notice is available in Italian only." in html
    assert '<div id="notice-text" lang="it">' in html


def test_the_footer_of_a_body_page_links_that_bodys_notice(world, client_as) -> None:
    client = client_as("hr_admin")
    html = client.get(f"/b/{world.a.body.slug}/units/").content.decode()
    assert footer_link(html) == f"/b/{world.a.body.slug}/privacy/"


def test_the_footer_of_a_page_without_a_body_links_the_platform_notice(db) -> None:
    html = Client().get("/accessibility/").content.decode()
    assert footer_link(html) == "/privacy/"
    platform = Client().get("/privacy/")
    assert platform.status_code == 200
    assert b"technical cookies" in platform.content


def test_the_platform_notice_lists_the_notices_of_the_users_bodies(world, client_as) -> None:
    html = client_as("employee").get("/privacy/").content.decode()
    assert f'href="/b/{world.a.body.slug}/privacy/"' in html
    assert f'href="/b/{world.b.body.slug}/privacy/"' not in html


def test_hr_finds_the_editor_and_the_register_from_the_notice(world, client_as) -> None:
    body = world.a.body.slug
    hr = client_as("hr_admin").get(f"/b/{body}/privacy/").content.decode()
    assert f"/b/{body}/privacy/edit/" in hr and f"/b/{body}/privacy/register.docx" in hr
    employee = client_as("employee").get(f"/b/{body}/privacy/").content.decode()
    assert "/privacy/edit/" not in employee
