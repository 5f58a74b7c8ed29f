"""The register's pages, under its engagement: /engagements/<public_id>/register/..."""

from django.urls import path

from .views import implementation, recommendation, register, transfer

app_name = "recommendations"

R = "<uuid:public_id>/register/"
ONE = R + "recommendations/<int:pk>/"
REPORT = R + "progress/<uuid:report_id>/"

urlpatterns = [
    path(R, register.register_view, name="register"),
    path(R + "scales/", register.scales_view, name="scales"),
    path(R + "objectives/add/", register.category_add_view, name="category_add"),
    path(R + "findings/add/", register.finding_add_view, name="finding_add"),
    path(R + "recommendations/add/", register.recommendation_add_view, name="recommendation_add"),
    path(ONE, recommendation.recommendation_view, name="recommendation"),
    path(ONE + "edit/", recommendation.recommendation_edit_view, name="recommendation_edit"),
    path(ONE + "status/", recommendation.status_set_view, name="status_set"),
    path(ONE + "measures/", recommendation.measure_add_view, name="measure_add"),
    path(ONE + "dependencies/", recommendation.dependency_add_view, name="dependency_add"),
    path(ONE + "blockers/", recommendation.blocker_add_view, name="blocker_add"),
    path(
        ONE + "blockers/<int:blocker_id>/clear/",
        recommendation.blocker_clear_view,
        name="blocker_clear",
    ),
    path(
        ONE + "progress/new/", implementation.progress_report_new_view, name="progress_report_new"
    ),
    path(REPORT, implementation.progress_report_view, name="progress_report"),
    path(
        REPORT + "accept/",
        implementation.progress_report_accept_view,
        name="progress_report_accept",
    ),
    path(
        REPORT + "return/",
        implementation.progress_report_return_view,
        name="progress_report_return",
    ),
    path(
        REPORT + "withdraw/",
        implementation.progress_report_withdraw_view,
        name="progress_report_withdraw",
    ),
    path(R + "validation/", implementation.validation_queue_view, name="validation_queue"),
    path(R + "import/", transfer.import_upload_view, name="import_upload"),
    path(R + "import/<uuid:import_id>/", transfer.import_review_view, name="import_review"),
    path(R + "export.csv", transfer.export_csv_view, name="export_csv"),
    path(R + "export.xlsx", transfer.export_xlsx_view, name="export_xlsx"),
]
