from django.urls import path

from agilepa.events import views

app_name = "events"
B = "b/<slug:body>"
urlpatterns = [
    path(f"{B}/events/", views.event_list, name="list"),
    path(f"{B}/events/new/", views.event_new, name="new"),
    path(f"{B}/events/<int:event_id>/", views.event_detail, name="detail"),
    path(f"{B}/events/<int:event_id>/edit/", views.event_edit, name="edit"),
    path(f"{B}/events/<int:event_id>/register/", views.event_register, name="register"),
    path(f"{B}/events/<int:event_id>/cancel/", views.event_cancel, name="cancel"),
    path(f"{B}/events/<int:event_id>/attendance/", views.event_attendance, name="attendance"),
    path(f"{B}/events/<int:event_id>/event.ics", views.event_calendar, name="ics"),
    path("events/<int:event_id>/event.ics", views.public_calendar, name="public_ics"),
]
