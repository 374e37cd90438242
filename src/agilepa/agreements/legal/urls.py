from django.urls import path

from agilepa.agreements.legal import views as legal_views

urlpatterns = [
    path("agreements/contract-change/", legal_views.contract_changes, name="contract_changes"),
    path("agreements/communications/", legal_views.communication_list, name="communications"),
    path(
        "agreements/communications/<int:communication_id>/sent/",
        legal_views.communication_sent,
        name="communication_sent",
    ),
    path(
        "agreements/communications/export.<str:fmt>",
        legal_views.communication_export,
        name="communication_export",
    ),
    path(
        "agreements/<int:agreement_id>/derogation/",
        legal_views.derogation,
        name="derogation",
    ),
    path(
        "agreements/<int:agreement_id>/derogation/decide/",
        legal_views.derogation_decide,
        name="derogation_decide",
    ),
]
