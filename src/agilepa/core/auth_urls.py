"""Login (with lockout), logout, password change and password reset by e-mail.

The URL names are Django's own, so `login_required`, the admin and the invitation e-mail
(core/services.py) find them."""

from django.contrib.auth import views as auth_views
from django.urls import path

from agilepa.core import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    # Django 5 accepts only POST here, so a link or a prefetch cannot log anyone out.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
