from django.urls import path

from agilepa.agreements import views

urlpatterns = [
    path("agreements/<int:agreement_id>/", views.agreement_detail, name="detail"),
]
