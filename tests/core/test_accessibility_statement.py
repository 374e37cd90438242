"""The accessibility statement (L. 4/2004, AgID guidelines): public, in both languages."""

import pytest
from django.test import Client

from tests.factories import UserFactory

URL = "/accessibility/"


def statement(language: str) -> str:
    client = Client()
    client.cookies["django_language"] = language
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "statement_date"),
    # The date is formatted by Django's own locale data, so it proves the language in use even
    # before the project's Italian catalogue translates the text.
    [("it", "23 Novembre 2026"), ("en", "Nov. 23, 2026")],
)
def test_the_statement_renders_for_anonymous_users_in_both_languages(
    db, language: str, statement_date: str
) -> None:
    html = statement(language)
    assert f'<html lang="{language}"' in html
    assert statement_date in html
    assert '<time datetime="2026-11-23">' in html
    assert "WCAG" in html
    assert "EN 301 549" in html


def test_the_statement_has_the_parts_agid_requires(db) -> None:
    html = statement("en")
    for heading in (
        "Compliance status",
        "Content that is not accessible",
        "Preparation of this statement",
        "Feedback and contact information",
        "Enforcement procedure",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert "<strong>partially compliant</strong>" in html
    assert 'href="https://www.agid.gov.it/' in html
    assert 'lang="it">Difensore civico per il digitale' in html


def test_reports_go_to_the_configured_contact(db, settings) -> None:
    settings.ACCESSIBILITY_CONTACT = "accessibilita@comune.example.it"
    assert 'href="mailto:accessibilita@comune.example.it?subject=' in statement("en")


def test_without_a_configured_contact_reports_go_to_the_sender_address(db, settings) -> None:
    settings.DEFAULT_FROM_EMAIL = "Agile PA <agilepa@regione.example.it>"
    assert 'href="mailto:agilepa@regione.example.it?subject=' in statement("en")


def test_the_official_statement_on_agid_is_linked_when_configured(db, settings) -> None:
    settings.ACCESSIBILITY_AGID_STATEMENT_URL = "https://form.agid.gov.it/view/example"
    assert 'href="https://form.agid.gov.it/view/example"' in statement("en")


def test_every_page_links_the_statement_in_the_footer(client, db) -> None:
    assert f'href="{URL}"' in client.get("/account/login/").content.decode()
    client.force_login(UserFactory())
    assert f'href="{URL}"' in client.get("/account/tokens/").content.decode()


def test_an_installation_sets_the_date_of_its_own_statement(db, settings) -> None:
    settings.ACCESSIBILITY_STATEMENT_DATE = "2027-03-31"
    assert '<time datetime="2027-03-31">' in statement("en")
