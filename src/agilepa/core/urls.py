from django.urls import include, path

from agilepa.core import pwa, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<int:token_id>/revoke/", views.revoke_token, name="token_revoke"),
    path(
        "account/sessions/end/",
        pwa.clears_site_data(views.logout_everywhere),
        name="logout_everywhere",
    ),
    # login (with lockout), logout, password change and reset by e-mail
    path("account/", include("agilepa.core.auth_urls")),
]
