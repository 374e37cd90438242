from django.urls import path

from agilepa.planning import settings_views, views

app_name = "planning"
urlpatterns = [
    path("b/<slug:body>/planning/", views.plan_list, name="plans"),
    path("b/<slug:body>/planning/<int:plan_id>/", views.plan_detail, name="plan"),
    path(
        "b/<slug:body>/planning/<int:plan_id>/cell/<int:person_id>/<str:day>/",
        views.plan_cell,
        name="plan_cell",
    ),
    path("b/<slug:body>/planning/<int:plan_id>/publish/", views.plan_publish, name="publish"),
    path(
        "b/<slug:body>/planning/<int:plan_id>/requests/<int:request_id>/",
        views.decide_request,
        name="decide",
    ),
    path("b/<slug:body>/planning/<int:plan_id>/plan.xlsx", views.plan_export, name="export"),
    path("b/<slug:body>/my-month/", views.my_month, name="my_month"),
    path("b/<slug:body>/my-week/", views.my_week, name="my_week"),
    path(
        "b/<slug:body>/planning/units/<int:unit_id>/",
        settings_views.unit_settings,
        name="unit_settings",
    ),
    path("b/<slug:body>/planning/calendar/", settings_views.body_calendar, name="calendar"),
    path("b/<slug:body>/planning/absences/", settings_views.absences, name="absences"),
    path("b/<slug:body>/planning/attendance/", views.attendance_import, name="attendance"),
    path("b/<slug:body>/my-month/preferences/", settings_views.preferences, name="preferences"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="feed"),
]
