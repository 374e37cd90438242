from django.urls import include, path

from . import views

app_name = "identity"

urlpatterns = [
    path("identity/login/<slug:slug>/", views.start, name="start"),
    path("identity/callback/<slug:slug>/", views.callback, name="callback"),
    path("account/second-factor/", views.verify, name="verify"),
    path("account/second-factor/setup/", views.setup, name="setup"),
    path("account/second-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("account/second-factor/reset/", views.reset, name="reset"),
]

# Passkeys and security keys (django-otp-webauthn's ceremonies), under the prefix the
# second-factor gate lets through.
webauthn_patterns = [
    path("account/second-factor/webauthn/", include("django_otp_webauthn.urls")),
]

# Resolved before core's logout (same address and name), so a provider's session also ends at
# the provider.
logout_patterns = [path("account/logout/", views.logout_view, name="logout")]
