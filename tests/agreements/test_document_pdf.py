"""The agreement as PDF/A: its text, read back with pdftotext, and who may download it."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agilepa.agreements.documents.render import render_agreement_pdf
from agilepa.agreements.models import AgreementStatus, DocumentTemplate
from tests.factories import make_agreement


def text_of(pdf: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())


@pytest.fixture
def agreement(body_a):
    return make_agreement(
        body_a.a.employee_person,
        status=AgreementStatus.ACTIVE,
        start_date=date(2026, 3, 2),
        weekdays=[0, 3],
        activities=["Istruttoria pratiche"],
    )


def test_the_pdf_holds_the_parties_the_terms_and_the_safety_annex(agreement) -> None:
    pdf = render_agreement_pdf(agreement)
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    person = agreement.person
    assert f"{person.first_name} {person.last_name}" in text
    assert person.tax_code in text
    assert "ogni lunedì, giovedì" in text
    assert "dalle 09:30 alle 13:30" in text
    assert "dalle 20:00 alle 07:30" in text
    assert "preavviso di almeno 30 giorni" in text
    assert "Istruttoria pratiche" in text
    assert "Informativa sulla salute e sicurezza nel lavoro agile" in text
    assert "(art. 22 della L. 81/2017)" in text
    assert "BOZZA" not in text


def test_the_pdf_is_pdf_a(agreement, tmp_path) -> None:
    path = tmp_path / "accordo.pdf"
    path.write_bytes(render_agreement_pdf(agreement))
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, check=True)
    xmp = meta.stdout.decode()
    assert "pdfaid:part" in xmp and "3" in xmp.split("pdfaid:part")[1][:10]
    assert "pdfaid:conformance" in xmp


def test_a_draft_is_marked_as_such(body_a) -> None:
    draft = make_agreement(body_a.a.colleague)
    assert "BOZZA" in text_of(render_agreement_pdf(draft))


def test_the_body_template_replaces_the_model_clauses(agreement) -> None:
    DocumentTemplate.objects.create(
        body=agreement.body,
        header="Città di Prova - Settore Personale",
        clauses="Art. 1 - Clausola propria dell'ente sul lavoro per obiettivi.",
    )
    text = text_of(render_agreement_pdf(agreement))
    assert "Città di Prova - Settore Personale" in text
    assert "Clausola propria dell'ente" in text
    assert "Potere di controllo" not in text  # the model clauses are replaced
    assert "Informativa sulla salute e sicurezza" in text  # the blank annex falls back


def test_the_person_the_manager_and_hr_download_it(body_a, client_of, agreement) -> None:
    url = f"/b/{body_a.a.body.slug}/agreements/{agreement.pk}/document.pdf"
    for role in ("employee", "manager", "hr_admin"):
        response = client_of(role).get(url)
        assert response.status_code == 200, role
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
    assert client_of("observer").get(url).status_code == 403
    foreign = make_agreement(body_a.b.colleague)
    foreign_url = f"/b/{body_a.b.body.slug}/agreements/{foreign.pk}/document.pdf"
    assert client_of("hr_admin").get(foreign_url).status_code == 404


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 102, 204)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_hr_uploads_a_logo_and_a_non_image_is_refused(body_a, client_of, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = f"/b/{body_a.a.body.slug}/agreements/template/"
    client = client_of("hr_admin")
    bad = client.post(url, {"logo": SimpleUploadedFile("logo.png", b"not an image")})
    assert bad.status_code == 200
    assert not DocumentTemplate.objects.exists()
    good = client.post(url, {"logo": SimpleUploadedFile("logo.png", png()), "header": "Ente"})
    assert good.status_code == 302
    assert DocumentTemplate.objects.get().logo
    preview = client.get(f"/b/{body_a.a.body.slug}/agreements/template/preview.pdf")
    assert preview["Content-Type"] == "application/pdf"
    assert b"/Subtype /Image" in preview.content or b"/Subtype/Image" in preview.content
