"""The agreement's PDF, the body's document template, and the shipped model texts."""

from __future__ import annotations

from datetime import date, time

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agilepa.agreements import selectors, special
from agilepa.agreements.documents import render as documents
from agilepa.agreements.documents.forms import DocumentTemplateForm
from agilepa.agreements.models import Agreement, AgreementStatus, DocumentTemplate
from agilepa.core.access import Access, Role
from agilepa.core.decorators import body_view
from agilepa.core.exports import record_export
from agilepa.org.models import OrgUnit, Person


def pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@body_view()
def agreement_document(request: HttpRequest, access: Access, agreement_id: int) -> HttpResponse:
    """The person, their managers and HR download it; others of the body get 403. The L. 68
    status is printed only for those who may read it (`special`), the read recorded."""
    agreement = selectors.get_agreement(access, agreement_id)
    shown = special.special_fields_for(access, agreement, ["disabled_l68"])
    record_export(
        request,
        access.body,
        gettext_noop("agreement document"),
        obj=agreement,
        person=agreement.person_id,
    )
    return pdf_response(
        documents.render_agreement_pdf(agreement, special=shown), documents.filename(agreement)
    )


@body_view(Role.HR_ADMIN, Role.PLATFORM_ADMIN)
def document_template(request: HttpRequest, access: Access) -> HttpResponse:
    template = DocumentTemplate.objects.filter(body=access.body).first() or DocumentTemplate(
        body=access.body
    )
    if request.method == "POST":
        form = DocumentTemplateForm(request.POST, request.FILES, instance=template)
        if form.is_valid():
            form.save()
            messages.success(request, _("The document template was saved."))
            return redirect("agreements:document_template", body=access.body.slug)
    else:
        form = DocumentTemplateForm(instance=template)
    context = {
        "access": access,
        "form": form,
        "defaults": {
            "clauses": documents.model_text("clausole-accordo.txt"),
            "safety_notice": documents.model_text("informativa-sicurezza.txt"),
        },
        "nav": "agreements",
    }
    return render(request, "agreements/document_template.html", context)


@body_view(Role.HR_ADMIN, Role.PLATFORM_ADMIN)
def document_preview(request: HttpRequest, access: Access) -> HttpResponse:
    """The body's template applied to a sample agreement (nothing is saved)."""
    unit = OrgUnit(name=_("Sample unit"), body=access.body, path="/")
    person = Person(
        body=access.body,
        unit=unit,
        employee_number="000000",
        first_name="Maria",
        last_name="Rossi",
        tax_code="RSSMRA80A41A944X",
        job_category="Istruttore amministrativo",
    )
    sample = Agreement(
        pk=0,
        body=access.body,
        person=person,
        status=AgreementStatus.DRAFT,
        start_date=date.today(),
        weekdays=[0, 3],
        places=["home"],
        reachability_start=time(9, 30),
        reachability_end=time(13, 30),
        disconnection_start=time(20, 0),
        disconnection_end=time(7, 30),
        notice_days=30,
    )
    return pdf_response(documents.render_agreement_pdf(sample), "anteprima-accordo.pdf")


MODELS = {
    "regolamento": ("regolamento-modello.md", "regolamento-lavoro-agile-modello.md"),
    "accordo": ("accordo-modello.md", "accordo-individuale-lavoro-agile-modello.md"),
}


@body_view()
def document_models(request: HttpRequest, access: Access) -> HttpResponse:
    return render(
        request, "agreements/document_models.html", {"access": access, "nav": "regulation"}
    )


@body_view()
def document_model(request: HttpRequest, access: Access, name: str) -> HttpResponse:
    """A shipped model as an editable Markdown file. The model agreement is assembled from the
    same clauses and safety notice the PDF prints, so there is one source for each text."""
    if name not in MODELS:
        raise Http404
    source, download = MODELS[name]
    text = documents.model_text(source)
    if name == "accordo":
        text += (
            "\n## Clausole\n\n"
            + "\n\n".join(documents.paragraphs(documents.model_text("clausole-accordo.txt")))
            + "\n\n## Allegato - Informativa sulla salute e sicurezza (art. 22 L. 81/2017)\n\n"
            + "\n\n".join(documents.paragraphs(documents.model_text("informativa-sicurezza.txt")))
            + "\n"
        )
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{download}"'
    return response
