from django.urls import path

from agilepa.measurement import views

app_name = "measurement"
B = "b/<slug:body>"
urlpatterns = [
    path(f"{B}/commute/", views.mine, name="mine"),
    path(f"{B}/commute/savings/", views.body_savings, name="body"),
    path(f"{B}/commute/savings.xlsx", views.export, name="export"),
    path(f"{B}/commute/factors/", views.factors, name="factors"),
    path(f"{B}/commute/people/<int:person_id>/", views.person_profile, name="person"),
    path("networks/<slug:network>/commute/", views.network_savings, name="network"),
    path(f"{B}/campaigns/", views.campaign_list, name="campaigns"),
    path(f"{B}/campaigns/new/", views.campaign_new, name="campaign_new"),
    path(f"{B}/campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path(f"{B}/campaigns/<int:campaign_id>/edit/", views.campaign_edit, name="campaign_edit"),
    path(f"{B}/campaigns/<int:campaign_id>/join/", views.campaign_join, name="campaign_join"),
    path(f"{B}/campaigns/<int:campaign_id>/pledge/", views.campaign_pledge, name="campaign_pledge"),
    path("campaigns/<slug:slug>/", views.public_results, name="public_results"),
    path("campaigns/<slug:slug>/results.csv", views.public_csv, name="public_csv"),
]
