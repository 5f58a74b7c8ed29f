"""The public portal (no sign-in): /public/...

Every page here is `Access.PUBLIC` except the staff page that publishes the dashboard. The
report page and its PDF (`portal:report`, `portal:report_pdf`) are the reports pages'.
"""

from django.urls import path, re_path

from .views import opendata, portal
from .views import reports as report_views

app_name = "portal"

urlpatterns: list = [
    path("engagements/", portal.engagements, name="engagements"),
    path("engagements/<slug:slug>/", portal.engagement, name="engagement"),
    path("agencies/<str:ori>/", portal.agency, name="agency"),
    path("documents/<uuid:document_id>/", portal.document, name="document"),
    path("reports/<uuid:report_id>/", report_views.public_report_view, name="report"),
    path("reports/<uuid:report_id>.pdf", report_views.public_report_pdf_view, name="report_pdf"),
    path("dashboard/", portal.dashboard, name="dashboard"),
    path("dashboard/manage/", portal.dashboard_manage, name="dashboard_manage"),
    path("data/", opendata.open_data, name="open_data"),
    re_path(
        r"^data/(?P<name>engagements|reports|recommendations|dashboard)\.(?P<fmt>csv|json)$",
        opendata.download,
        name="download",
    ),
]
