"""Pages of the agreements app, under /b/<body>/: regulations and agreements (urls_main),
prerequisites (prereq_urls) and documents (document_urls)."""

from django.urls import include, path

app_name = "agreements"
urlpatterns = [
    path("", include("agilepa.agreements.legal_urls")),
    path("", include("agilepa.agreements.urls_main")),
    path("", include("agilepa.agreements.prereq_urls")),
    path("", include("agilepa.agreements.document_urls")),
]
