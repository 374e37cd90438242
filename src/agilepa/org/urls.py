from django.urls import include, path

from agilepa.org import home_views, views

app_name = "org"
urlpatterns = [
    path("networks/<slug:network>/", views.network_overview, name="network"),
    path(
        "networks/<slug:network>/memberships/<int:membership_id>/<str:action>/",
        views.membership_action,
        name="membership_action",
    ),
    path(
        "networks/<slug:network>/memberships/<int:membership_id>/protocol.pdf",
        views.membership_protocol,
        name="membership_protocol",
    ),
    path("municipalities/options/", home_views.municipality_options, name="municipality_options"),
    path("b/<slug:body>/", views.body_overview, name="body"),
    path("b/<slug:body>/me/home/", home_views.home, name="home"),
    path("b/<slug:body>/units/", views.unit_tree, name="units"),
    path("b/<slug:body>/units/<int:unit_id>/", views.unit_detail, name="unit"),
    path("b/<slug:body>/units/<int:unit_id>/move/", views.unit_move, name="unit_move"),
    path("b/<slug:body>/people/", views.people_list, name="people"),
    path("b/<slug:body>/people/<int:person_id>/", views.person_detail, name="person"),
    path("b/<slug:body>/import/", include("agilepa.org.imports.urls")),
]
