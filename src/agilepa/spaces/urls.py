from django.urls import path

from agilepa.spaces import manage_views, views
from agilepa.spaces.rooms import views as room_views

app_name = "spaces"
urlpatterns = [
    path("b/<slug:body>/hubs/", views.hub_list, name="hubs"),
    path("b/<slug:body>/hubs/<int:hub_id>/", views.hub_detail, name="hub"),
    path("b/<slug:body>/hubs/bookings/", views.my_bookings, name="mine"),
    path(
        "b/<slug:body>/hubs/bookings/<int:booking_id>/cancel/",
        views.cancel_booking,
        name="cancel",
    ),
    path(
        "b/<slug:body>/hubs/<int:hub_id>/seats/<int:seat_id>/check-in/",
        views.seat_check_in,
        name="check_in",
    ),
    path(
        "b/<slug:body>/hubs/<int:hub_id>/rooms/<int:room_id>/",
        room_views.room_detail,
        name="room",
    ),
    path(
        "b/<slug:body>/hubs/room-bookings/<int:room_booking_id>/cancel/",
        room_views.cancel_room_booking,
        name="room_cancel",
    ),
    path("b/<slug:body>/hubs/new/", manage_views.hub_edit, name="hub_new"),
    path("b/<slug:body>/hubs/<int:hub_id>/manage/", manage_views.hub_edit, name="manage"),
    path(
        "b/<slug:body>/hubs/<int:hub_id>/manage/seats/<int:seat_id>/",
        manage_views.seat_edit,
        name="seat_edit",
    ),
    path(
        "b/<slug:body>/hubs/<int:hub_id>/manage/plans/",
        manage_views.floor_plans,
        name="floor_plans",
    ),
    path(
        "b/<slug:body>/hubs/<int:hub_id>/plans/<int:floor_plan_id>/",
        views.floor_plan_file,
        name="floor_plan_file",
    ),
    path(
        "b/<slug:body>/hubs/<int:hub_id>/manage/zones/",
        manage_views.team_zones,
        name="team_zones",
    ),
    path(
        "b/<slug:body>/hubs/<int:hub_id>/manage/zones/<int:zone_id>/",
        manage_views.team_zones,
        name="team_zone_edit",
    ),
    path("b/<slug:body>/hubs/<int:hub_id>/occupancy/", manage_views.occupancy, name="occupancy"),
    path(
        "b/<slug:body>/hubs/<int:hub_id>/manage/rooms/",
        room_views.rooms_manage,
        name="rooms_manage",
    ),
    path(
        "b/<slug:body>/hubs/<int:hub_id>/manage/rooms/<int:room_id>/",
        room_views.room_edit,
        name="room_edit",
    ),
]
