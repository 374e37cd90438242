from django.urls import path

from agilepa.rights import views

app_name = "rights"
B = "b/<slug:body>"
urlpatterns = [
    path(f"{B}/me/data/", views.my_data, name="me"),
    path(f"{B}/me/data/export.json", views.my_export, {"fmt": "json"}, name="me_json"),
    path(f"{B}/me/data/export.pdf", views.my_export, {"fmt": "pdf"}, name="me_pdf"),
    path(f"{B}/me/data/rectification/", views.rectify, name="rectify"),
    path(f"{B}/people/<int:person_id>/data/", views.person_data, name="person"),
    path(f"{B}/rights/", views.requests, name="requests"),
    path(f"{B}/rights/<int:subject_request_id>/", views.decide, name="decide"),
]
