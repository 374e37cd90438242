from django.urls import path

from agilepa.retention import views

app_name = "retention"
urlpatterns = [
    path("b/<slug:body>/retention/", views.policy_page, name="policy"),
]
