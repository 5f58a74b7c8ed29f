"""Progress reports, for program staff and those who see the engagement:
/engagements/<public_id>/reports/..."""

from django.urls import path  # noqa: F401

app_name = "reporting"

urlpatterns: list = []
