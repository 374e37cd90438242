from django.urls import path

from agilepa.objectives import views

app_name = "objectives"
B = "b/<slug:body>/objectives"
urlpatterns = [
    path(f"{B}/", views.mine, name="mine"),
    path(f"{B}/body/", views.body_overview, name="body"),
    path(f"{B}/units/<int:unit_id>/", views.unit_tree, name="unit"),
    path(f"{B}/new/", views.new, name="new"),
    path(f"{B}/<int:objective_id>/", views.detail, name="detail"),
    path(f"{B}/<int:objective_id>/edit/", views.edit, name="edit"),
    path(f"{B}/<int:objective_id>/state/", views.change_state, name="state"),
    path(f"{B}/<int:objective_id>/check-in/", views.checkin, name="checkin"),
    path(f"{B}/measures/", views.measures_page, name="measures"),
    path(f"{B}/import/", views.import_objectives, name="import"),
    path(f"{B}/export.xlsx", views.export, name="export"),
    path(f"{B}/template.xlsx", views.template, name="template"),
    path(f"{B}/rules/", views.policy, name="policy"),
    path("b/<slug:body>/activity/", views.activity, name="activity"),
    path("b/<slug:body>/activity/week/", views.activity_week, name="activity_week"),
]
