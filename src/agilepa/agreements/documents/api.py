"""API routes of the agreement's document and the body's document template."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_noop
from ninja import Router, Schema

from agilepa.agreements import selectors, special
from agilepa.agreements.documents import render as documents
from agilepa.agreements.models import DocumentTemplate
from agilepa.core.access import Role, get_access_or_404
from agilepa.core.api_types import text_of
from agilepa.core.exports import record_export

router = Router(tags=["agreements"])


class DocumentTemplateIO(Schema):
    header: text_of(DocumentTemplate, "header") = ""
    premises: text_of(DocumentTemplate, "premises") = ""
    clauses: text_of(DocumentTemplate, "clauses") = ""
    closing: text_of(DocumentTemplate, "closing") = ""
    safety_notice: text_of(DocumentTemplate, "safety_notice") = ""


@router.get(
    "/bodies/{body}/agreements/{agreement_id}/document",
    response={200: bytes},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def agreement_document(request: HttpRequest, body: str, agreement_id: int) -> HttpResponse:
    """The agreement as PDF/A (the person, their managers, HR). The L. 68/1999 status is
    printed for the person, HR and the deciding manager only; their reads are recorded."""
    access = get_access_or_404(request.user, body)
    agreement = selectors.get_agreement(access, agreement_id)
    shown = special.special_fields_for(access, agreement, ["disabled_l68"])
    record_export(
        request,
        access.body,
        gettext_noop("agreement document"),
        obj=agreement,
        person=agreement.person_id,
    )
    response = HttpResponse(
        documents.render_agreement_pdf(agreement, special=shown), "application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(agreement)}"'
    return response


@router.get("/bodies/{body}/document-template", response=DocumentTemplateIO)
def get_document_template(request: HttpRequest, body: str) -> DocumentTemplate:
    """The body's text blocks (HR); empty blocks print the model texts."""
    access = get_access_or_404(request.user, body)
    access.require(Role.HR_ADMIN, Role.PLATFORM_ADMIN)
    return DocumentTemplate.objects.filter(body=access.body).first() or DocumentTemplate()


@router.put("/bodies/{body}/document-template", response=DocumentTemplateIO)
def put_document_template(
    request: HttpRequest, body: str, payload: DocumentTemplateIO
) -> DocumentTemplate:
    """Replace the body's text blocks (HR); the logo is uploaded on the page."""
    access = get_access_or_404(request.user, body)
    access.require(Role.HR_ADMIN, Role.PLATFORM_ADMIN)
    template, _created = DocumentTemplate.objects.get_or_create(body=access.body)
    for name, value in payload.dict().items():
        setattr(template, name, value)
    template.full_clean()
    template.save()
    return template
