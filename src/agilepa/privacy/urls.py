from django.urls import path

from agilepa.privacy import views

app_name = "privacy"
B = "b/<slug:body>/privacy"
urlpatterns = [
    path("privacy/", views.platform, name="platform"),
    path(f"{B}/", views.notice, name="notice"),
    path(f"{B}/acknowledge/", views.acknowledge, name="acknowledge"),
    path(f"{B}/edit/", views.edit, name="edit"),
    path(f"{B}/register.docx", views.register, name="register"),
]
