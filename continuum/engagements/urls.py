from django.urls import path

from .views import (
    activities,
    agreement,
    calendar,
    deliverables,
    detail,
    evaluation,
    follow_ons,
    lifecycle,
    meetings,
    peer_exchange,
    portfolio,
    team,
    workplan,
    workspace,
)

app_name = "engagements"

urlpatterns = [
    path("", workspace.my_engagements, name="mine"),
    path("portfolio/", portfolio.portfolio, name="portfolio"),
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
    path("<uuid:public_id>/agreement/", agreement.agreement_detail, name="agreement"),
    path(
        "<uuid:public_id>/agreement/prepare/",
        agreement.agreement_prepare_view,
        name="agreement_prepare",
    ),
    path("<uuid:public_id>/follow-ons/new/", follow_ons.follow_on_new, name="follow_on_new"),
    # meetings and the calendar (issue 9 §5)
    path(
        "<uuid:public_id>/meetings/new/",
        meetings.meeting_schedule_view,
        name="meeting_schedule",
    ),
    path("meetings/<uuid:meeting_id>/edit/", meetings.meeting_edit_view, name="meeting_edit"),
    path("meetings/<uuid:meeting_id>/cancel/", meetings.meeting_cancel_view, name="meeting_cancel"),
    path("calendar/", calendar.calendar_view, name="calendar"),
    path("calendar/feed/new/", calendar.calendar_feed_new, name="calendar_feed_new"),
    path("calendar/feed/off/", calendar.calendar_feed_off, name="calendar_feed_off"),
    path("calendar/<str:day>/", calendar.calendar_day_view, name="calendar_day"),
    path("calendar/<str:secret>.ics", calendar.calendar_feed, name="calendar_feed"),
    # peer exchange (issue 9 §6)
    path(
        "<uuid:public_id>/peer-exchange/",
        peer_exchange.peer_exchange_view,
        name="peer_exchange",
    ),
    # team (issue 9 §2): matching, adding and removing members, the provider organization
    path("<uuid:public_id>/team/match/", team.team_match, name="team_match"),
    path("<uuid:public_id>/team/add/", team.team_add, name="team_add"),
    path("<uuid:public_id>/team/<int:member_id>/remove/", team.team_remove, name="team_remove"),
    path("<uuid:public_id>/provider/", team.provider_set, name="provider_set"),
]
