"""A URLconf for the access map's own tests: the site, plus URLs the map does not name."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path


@login_not_required
def open_view(request):
    return HttpResponse("This page should never be shown.")


urlpatterns = [
    path("unmapped/", open_view, name="not_in_the_access_map"),
    path("nameless/", open_view),
    path("", include("config.urls")),
]

handler404 = "continuum.core.views.error_404"
