from django.contrib import admin
from django.urls import include, path

from continuum.api import views as api_views
from continuum.api.api import api_urls

admin.site.site_header = "Continuum administration"
admin.site.site_title = "Continuum administration"

urlpatterns = [
    path("", include("continuum.core.urls")),
    path("programs/", include("continuum.catalog.urls")),
    path("agencies/", include("continuum.agencies.urls")),
    path("accounts/", include("continuum.accounts.urls")),
    # intake: request/ (the request form), my-requests/ (the agency's side), triage/ (staff)
    path("", include("continuum.intake.urls")),
    path("engagements/", include("continuum.engagements.urls")),
    path("engagements/", include("continuum.audits.urls")),  # bias audits (issue 11 part 4)
    path("engagements/", include("continuum.recommendations.urls")),  # the register (issue 10)
    path("engagements/", include("continuum.reporting.urls")),  # progress reports (issue 10)
    path("public/", include("continuum.reporting.portal_urls")),  # the public portal (issue 10)
    path("experts/", include("continuum.providers.urls")),
    path("staff/", include("continuum.activity.urls")),  # outbox/ (program staff)
    path("documents/", include("continuum.documents.urls")),  # served per object, never public
    path("admin/", admin.site.urls),
    path("accounts/api-tokens/", include("continuum.api.urls")),
    path("api/docs/", api_views.reference, name="api_reference"),
    path("api/", api_urls()),
]

handler403 = "continuum.core.views.error_403"
handler404 = "continuum.core.views.error_404"
handler500 = "continuum.core.views.error_500"
