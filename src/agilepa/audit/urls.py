from django.urls import path

from agilepa.audit import views

app_name = "audit"
B = "b/<slug:body>"
urlpatterns = [
    path(f"{B}/audit/", views.body_trail, name="body"),
    path(f"{B}/audit/export/", views.export, name="export"),
    path(f"{B}/me/audit/", views.own_trail, name="mine"),
]
