"""A URLconf with a stand-in for the request form, whatever state the intake app is in."""

from django.http import HttpResponse
from django.urls import include, path


def request_start(request):
    return HttpResponse("request form")


intake = ([path("request/", request_start, name="request_start")], "intake")
urlpatterns = [
    path("programs/", include("continuum.catalog.urls")),
    path("", include(intake)),
]
