from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Continuum administration"
admin.site.site_title = "Continuum administration"

urlpatterns = [
    path("", include("continuum.core.urls")),
    path("programs/", include("continuum.catalog.urls")),
    path("agencies/", include("continuum.agencies.urls")),
    path("accounts/", include("continuum.accounts.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "continuum.core.views.error_403"
handler404 = "continuum.core.views.error_404"
handler500 = "continuum.core.views.error_500"
