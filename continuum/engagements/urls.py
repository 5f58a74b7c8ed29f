from django.urls import path

from .views import activities, deliverables, detail, evaluation, lifecycle, workplan

app_name = "engagements"

urlpatterns = [
    path("<uuid:public_id>/", detail.engagement_detail, name="detail"),
    # delivery (brief B): lifecycle, plan, workplan, activities, deliverables, evaluation
    path("<uuid:public_id>/step/<slug:action>/", lifecycle.engagement_step, name="step"),
    path("<uuid:public_id>/plan/", lifecycle.engagement_plan, name="plan"),
    path("<uuid:public_id>/milestones/add/", workplan.milestone_add_view, name="milestone_add"),
    path(
        "<uuid:public_id>/milestones/<int:pk>/complete/",
        workplan.milestone_complete_view,
        name="milestone_complete",
    ),
    path(
        "<uuid:public_id>/milestones/<int:pk>/reopen/",
        workplan.milestone_reopen_view,
        name="milestone_reopen",
    ),
    path("<uuid:public_id>/activities/log/", activities.activity_log_view, name="activity_log"),
    path(
        "<uuid:public_id>/deliverables/add/",
        deliverables.deliverable_add_view,
        name="deliverable_add",
    ),
    path(
        "deliverables/<uuid:public_id>/<slug:action>/",
        deliverables.deliverable_step_view,
        name="deliverable_step",
    ),
    path(
        "<uuid:public_id>/evaluation/",
        evaluation.evaluation_signed_in,
        name="evaluation",
    ),
    path("evaluation/<str:token>/", evaluation.evaluation_by_link, name="evaluation_answer"),
]
