"""The access map: every URL name of the site, and who may use it.

Deny by default. A URL name missing from this map answers 404 to everyone, and a test walks
the whole URLconf and fails on any unmapped name. Every operation of the API is named here too
(its URL name is its OpenAPI operationId); only the administration site, which guards every
one of its pages itself, is mapped as a whole (`admin:*`). Rules here are about roles; rights on one
object (this agency's request, that engagement) are checked again in the view through the
app's `permissions.py`, and the object is answered with 404 when the user may not see it.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.views import redirect_to_login
from django.http import Http404


class Access(StrEnum):
    PUBLIC = "public"  # anyone, signed in or not (the view opts out of LoginRequiredMiddleware)
    SIGNED_IN = "signed_in"  # any signed-in user; per-object rules inside the view
    PROGRAM_STAFF = "program_staff"  # program staff and administrators
    ADMINISTRATOR = "administrator"  # administrators (Django admin checks this itself too)
    # An API operation: the caller authenticates with a bearer token (401 without one, and a
    # browser session is not enough), then rights are checked per object (404 for what the
    # caller may not see). The view opts out of LoginRequiredMiddleware; ninja authenticates.
    API_OPERATION = "api_operation"


ACCESS_MAP: dict[str, Access] = {
    # core
    "core:home": Access.PUBLIC,
    # core: the pages every federal site carries (issue 7), linked from the footer's identifier
    "core:about": Access.PUBLIC,
    "core:accessibility": Access.PUBLIC,
    "core:privacy": Access.PUBLIC,
    "core:foia": Access.PUBLIC,
    "core:no_fear_act": Access.PUBLIC,
    # catalog
    "catalog:programs": Access.PUBLIC,
    "catalog:program": Access.PUBLIC,
    # agencies
    "agencies:directory": Access.PUBLIC,
    "agencies:agency": Access.PUBLIC,
    "agencies:agency_add": Access.PROGRAM_STAFF,  # add an agency the directory lacks (issue 7)
    # accounts
    "accounts:login": Access.PUBLIC,
    "accounts:logout": Access.PUBLIC,
    "accounts:password_reset": Access.PUBLIC,
    "accounts:password_reset_done": Access.PUBLIC,
    "accounts:password_reset_confirm": Access.PUBLIC,
    "accounts:password_reset_complete": Access.PUBLIC,
    "accounts:dashboard": Access.SIGNED_IN,
    "accounts:verify_email": Access.PUBLIC,
    "accounts:verify_email_resend": Access.SIGNED_IN,
    # accounts: a person's own profile and password; a verified agency member adds a colleague
    "accounts:profile": Access.SIGNED_IN,
    "accounts:password_change": Access.SIGNED_IN,
    "accounts:colleague_add": Access.SIGNED_IN,
    # accounts: program staff verify agency memberships (issue 6)
    "accounts:membership_queue": Access.PROGRAM_STAFF,
    "accounts:membership_detail": Access.PROGRAM_STAFF,
    "accounts:membership_verify": Access.PROGRAM_STAFF,
    "accounts:membership_refuse": Access.PROGRAM_STAFF,
    # intake: the request form (issue 3). Public entry; each view checks that the draft belongs
    # to this browser session or account and answers 404 otherwise.
    "intake:request_start": Access.PUBLIC,
    "intake:agency_search": Access.PUBLIC,
    "intake:request_resume": Access.PUBLIC,
    "intake:request_step": Access.PUBLIC,
    "intake:request_review": Access.PUBLIC,
    "intake:request_submitted": Access.SIGNED_IN,
    "intake:chief_confirm": Access.PUBLIC,
    "intake:request_chief_answer": Access.SIGNED_IN,
    "intake:chief_request": Access.SIGNED_IN,
    "intake:request_chief_link": Access.SIGNED_IN,
    # intake: the agency's side (per-object checks in the views: 404 for others' requests)
    "intake:my_requests": Access.SIGNED_IN,
    "intake:request_detail": Access.SIGNED_IN,
    "intake:request_answer": Access.SIGNED_IN,
    "intake:request_message": Access.SIGNED_IN,
    "intake:request_withdraw": Access.SIGNED_IN,
    # intake: the staff triage queue and request page (issue 3)
    "intake:triage_queue": Access.PROGRAM_STAFF,
    "intake:triage_bulk_assign": Access.PROGRAM_STAFF,
    "intake:triage_saved_view_save": Access.PROGRAM_STAFF,
    "intake:triage_saved_view_delete": Access.PROGRAM_STAFF,
    "intake:triage_detail": Access.PROGRAM_STAFF,
    "intake:triage_action": Access.PROGRAM_STAFF,
    # documents (issue 7): every file is served after a per-object check (404 otherwise)
    "documents:file": Access.SIGNED_IN,
    "documents:version_file": Access.SIGNED_IN,
    "documents:add_version": Access.SIGNED_IN,
    "documents:attach": Access.SIGNED_IN,
    # activity: the notification outbox, for program staff (issue 6)
    "activity:outbox_list": Access.PROGRAM_STAFF,
    "activity:outbox_detail": Access.PROGRAM_STAFF,
    "activity:outbox_retry": Access.PROGRAM_STAFF,
    # api: a signed-in person's own API tokens
    "api:tokens": Access.SIGNED_IN,
    "api:token_revoke": Access.SIGNED_IN,
    # The API (django-ninja, namespace api-1.0.0): the schema is public; every operation is
    # named by its operationId (continuum.intake.api) and authenticates its caller itself.
    "api-1.0.0:openapi-json": Access.PUBLIC,
    "api-1.0.0:api-root": Access.PUBLIC,  # nothing lives there: 404 for everyone
    "api_reference": Access.PUBLIC,  # the API reference for people (no data, only the schema)
    # the API: the agency's side
    "api-1.0.0:request_list": Access.API_OPERATION,
    "api-1.0.0:request_create": Access.API_OPERATION,
    "api-1.0.0:request_read": Access.API_OPERATION,
    "api-1.0.0:request_update": Access.API_OPERATION,
    "api-1.0.0:request_submit": Access.API_OPERATION,
    "api-1.0.0:request_answer": Access.API_OPERATION,
    "api-1.0.0:request_withdraw": Access.API_OPERATION,
    # the API: program staff (non-staff callers get 403, or 404 for requests they cannot see)
    "api-1.0.0:triage_queue": Access.API_OPERATION,
    "api-1.0.0:request_start_review": Access.API_OPERATION,
    "api-1.0.0:request_information": Access.API_OPERATION,
    "api-1.0.0:request_accept": Access.API_OPERATION,
    "api-1.0.0:request_decline": Access.API_OPERATION,
    "api-1.0.0:request_refer": Access.API_OPERATION,
    "api-1.0.0:request_assign": Access.API_OPERATION,
    "api-1.0.0:request_note": Access.API_OPERATION,
    "api-1.0.0:request_message": Access.API_OPERATION,
    # engagements (issue 9): per-object checks in every view (404 for what the viewer may not see)
    "engagements:detail": Access.SIGNED_IN,
    # engagements API (issue 9 §11): token auth; per-object checks through the engagements policy
    "api-1.0.0:engagement_list": Access.API_OPERATION,
    "api-1.0.0:engagement_read": Access.API_OPERATION,
    "api-1.0.0:activity_list": Access.API_OPERATION,
    "api-1.0.0:activity_create": Access.API_OPERATION,
    "api-1.0.0:milestone_list": Access.API_OPERATION,
    "api-1.0.0:milestone_create": Access.API_OPERATION,
    "api-1.0.0:milestone_complete": Access.API_OPERATION,
    # engagements, delivery (brief B): lifecycle, plan, workplan, activities, deliverables
    "engagements:step": Access.SIGNED_IN,
    "engagements:plan": Access.PROGRAM_STAFF,
    "engagements:milestone_add": Access.SIGNED_IN,
    "engagements:milestone_complete": Access.SIGNED_IN,
    "engagements:milestone_reopen": Access.SIGNED_IN,
    "engagements:activity_log": Access.SIGNED_IN,
    "engagements:deliverable_add": Access.SIGNED_IN,
    "engagements:deliverable_step": Access.SIGNED_IN,
    "engagements:evaluation": Access.SIGNED_IN,
    # the emailed evaluation link: the token is the key (404 for a wrong or used one)
    "engagements:evaluation_answer": Access.PUBLIC,
    "engagements:mine": Access.SIGNED_IN,  # "My engagements": what the policy lets each see
    "engagements:portfolio": Access.PROGRAM_STAFF,
    "engagements:agreement": Access.SIGNED_IN,  # read; the chief executive accepts (POST)
    "engagements:agreement_prepare": Access.PROGRAM_STAFF,
    "engagements:follow_on_new": Access.PROGRAM_STAFF,
    # engagements: meetings (the working side and staff), the person's calendar and feed links
    "engagements:meeting_schedule": Access.SIGNED_IN,
    "engagements:meeting_edit": Access.SIGNED_IN,
    "engagements:meeting_cancel": Access.SIGNED_IN,
    "engagements:calendar": Access.SIGNED_IN,
    "engagements:calendar_day": Access.SIGNED_IN,  # one day of the person's own calendar
    "engagements:calendar_feed_new": Access.SIGNED_IN,
    "engagements:calendar_feed_off": Access.SIGNED_IN,
    # the calendar feed: no session, the secret in the URL is the key (404 when wrong/revoked)
    "engagements:calendar_feed": Access.PUBLIC,
    # engagements: peer exchange, for a peer-exchange engagement's working side and staff
    "engagements:peer_exchange": Access.SIGNED_IN,
    "engagements:team_match": Access.SIGNED_IN,
    "engagements:team_add": Access.SIGNED_IN,
    "engagements:team_remove": Access.SIGNED_IN,
    "engagements:provider_set": Access.PROGRAM_STAFF,
    # bias audits (issue 11 part 4): the working side and staff of an engagement with the
    # bias-audit service; 404 for everyone else (the agency never sees the data or the runs)
    "audits:start": Access.SIGNED_IN,
    "audits:preview": Access.SIGNED_IN,
    "audits:run": Access.SIGNED_IN,
    "audits:run_again": Access.SIGNED_IN,  # POST only; 404 first for whoever may not audit
    "audits:report": Access.SIGNED_IN,
    "audits:report_css": Access.SIGNED_IN,
    # the recommendations register (issue 10): seen with its engagement (staff, the working
    # side, the agency side), changed by staff and the working side; 404 per object otherwise
    "recommendations:register": Access.SIGNED_IN,
    "recommendations:scales": Access.SIGNED_IN,
    "recommendations:category_add": Access.SIGNED_IN,
    "recommendations:finding_add": Access.SIGNED_IN,
    "recommendations:recommendation_add": Access.SIGNED_IN,
    "recommendations:recommendation": Access.SIGNED_IN,
    "recommendations:recommendation_edit": Access.SIGNED_IN,
    "recommendations:status_set": Access.SIGNED_IN,
    "recommendations:measure_add": Access.SIGNED_IN,
    "recommendations:dependency_add": Access.SIGNED_IN,
    "recommendations:blocker_add": Access.SIGNED_IN,
    "recommendations:blocker_clear": Access.SIGNED_IN,
    "recommendations:import_upload": Access.SIGNED_IN,
    "recommendations:import_review": Access.SIGNED_IN,
    "recommendations:export_csv": Access.SIGNED_IN,
    "recommendations:export_xlsx": Access.SIGNED_IN,
    # implementation progress and validation (issue 10 §3): the report form for whoever may
    # report progress, a report for whoever sees the register, the queue for validators
    "recommendations:progress_report_new": Access.SIGNED_IN,
    "recommendations:progress_report": Access.SIGNED_IN,
    "recommendations:progress_report_accept": Access.SIGNED_IN,
    "recommendations:progress_report_return": Access.SIGNED_IN,
    "recommendations:progress_report_withdraw": Access.SIGNED_IN,
    "recommendations:validation_queue": Access.SIGNED_IN,
    # progress reports (issue 10 §5): per-object rules inside each view (staff-only pages and
    # the chief executive's consent answer 404 to everyone else)
    "reporting:reports": Access.SIGNED_IN,
    "reporting:report_new": Access.SIGNED_IN,
    "reporting:report": Access.SIGNED_IN,
    "reporting:report_pdf": Access.SIGNED_IN,
    "reporting:report_edit": Access.SIGNED_IN,
    "reporting:report_publish": Access.SIGNED_IN,
    "reporting:schedule": Access.SIGNED_IN,
    "reporting:due_remove": Access.SIGNED_IN,
    "reporting:listing": Access.SIGNED_IN,
    "reporting:consent": Access.SIGNED_IN,
    # a published progress report of a listed engagement, and its PDF (404 otherwise)
    "portal:report": Access.PUBLIC,
    "portal:report_pdf": Access.PUBLIC,
    # experts (issue 9): the expert's own profile, staff's list and vetting, one expert's page
    # (program staff and provider staff), and the provider organization's workspace
    "providers:my_profile": Access.SIGNED_IN,
    "providers:my_profile_remove": Access.SIGNED_IN,
    "providers:expert_list": Access.PROGRAM_STAFF,
    "providers:expert_detail": Access.SIGNED_IN,
    "providers:expert_vet": Access.PROGRAM_STAFF,
    "providers:expert_organization": Access.PROGRAM_STAFF,
    "providers:organization_workspace": Access.SIGNED_IN,
    # the public portal (issue 10 §6): published material only, read through
    # continuum.reporting.public (404 for anything not published); staff publish the dashboard
    "portal:engagements": Access.PUBLIC,
    "portal:engagement": Access.PUBLIC,
    "portal:agency": Access.PUBLIC,
    "portal:document": Access.PUBLIC,
    "portal:dashboard": Access.PUBLIC,
    "portal:dashboard_manage": Access.PROGRAM_STAFF,
    "portal:open_data": Access.PUBLIC,
    "portal:download": Access.PUBLIC,
    # the public API (issue 10 §6): no token (auth=None), published material only; a report
    # or engagement that is not published answers 404
    "api-1.0.0:public_engagement_list": Access.PUBLIC,
    "api-1.0.0:public_engagement_read": Access.PUBLIC,
    "api-1.0.0:public_report_read": Access.PUBLIC,
    "api-1.0.0:public_dashboard": Access.PUBLIC,
    # the administration site: every admin URL, login included, is guarded by the admin itself
    "admin:*": Access.ADMINISTRATOR,
}

#: Admin URLs that must stay reachable before sign-in (the admin's own login page).
ADMIN_PUBLIC = {"admin:login"}


#: Namespaces mapped as a whole ("<namespace>:*"): only sites that guard each page themselves.
WHOLE_NAMESPACES = ("admin",)


def rule_for(view_name: str | None) -> Access | None:
    if not view_name:
        return None
    if view_name in ACCESS_MAP:
        return ACCESS_MAP[view_name]
    namespace = view_name.split(":", 1)[0] if ":" in view_name else None
    if namespace in WHOLE_NAMESPACES:
        return ACCESS_MAP.get(f"{namespace}:*")
    return None


def user_satisfies(user, rule: Access) -> bool:
    if rule in (Access.PUBLIC, Access.API_OPERATION):
        return True  # API_OPERATION: the operation authenticates its caller itself
    if not user.is_authenticated or not user.is_active:
        return False
    if rule is Access.SIGNED_IN:
        return True
    if rule is Access.PROGRAM_STAFF:
        return bool(user.is_program_staff or user.is_superuser)
    if rule is Access.ADMINISTRATOR:
        return bool(user.is_superuser)
    return False


class AccessMapMiddleware:
    """Enforces the access map for every resolved view (after LoginRequiredMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        name = match.view_name if match else None
        rule = rule_for(name)
        if rule is None:
            raise Http404("This address is not in the access map.")
        if rule is Access.ADMINISTRATOR and name and name.startswith("admin:"):
            # The admin redirects anonymous and non-staff users to its own login page.
            return None
        if rule is Access.API_OPERATION:
            return None  # ninja answers 401 without a valid token
        if rule is not Access.PUBLIC and not request.user.is_authenticated:
            # LoginRequiredMiddleware normally got here first; this also covers a view that
            # opted out of it by mistake while the map says it is not public.
            return redirect_to_login(request.get_full_path())
        if not user_satisfies(request.user, rule):
            raise Http404("Not found.")
        return None
