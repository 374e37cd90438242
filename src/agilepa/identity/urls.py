from django.urls import include, path
from django_otp_webauthn import urls as webauthn_urls

from agilepa.core.pwa import clears_site_data

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
# The two ceremonies that add or use a device are ours, to record them in the audit trail.
OURS = {
    "credential-registration-complete": views.PasskeyRegistration.as_view(),
    "credential-authentication-complete": views.PasskeyAuthentication.as_view(),
}
passkey_patterns = [
    path(str(p.pattern), OURS[p.name], name=p.name) if p.name in OURS else p
    for p in webauthn_urls.urlpatterns
]
webauthn_patterns = [
    path("account/second-factor/webauthn/", include((passkey_patterns, webauthn_urls.app_name))),
]

# Resolved before core's logout (same address and name), so a provider's session also ends at
# the provider. Logging out clears what the browser kept of the person's pages (core/pwa.py).
logout_patterns = [
    path("account/logout/", clears_site_data(views.logout_view), name="logout"),
]
