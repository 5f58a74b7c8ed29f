"""URLs of bias audits, included under `engagements/`."""

from django.urls import path

from . import views

app_name = "audits"
urlpatterns = [
    path("<uuid:public_id>/bias-audit/", views.bias_audit_start, name="start"),
    path("bias-audit/files/<uuid:document_id>/", views.bias_audit_preview, name="preview"),
    path("bias-audit/runs/<uuid:run_id>/", views.bias_audit_run, name="run"),
    path("bias-audit/runs/<uuid:run_id>/again/", views.bias_audit_run_again, name="run_again"),
    # the library's HTML report and its stylesheet (the report links "report.css" beside it)
    path("bias-audit/runs/<uuid:run_id>/report/", views.bias_audit_report, name="report"),
    path(
        "bias-audit/runs/<uuid:run_id>/report/report.css",
        views.bias_audit_report_css,
        name="report_css",
    ),
]
