"""Pages of the agreements app, under /b/<body>/: regulations and agreements (urls_main),
the law since 2022 (legal/), prerequisites (prerequisites/) and documents (documents/)."""

from django.urls import include, path

app_name = "agreements"
urlpatterns = [
    path("", include("agilepa.agreements.legal.urls")),
    path("", include("agilepa.agreements.urls_main")),
    path("", include("agilepa.agreements.prerequisites.urls")),
    path("", include("agilepa.agreements.documents.urls")),
]
