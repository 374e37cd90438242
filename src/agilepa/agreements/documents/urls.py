from django.urls import path

from agilepa.agreements.documents import views as document_views

urlpatterns = [
    path(
        "agreements/<int:agreement_id>/document.pdf",
        document_views.agreement_document,
        name="document",
    ),
    path("agreements/template/", document_views.document_template, name="document_template"),
    path(
        "agreements/template/preview.pdf",
        document_views.document_preview,
        name="document_preview",
    ),
    path("regolamento/models/", document_views.document_models, name="document_models"),
    path("regolamento/models/<str:name>.md", document_views.document_model, name="document_model"),
]
