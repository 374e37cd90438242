from django.urls import path

from agilepa.core import role_views

urlpatterns = [
    path("roles/", role_views.roles, name="roles"),
    path("roles/<int:role_id>/revoke/", role_views.revoke, name="role_revoke"),
    path("people/<int:person_id>/invite/", role_views.invite, name="person_invite"),
]
