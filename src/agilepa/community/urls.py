from django.urls import path

from agilepa.community import views

app_name = "community"
B = "b/<slug:body>"
N = "networks/<slug:network>"
urlpatterns = [
    path(f"{B}/library/", views.library, name="library"),
    path(f"{B}/library/new/", views.material_new, name="material_new"),
    path(f"{B}/library/<int:material_id>/", views.material_detail, name="material"),
    path(f"{B}/library/<int:material_id>/edit/", views.material_edit, name="material_edit"),
    path(
        f"{B}/library/<int:material_id>/versions/new/",
        views.material_version_new,
        name="material_version_new",
    ),
    path(
        f"{B}/library/<int:material_id>/v<int:version_number>/download/",
        views.material_download,
        name="material_download",
    ),
    path(f"{B}/library/<int:material_id>/reuse/", views.material_reuse, name="material_reuse"),
    path(f"{B}/tables/", views.tables, name="tables"),
    path(f"{B}/tables/<int:table_id>/", views.table_detail, name="table"),
    path(f"{B}/tables/<int:table_id>/join/", views.table_join, name="table_join"),
    path(f"{B}/tables/<int:table_id>/people/", views.table_member_add, name="table_member_add"),
    path(f"{B}/meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path(
        f"{B}/meetings/<int:meeting_id>/register/", views.meeting_register, name="meeting_register"
    ),
    path(f"{N}/tables/", views.network_tables, name="network_tables"),
    path(f"{N}/tables/<int:network_table_id>/", views.network_table, name="network_table"),
    path(f"{N}/meetings/<int:network_meeting_id>/", views.network_meeting, name="network_meeting"),
    path("tables/feed/<str:feed_token>.ics", views.table_feed, name="table_feed"),
    path("public/networks/<slug:network>/", views.public_network, name="public_network"),
    path("public/networks/<slug:network>/library/", views.public_library, name="public_library"),
    path(
        "public/materials/<int:public_material_id>/", views.public_material, name="public_material"
    ),
    path(
        "public/materials/<int:public_material_id>/v<int:version_number>/download/",
        views.public_download,
        name="public_download",
    ),
    # Last: the tenancy matrix walks the routes in order, and a withdrawn material is gone.
    path(f"{B}/library/<int:material_id>/delete/", views.material_delete, name="material_delete"),
]
