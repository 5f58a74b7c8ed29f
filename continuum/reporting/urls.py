"""Progress reports, for program staff and those who see the engagement:
/engagements/<public_id>/reports/..."""

from django.urls import path

from .views import listing, reports

app_name = "reporting"

R = "<uuid:public_id>/reports/"
ONE = R + "<uuid:report_id>/"

urlpatterns = [
    path(R, reports.reports_view, name="reports"),
    path(R + "new/", reports.report_new_view, name="report_new"),
    path(R + "schedule/", reports.schedule_view, name="schedule"),
    path(R + "schedule/<int:due_id>/remove/", reports.due_remove_view, name="due_remove"),
    path(R + "listing/", listing.listing_view, name="listing"),
    path(R + "listing/consent/", listing.consent_view, name="consent"),
    path(ONE, reports.report_view, name="report"),
    path(R + "<uuid:report_id>.pdf", reports.report_pdf_view, name="report_pdf"),
    path(ONE + "edit/", reports.report_edit_view, name="report_edit"),
    path(ONE + "publish/", reports.report_publish_view, name="report_publish"),
]
