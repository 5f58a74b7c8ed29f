"""A URLconf without the intake app, to render pages as they are before the request form exists."""

from django.urls import include, path

urlpatterns = [path("programs/", include("continuum.catalog.urls"))]
