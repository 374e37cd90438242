from django.urls import path

from agilepa.org.imports import views as import_views

urlpatterns = [
    path("", import_views.import_upload, name="import"),
    path("<int:batch_id>/", import_views.import_preview, name="import_preview"),
    path("<int:batch_id>/confirm/", import_views.import_confirm, name="import_confirm"),
]
