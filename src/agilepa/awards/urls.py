from django.urls import path

from agilepa.awards import views

app_name = "awards"
B = "b/<slug:body>/awards"
N = "networks/<slug:network>/awards"
urlpatterns = [
    path(f"{B}/", views.calls, name="calls"),
    path(f"{B}/new/", views.call_new, name="call_new"),
    path(f"{B}/<int:award_call_id>/", views.call_detail, name="call"),
    path(f"{B}/<int:award_call_id>/organise/", views.call_organise, name="call_organise"),
    path(f"{B}/<int:award_call_id>/application/", views.apply, name="apply"),
    path(
        f"{B}/<int:award_call_id>/attachments/<int:award_attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path(f"{N}/", views.network_calls, name="network_calls"),
    path(f"{N}/<int:network_call_id>/", views.network_call, name="network_call"),
    path(
        f"{N}/<int:network_call_id>/attachments/<int:network_attachment_id>/",
        views.network_attachment,
        name="network_attachment",
    ),
    path("awards/jury/", views.jury_home, name="jury"),
    path("awards/jury/<int:jury_call_id>/", views.jury_call, name="jury_call"),
    path(
        "awards/jury/<int:jury_call_id>/<int:jury_application_id>/",
        views.jury_application,
        name="jury_application",
    ),
    path(
        "awards/jury/<int:jury_call_id>/<int:jury_application_id>/attachments/"
        "<int:jury_attachment_id>/",
        views.jury_attachment,
        name="jury_attachment",
    ),
    path("awards/results/<slug:award_slug>/", views.public_results, name="public_results"),
]
