"""The public portal (no sign-in): /public/..."""

from django.urls import path

from .views import reports as report_views

app_name = "portal"

urlpatterns: list = [
    path("reports/<uuid:report_id>/", report_views.public_report_view, name="report"),
    path("reports/<uuid:report_id>.pdf", report_views.public_report_pdf_view, name="report_pdf"),
]
