from django.urls import path

from agilepa.agreements import views

urlpatterns = [
    path("agreements/", views.agreement_list, name="list"),
    path("agreements/mine/", views.my_agreements, name="mine"),
    path("agreements/new/", views.agreement_new, name="new"),
    path("agreements/check/", views.agreement_check, name="check"),
    path("agreements/inbox/", views.inbox, name="inbox"),
    path("agreements/dashboard/", views.dashboard, name="dashboard"),
    path("agreements/<int:agreement_id>/", views.agreement_detail, name="detail"),
    path("agreements/<int:agreement_id>/edit/", views.agreement_edit, name="edit"),
    path(
        "agreements/<int:agreement_id>/do/<str:action>/",
        views.agreement_action,
        name="action",
    ),
    path("regolamento/", views.regulation_list, name="regulations"),
    path("regolamento/new/", views.regulation_new, name="regulation_new"),
    path("regolamento/<int:regulation_id>/", views.regulation_detail, name="regulation"),
]
