from django.contrib import admin
from django.urls import include, path

from agilepa.api import api
from agilepa.core import errors
from agilepa.identity.urls import logout_patterns as identity_logout
from agilepa.identity.urls import webauthn_patterns

urlpatterns = [
    path("api/v1/", api.urls),
    # The platform administrators' console (superusers only): networks, bodies, roles.
    path("admin/", admin.site.urls),
    path("", include(identity_logout)),
    path("", include("agilepa.identity.urls")),
    path("", include(webauthn_patterns)),
    path("", include("agilepa.core.urls")),
    path("", include("agilepa.org.urls")),
    path("b/<slug:body>/", include("agilepa.core.body_urls")),
    path("b/<slug:body>/", include("agilepa.agreements.urls")),
    path("", include("agilepa.planning.urls")),
    path("", include("agilepa.spaces.urls")),
    path("", include("agilepa.objectives.urls")),
    path("", include("agilepa.measurement.urls")),
    path("", include("agilepa.surveys.urls")),
    path("", include("agilepa.indicators.urls")),
    path("b/<slug:body>/indicators/report/", include("agilepa.indicators.report.urls")),
    path("", include("agilepa.events.urls")),
    path("", include("agilepa.maturity.urls")),
    path("", include("agilepa.community.urls")),
    path("", include("agilepa.awards.urls")),
    path("", include("agilepa.audit.urls")),
    path("", include("agilepa.rights.urls")),
    path("", include("agilepa.retention.urls")),
    path("", include("agilepa.privacy.urls")),
    path("", include("agilepa.home.urls")),
]

# Error pages in the site's look and the active language; problem+json under /api/.
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
