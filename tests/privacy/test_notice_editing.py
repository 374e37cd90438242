"""HR edits the body's notice from the model text, completes it and publishes it as a new
version; nobody else may, and the text can carry no HTML into the page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from agilepa.audit.models import AuditEntry
from agilepa.core.access import resolve_access
from agilepa.privacy import services
from agilepa.privacy.models import NoticeVersion, PrivacyNotice
from agilepa.privacy.text import model_for, to_html, unfinished
from tests.privacy.helpers import publish


def completed(text: str) -> str:
    """The model with every decision it leaves to the body taken."""
    import re

    return re.sub(r"\[DA COMPLETARE[^\]]*\]", "dpo@comune.example.it", text)


def test_the_draft_starts_from_the_model_filled_with_the_bodys_details(world, client_as) -> None:
    body = world.a.body
    body.address = "Piazza Maggiore 6"
    body.save(update_fields=["address"])
    page = client_as("hr_admin").get(f"/b/{body.slug}/privacy/edit/")
    assert page.status_code == 200
    draft = PrivacyNotice.objects.get(body=body).draft_it
    assert "Comune A (codice IPA c_a)" in draft
    assert "Piazza Maggiore 6, Bologna" in draft
    assert "art. 9, par. 2, lett. b) GDPR" in draft
    assert "Garante per la protezione dei dati personali" in draft
    assert "90 giorni" in draft  # the login failures' retention
    assert "{ente}" not in draft and "{giorni_accessi}" not in draft
    assert unfinished(draft), "the model leaves the DPO's contact to the body"


def test_the_retention_terms_of_the_settings_reach_the_model(world, settings) -> None:
    settings.RETENTION_LOGIN_FAILURE_DAYS = 60
    assert "60 giorni" in model_for(world.a.body)


def test_publishing_is_refused_while_the_model_leaves_something_to_complete(world) -> None:
    access = resolve_access(world.users["hr_admin"], world.a.body)
    services.notice_of(world.a.body)
    with pytest.raises(ValidationError, match="DA COMPLETARE"):
        services.publish(access)
    assert not NoticeVersion.objects.exists()


def test_hr_completes_and_publishes_the_notice_through_its_page(world, client_as) -> None:
    body = world.a.body.slug
    client = client_as("hr_admin")
    client.get(f"/b/{body}/privacy/edit/")
    text = completed(PrivacyNotice.objects.get(body=world.a.body).draft_it)
    response = client.post(
        f"/b/{body}/privacy/edit/", {"text_it": text, "text_en": "", "action": "publish"}
    )
    assert response.status_code == 302
    version = NoticeVersion.objects.get(notice__body=world.a.body)
    assert version.number == 1
    assert version.published_by == world.users["hr_admin"]
    assert "dpo@comune.example.it" in version.text_it
    entry = AuditEntry.objects.get(action="privacy.notice_published")
    assert entry.body_id == world.a.body.pk
    assert entry.changes == {"version": [None, 1]}
    saved = AuditEntry.objects.get(action="privacy.notice_draft_saved")
    assert saved.changes == {"draft_it": "changed"}
    page = client.get(f"/b/{body}/privacy/edit/")
    assert b"Readers among the" in page.content


def test_an_unfinished_notice_sent_for_publication_is_saved_but_not_published(
    world, client_as
) -> None:
    body = world.a.body.slug
    client = client_as("hr_admin")
    response = client.post(
        f"/b/{body}/privacy/edit/",
        {"text_it": "Titolare: [DA COMPLETARE: nome]", "action": "publish"},
    )
    assert response.status_code == 422
    assert "Complete what the model leaves to the body" in response.content.decode()
    assert PrivacyNotice.objects.get(body=world.a.body).draft_it.startswith("Titolare")
    assert not NoticeVersion.objects.exists()


def test_each_publication_is_a_new_version_and_an_unchanged_text_is_refused(world) -> None:
    first = publish(world, "Primo testo.")
    second = publish(world, "Secondo testo.")
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.text_it == "Primo testo."  # a published version never changes
    with pytest.raises(ValidationError, match="same as version 2"):
        publish(world, "Secondo testo.")


def test_hr_may_start_again_from_the_model(world, client_as) -> None:
    body = world.a.body.slug
    client = client_as("hr_admin")
    client.post(f"/b/{body}/privacy/edit/", {"text_it": "Bozza mia.", "action": "save"})
    assert PrivacyNotice.objects.get(body=world.a.body).draft_it == "Bozza mia."
    client.post(f"/b/{body}/privacy/edit/", {"action": "reset"})
    assert PrivacyNotice.objects.get(body=world.a.body).draft_it == model_for(world.a.body)


@pytest.mark.parametrize("role", ["employee", "manager", "observer"])
def test_only_hr_edits_the_notice(world, role: str, client_as) -> None:
    body = world.a.body.slug
    client = client_as(role)
    assert client.get(f"/b/{body}/privacy/edit/").status_code == 403
    response = client.post(
        f"/b/{body}/privacy/edit/", {"text_it": "Testo mio.", "action": "publish"}
    )
    assert response.status_code == 403
    assert not NoticeVersion.objects.exists()


def test_hr_of_another_body_cannot_reach_the_notice_editor(world, client_as) -> None:
    client = client_as("hr_admin")
    response = client.post(
        f"/b/{world.b.body.slug}/privacy/edit/", {"text_it": "Intruso.", "action": "publish"}
    )
    assert response.status_code == 404
    assert not PrivacyNotice.objects.filter(body=world.b.body).exists()


def test_the_notice_text_cannot_carry_html_into_the_page(world) -> None:
    publish(world, "# Titolo <img src=x onerror=alert(1)>\n\n<script>alert(1)</script> **ok**")
    html = Client().get(f"/b/{world.a.body.slug}/privacy/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <strong>ok</strong>" in html


def test_markdown_headings_lists_and_paragraphs_become_html() -> None:
    html = to_html("# Titolo\n\n## Parte\n\nUna riga\ncontinua.\n\n- uno\n- due\n\nFine.")
    assert html == (
        "<h2>Titolo</h2>\n<h3>Parte</h3>\n<p>Una riga continua.</p>\n"
        "<ul><li>uno</li><li>due</li></ul>\n<p>Fine.</p>"
    )
