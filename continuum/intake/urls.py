"""URLs of the intake app. Included at the site root: every pattern carries its own prefix
(`request/` for the request form, `my-requests/` for the agency's side, `triage/` for staff)."""

from django.urls import path

from .views import agency, chief, queue, request_form, saved_views, triage

app_name = "intake"
urlpatterns = [
    # The request form (public entry; each draft belongs to its session or account)
    path("request/", request_form.request_start, name="request_start"),
    path("request/agency-search/", request_form.agency_search, name="agency_search"),
    path("request/confirm/<str:token>/", chief.chief_confirm, name="chief_confirm"),
    path("request/<uuid:public_id>/", request_form.request_resume, name="request_resume"),
    path("request/<uuid:public_id>/review/", request_form.request_review, name="request_review"),
    path(
        "request/<uuid:public_id>/submitted/",
        request_form.request_submitted,
        name="request_submitted",
    ),
    path("request/<uuid:public_id>/<slug:step>/", request_form.request_step, name="request_step"),
    # The agency's side: its requests and each request's page
    path("my-requests/", agency.my_requests, name="my_requests"),
    path("my-requests/<uuid:public_id>/", agency.request_detail, name="request_detail"),
    path("my-requests/chief/<uuid:public_id>/", chief.chief_request, name="chief_request"),
    path("my-requests/<uuid:public_id>/answer/", agency.request_answer, name="request_answer"),
    path("my-requests/<uuid:public_id>/message/", agency.request_message, name="request_message"),
    path(
        "my-requests/<uuid:public_id>/withdraw/", agency.request_withdraw, name="request_withdraw"
    ),
    path(
        "my-requests/<uuid:public_id>/chief-answer/",
        agency.request_chief_answer,
        name="request_chief_answer",
    ),
    path(
        "my-requests/<uuid:public_id>/chief-link/",
        agency.request_chief_link,
        name="request_chief_link",
    ),
    # Program staff: the triage queue and the staff request page (one URL per action slug)
    path("triage/", queue.triage_queue, name="triage_queue"),
    path("triage/assign/", queue.triage_bulk_assign, name="triage_bulk_assign"),
    path("triage/saved-views/", saved_views.saved_view_save, name="triage_saved_view_save"),
    path(
        "triage/saved-views/<int:pk>/delete/",
        saved_views.saved_view_remove,
        name="triage_saved_view_delete",
    ),
    path("triage/<uuid:public_id>/", triage.triage_detail, name="triage_detail"),
    path("triage/<uuid:public_id>/<slug:action>/", triage.triage_action, name="triage_action"),
]
