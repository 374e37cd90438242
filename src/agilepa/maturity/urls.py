from django.urls import path

from agilepa.maturity import views

app_name = "maturity"
B = "b/<slug:body>"
urlpatterns = [
    path(f"{B}/maturity/", views.overview, name="overview"),
    path(f"{B}/maturity/start/", views.start, name="start"),
    path(f"{B}/maturity/<int:assessment_year>/", views.result, name="result"),
    path(f"{B}/maturity/<int:assessment_year>/edit/", views.edit, name="edit"),
    path("networks/<slug:network>/maturity/", views.network_view, name="network"),
]
