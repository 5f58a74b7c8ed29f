"""The URL access walk: every URL of the site, for every role, against the access map.

The walk reads the whole URLconf (the administration site included), builds a real address
for each URL name, and GETs it as each of six roles:

(a) every URL name must be in `ACCESS_MAP` (continuum/core/access.py);
(b) the answer must agree with the map:
    - PUBLIC: nobody is sent to sign in, nobody gets 403 or 404;
    - SIGNED_IN, PROGRAM_STAFF, ADMINISTRATOR: anonymous visitors are sent to sign in; a
      signed-in role without the right gets 404; a role with the right gets 200, a redirect
      that is not to sign-in, or 405;
    - the administration site ("admin:*"): anonymous visitors are sent to sign in (the
      administration sign-in, or ours for Django's model pages), signed-in people who are not
      administrators to the administration sign-in; administrators get the page
      (or 403 where the model's admin itself refuses the action, for example adding events);
(c) a view opts out of sign-in (`login_not_required`) if and only if the map says PUBLIC or
    API_OPERATION;
(d) every operation of the API answers 401, with JSON, to anonymous callers and to browser
    sessions, called with its own method (`tests/test_access_walk_api.py` checks that each
    operation is in the map by name, and what token holders get); the public API's operations
    (`/api/v1/public/...`, mapped PUBLIC) answer everyone without a token, as public pages do.

Adding a URL with a new keyword argument? Give it a value in `KWARG_VALUES` (by argument
name) or `URL_KWARGS` (by URL name) below; the walk fails loudly until you do. A URL whose view
checks rights per object and answers 404 to some roles for the walk's objects lists those roles
in `EXPECTED_NOT_FOUND`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import factory.django
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.shortcuts import resolve_url
from django.test import Client, RequestFactory, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from continuum.accounts.tests.factories import (
    AdministratorFactory,
    AgencyMembershipFactory,
    ExpertFactory,
    ProgramStaffFactory,
    ProviderMembershipFactory,
)
from continuum.activity.services import event_record
from continuum.agencies.tests.factories import AgencyFactory
from continuum.api.api import api_operations
from continuum.catalog.models import Program
from continuum.catalog.tests.factories import ProgramFactory, ProviderOrganizationFactory
from continuum.core.access import ACCESS_MAP, ADMIN_PUBLIC, Access, rule_for

ROLES = ["anonymous", "agency_member", "provider_staff", "expert", "program_staff", "administrator"]

#: Which roles hold each right of the map (written out here, not borrowed from the middleware).
RIGHTS: dict[Access, set[str]] = {
    Access.PUBLIC: set(ROLES),
    Access.SIGNED_IN: set(ROLES) - {"anonymous"},
    Access.PROGRAM_STAFF: {"program_staff", "administrator"},
    Access.ADMINISTRATOR: {"administrator"},
    Access.API_OPERATION: set(),  # a browser session is never enough: a token is
}

#: Answers that mean "you may use this": the page, a redirect elsewhere, or "use POST".
ALLOWED_STATUSES = {200, 301, 302, 303, 307, 308, 405}


# --- the objects the walk visits -------------------------------------------------------------


@dataclass
class World:
    """The users of each role and the objects URLs point at, made fresh for each test."""

    users: dict[str, Any]
    agency: Any
    organization: Any
    program: Program
    made: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """Make an object the first time a URL asks for it; reuse it afterwards."""
        if key not in self.made:
            self.made[key] = make()
        return self.made[key]


def world_build() -> World:
    agency = AgencyFactory(name="Walk City Police Department")
    organization = ProviderOrganizationFactory(name="Walk Association")
    program = Program.objects.active().order_by("order").first() or ProgramFactory()
    users = {
        "anonymous": None,
        "agency_member": AgencyMembershipFactory(agency=agency).user,
        "provider_staff": ProviderMembershipFactory(organization=organization).user,
        "expert": ExpertFactory(),
        "program_staff": ProgramStaffFactory(),
        "administrator": AdministratorFactory(),
    }
    Group.objects.create(name="Walk group")
    event_record(actor=users["program_staff"], verb="walked", target=agency)
    return World(users=users, agency=agency, organization=organization, program=program)


def _reset_uid(world: World) -> str:
    return urlsafe_base64_encode(force_bytes(world.users["agency_member"].pk))


def _reset_token(world: World) -> str:
    return default_token_generator.make_token(world.users["agency_member"])


def _draft(world: World):
    """A draft request of the walk's agency, started by its agency member's account."""
    from continuum.intake.tests.factories import AssistanceRequestFactory

    return world.once(
        "draft",
        lambda: AssistanceRequestFactory(
            agency=world.agency, requester=world.users["agency_member"]
        ),
    )


def _submitted(world: World):
    """A request of the walk's agency, submitted by its agency member."""
    from continuum.intake.tests.factories import submitted_request

    return world.once(
        "submitted",
        lambda: submitted_request(agency=world.agency, requester=world.users["agency_member"]),
    )


def _message(world: World):
    """An outgoing message about the walk's agency (the outbox's staff pages)."""
    from continuum.activity.tests.factories import OutboundMessageFactory

    return world.once("message", lambda: OutboundMessageFactory())


def _document(world: World):
    """A PDF the walk's agency member attached to the submitted request (agency and staff)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from continuum.documents.services import Upload, document_attach
    from continuum.documents.tests.files import PDF

    return world.once(
        "document",
        lambda: document_attach(
            actor=world.users["agency_member"],
            target=_submitted(world),
            upload=Upload(file=SimpleUploadedFile("policy.pdf", PDF), kind="policy"),
        ),
    )


def _email_token(world: World) -> str:
    from continuum.accounts.services import email_verify_token

    return email_verify_token(world.users["agency_member"])


def _chief_token(world: World) -> str:
    from continuum.intake.services.chief import chief_confirm_token

    return chief_confirm_token(_submitted(world))


def _engagement(world: World):
    """An engagement of the walk's agency, delivered by the walk's provider organization, with
    the walk's expert on its team: every signed-in role of the walk may see it."""
    from continuum.engagements.tests.factories import EngagementFactory, TeamMemberFactory

    def build():
        engagement = EngagementFactory(
            assistance_request=_submitted(world),
            agency=world.agency,
            provider=world.organization,
        )
        TeamMemberFactory(engagement=engagement, user=world.users["expert"])
        return engagement

    return world.once("engagement", build)


def _milestone(world: World):
    """A milestone of the walk's engagement."""
    from continuum.engagements.tests.factories import MilestoneFactory

    return world.once("milestone", lambda: MilestoneFactory(engagement=_engagement(world)))


def _deliverable(world: World):
    """A deliverable of the walk's engagement, still in drafting (the team sees it)."""
    from continuum.engagements.tests.factories import DeliverableFactory

    return world.once("deliverable", lambda: DeliverableFactory(engagement=_engagement(world)))


def _meeting(world: World):
    """A meeting on the walk's engagement (the working side and staff may change it)."""
    from continuum.engagements.tests.factories import MeetingFactory

    return world.once("meeting", lambda: MeetingFactory(engagement=_engagement(world)))


def _recommendation(world: World):
    """A recommendation in the register of the walk's engagement."""
    from continuum.recommendations.tests.factories import RecommendationFactory

    return world.once(
        "recommendation", lambda: RecommendationFactory(finding__engagement=_engagement(world))
    )


def _implementation_report(world: World):
    """A progress report waiting for validation on the walk's recommendation, from the agency
    member."""
    from django.utils import timezone

    from continuum.recommendations.models import ImplementationReport, ScaleValue
    from continuum.recommendations.services.register import register_setup

    def build():
        recommendation = _recommendation(world)
        scale = register_setup(
            actor=world.users["program_staff"], engagement=recommendation.engagement
        )[0]
        return ImplementationReport.objects.create(
            engagement=recommendation.engagement,
            recommendation=recommendation,
            scale=scale,
            proposed_value=ScaleValue.objects.filter(scale=scale).last(),
            narrative="The board met monthly.",
            submitted_by=world.users["agency_member"],
            submitted_at=timezone.now(),
        )

    return world.once("implementation_report", build)


def _peer_engagement(world: World):
    """An engagement of the walk's agency and organization that includes a peer exchange."""
    from continuum.catalog.models import Service
    from continuum.engagements.tests.factories import EngagementFactory, TeamMemberFactory

    def build():
        engagement = EngagementFactory(
            agency=world.agency,
            assistance_request__agency=world.agency,
            provider=world.organization,
            services=[Service.objects.get(slug="peer-exchange")],
        )
        TeamMemberFactory(engagement=engagement, user=world.users["expert"])
        return engagement

    return world.once("peer_engagement", build)


def _audit_engagement(world: World):
    """An engagement of the walk's agency and organization with the bias-audit service."""
    from continuum.catalog.models import Program, Service
    from continuum.engagements.tests.factories import EngagementFactory, TeamMemberFactory

    def build():
        engagement = EngagementFactory(
            agency=world.agency,
            assistance_request__agency=world.agency,
            provider=world.organization,
            program=Program.objects.get(slug="critical-response"),
            services=[Service.objects.get(slug="bias-audit")],
        )
        TeamMemberFactory(engagement=engagement, user=world.users["expert"])
        return engagement

    return world.once("audit_engagement", build)


def _stop_file(world: World):
    """A team-only stop file of the walk's bias-audit engagement."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from continuum.audits.services import stop_file_upload

    def build():
        data = b"date,time,subject_race\n2026-01-02,10:00,white\n2026-01-03,22:10,black\n"
        return stop_file_upload(
            actor=world.users["program_staff"],
            engagement=_audit_engagement(world),
            file=SimpleUploadedFile("stops.csv", data),
        )

    return world.once("stop_file", build)


def _audit_run(world: World):
    """A queued bias-audit run of the walk's stop file."""
    from continuum.audits.models import AuditRun

    def build():
        return AuditRun.objects.create(
            engagement=_audit_engagement(world), document=_stop_file(world)
        )

    return world.once("audit_run", build)


def _feed_secret(world: World) -> str:
    """The secret of a live calendar feed (the agency member's): the key, whoever holds it."""
    from continuum.engagements.services.calendar import calendar_feed_create

    def build():
        _feed, secret = calendar_feed_create(actor=world.users["agency_member"])
        return secret

    return world.once("feed_secret", build)


def _listing(world: World):
    """The walk's engagement on the public portal: listed, with a published report and a public
    document (the public pages and the public API answer 200 for them)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from continuum.documents.choices import PUBLIC
    from continuum.documents.services import Upload, document_attach
    from continuum.documents.tests.files import PDF
    from continuum.reporting.snapshot import build_snapshot
    from continuum.reporting.tests.factories import ProgressReportFactory, PublicListingFactory

    def build():
        engagement = _engagement(world)
        listing = PublicListingFactory(
            engagement=engagement, slug="walk-city-assessment", agency_ori="WK0000001"
        )
        ProgressReportFactory(
            engagement=engagement,
            state="published",
            published_at=timezone.now(),
            created_by=world.users["program_staff"],
            snapshot=build_snapshot(engagement, as_of=timezone.localdate()),
        )
        document_attach(
            actor=world.users["program_staff"],
            target=engagement,
            upload=Upload(
                file=SimpleUploadedFile("summary.pdf", PDF), kind="report", visibility=int(PUBLIC)
            ),
        )
        return listing

    return world.once("listing", build)


def _public_report(world: World):
    return _listing(world).engagement.progress_reports.get(state="published")


def _public_document(world: World):
    from continuum.documents.models import Document

    _listing(world)
    return Document.objects.get(name="summary.pdf")


def _expert_profile(world: World):
    """The walk's expert's profile (program staff and provider staff see it)."""
    from continuum.providers.tests.factories import ExpertProfileFactory

    return world.once("expert_profile", lambda: ExpertProfileFactory(user=world.users["expert"]))


def _membership(world: World):
    """The walk's agency member's membership (program staff see it; others get 404)."""
    return world.users["agency_member"].agency_memberships.get()


def _progress_report(world: World, *, public: bool = False):
    """A draft progress report of the walk's engagement; or (public) a published report, with
    its PDF stored, of another engagement that is listed on the public portal."""
    import datetime

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from continuum.engagements.tests.factories import EngagementFactory
    from continuum.reporting.choices import ReportState
    from continuum.reporting.snapshot import build_snapshot
    from continuum.reporting.tests.factories import ProgressReportFactory, PublicListingFactory

    def build():
        as_of = datetime.date(2026, 6, 30)
        if not public:
            engagement = _engagement(world)
            snapshot = build_snapshot(engagement, as_of=as_of)
            return ProgressReportFactory(engagement=engagement, snapshot=snapshot)
        engagement = EngagementFactory(program=world.program)
        PublicListingFactory(engagement=engagement)
        pdf = default_storage.save("reports/walk.pdf", ContentFile(b"%PDF-1.7 walk"))
        return ProgressReportFactory(
            engagement=engagement,
            snapshot=build_snapshot(engagement, as_of=as_of),
            state=ReportState.PUBLISHED,
            published_at=timezone.now(),
            pdf=pdf,
        )

    return world.once("public_report" if public else "draft_report", build)


def _report_kwargs(world: World) -> dict[str, Any]:
    return {
        "public_id": _engagement(world).public_id,
        "report_id": _progress_report(world).public_id,
    }


#: Values for URL keyword arguments, by argument name.
KWARG_VALUES: dict[str, Callable[[World], Any]] = {
    "slug": lambda w: w.program.slug,
    "uidb64": _reset_uid,
    "token": _reset_token,
    "app_label": lambda w: "accounts",
    "public_id": lambda w: _submitted(w).public_id,
}

#: Values for the keyword arguments of one URL name; these win over KWARG_VALUES.
URL_KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "catalog:program": lambda w: {"slug": w.program.slug},
    "agencies:agency": lambda w: {"pk": w.agency.pk},
    "admin:view_on_site": lambda w: {
        "content_type_id": ContentType.objects.get_for_model(Program).pk,
        "object_id": w.program.pk,
    },
    "intake:request_resume": lambda w: {"public_id": _draft(w).public_id},
    "intake:request_review": lambda w: {"public_id": _draft(w).public_id},
    "intake:request_step": lambda w: {"public_id": _draft(w).public_id, "step": "agency"},
    "accounts:verify_email": lambda w: {"token": _email_token(w)},
    "accounts:membership_detail": lambda w: {"pk": _membership(w).pk},
    "accounts:membership_verify": lambda w: {"pk": _membership(w).pk},
    "accounts:membership_refuse": lambda w: {"pk": _membership(w).pk},
    "intake:chief_confirm": lambda w: {"token": _chief_token(w)},
    "intake:triage_action": lambda w: {"public_id": _submitted(w).public_id, "action": "assign"},
    "intake:triage_saved_view_delete": lambda w: {"pk": 999_999_999},  # POST only
    "api:token_revoke": lambda w: {"pk": 999_999_999},  # POST only: a GET answers 405 first
    "activity:outbox_detail": lambda w: {"pk": _message(w).pk},
    "activity:outbox_retry": lambda w: {"pk": _message(w).pk},  # POST only
    "engagements:detail": lambda w: {"public_id": _engagement(w).public_id},
    "api-1.0.0:engagement_read": lambda w: {"public_id": _engagement(w).public_id},
    "api-1.0.0:activity_list": lambda w: {"public_id": _engagement(w).public_id},
    "api-1.0.0:activity_create": lambda w: {"public_id": _engagement(w).public_id},
    "api-1.0.0:milestone_list": lambda w: {"public_id": _engagement(w).public_id},
    "api-1.0.0:milestone_create": lambda w: {"public_id": _engagement(w).public_id},
    "api-1.0.0:milestone_complete": lambda w: {
        "public_id": _engagement(w).public_id,
        "milestone_id": _milestone(w).pk,
    },
    # engagements, delivery (brief B)
    "engagements:step": lambda w: {"public_id": _engagement(w).public_id, "action": "withdraw"},
    "engagements:plan": lambda w: {"public_id": _engagement(w).public_id},
    "engagements:milestone_add": lambda w: {"public_id": _engagement(w).public_id},
    "engagements:milestone_complete": lambda w: {  # POST only
        "public_id": _engagement(w).public_id,
        "pk": 999_999_999,
    },
    "engagements:milestone_reopen": lambda w: {  # POST only
        "public_id": _engagement(w).public_id,
        "pk": 999_999_999,
    },
    "engagements:activity_log": lambda w: {"public_id": _engagement(w).public_id},
    "engagements:deliverable_add": lambda w: {"public_id": _engagement(w).public_id},
    "engagements:deliverable_step": lambda w: {
        "public_id": _deliverable(w).public_id,
        "action": "submit_for_review",
    },
    "engagements:evaluation": lambda w: {"public_id": _engagement(w).public_id},
    "engagements:evaluation_answer": lambda w: {"token": "not-a-real-evaluation-token-000000"},
    "engagements:agreement": lambda w: {"public_id": _engagement(w).public_id},
    "engagements:agreement_prepare": lambda w: {"public_id": _engagement(w).public_id},
    "engagements:follow_on_new": lambda w: {"public_id": _engagement(w).public_id},
    "engagements:meeting_schedule": lambda w: {"public_id": _engagement(w).public_id},
    "engagements:meeting_edit": lambda w: {"meeting_id": _meeting(w).public_id},
    "engagements:meeting_cancel": lambda w: {"meeting_id": _meeting(w).public_id},
    "engagements:calendar_feed": lambda w: {"secret": _feed_secret(w)},
    "engagements:calendar_day": lambda w: {"day": "2026-12-10"},
    "engagements:peer_exchange": lambda w: {"public_id": _peer_engagement(w).public_id},
    "engagements:team_match": lambda w: {"public_id": _engagement(w).public_id},
    "engagements:team_add": lambda w: {"public_id": _engagement(w).public_id},  # POST only
    "engagements:team_remove": lambda w: {
        "public_id": _engagement(w).public_id,
        "member_id": _engagement(w).team.get().pk,
    },  # POST only
    "engagements:provider_set": lambda w: {"public_id": _engagement(w).public_id},  # POST only
    # bias audits (issue 11 part 4)
    "audits:start": lambda w: {"public_id": _audit_engagement(w).public_id},
    "audits:preview": lambda w: {"document_id": _stop_file(w).public_id},
    "audits:run": lambda w: {"run_id": _audit_run(w).public_id},
    "audits:run_again": lambda w: {"run_id": _audit_run(w).public_id},  # POST only
    "audits:report": lambda w: {"run_id": _audit_run(w).public_id},  # none yet: 404 to all
    "audits:report_css": lambda w: {"run_id": _audit_run(w).public_id},
    # the recommendations register (issue 10)
    "recommendations:register": lambda w: {"public_id": _engagement(w).public_id},
    "recommendations:scales": lambda w: {"public_id": _engagement(w).public_id},
    "recommendations:category_add": lambda w: {"public_id": _engagement(w).public_id},
    "recommendations:finding_add": lambda w: {"public_id": _engagement(w).public_id},
    "recommendations:recommendation_add": lambda w: {"public_id": _engagement(w).public_id},
    "recommendations:import_upload": lambda w: {"public_id": _engagement(w).public_id},
    "recommendations:export_csv": lambda w: {"public_id": _engagement(w).public_id},
    "recommendations:export_xlsx": lambda w: {"public_id": _engagement(w).public_id},
    "recommendations:recommendation": lambda w: {
        "public_id": _engagement(w).public_id,
        "pk": _recommendation(w).pk,
    },
    "recommendations:recommendation_edit": lambda w: {
        "public_id": _engagement(w).public_id,
        "pk": _recommendation(w).pk,
    },
    "recommendations:status_set": lambda w: {
        "public_id": _engagement(w).public_id,
        "pk": _recommendation(w).pk,
    },
    "recommendations:measure_add": lambda w: {
        "public_id": _engagement(w).public_id,
        "pk": _recommendation(w).pk,
    },
    "recommendations:dependency_add": lambda w: {
        "public_id": _engagement(w).public_id,
        "pk": _recommendation(w).pk,
    },
    "recommendations:blocker_add": lambda w: {
        "public_id": _engagement(w).public_id,
        "pk": _recommendation(w).pk,
    },
    "recommendations:blocker_clear": lambda w: {  # POST only
        "public_id": _engagement(w).public_id,
        "pk": _recommendation(w).pk,
        "blocker_id": 999_999_999,
    },
    "recommendations:import_review": lambda w: {
        "public_id": _engagement(w).public_id,
        "import_id": "00000000-0000-4000-8000-000000000000",
    },
    "recommendations:progress_report_new": lambda w: {
        "public_id": _engagement(w).public_id,
        "pk": _recommendation(w).pk,
    },
    "recommendations:progress_report": lambda w: {
        "public_id": _engagement(w).public_id,
        "report_id": _implementation_report(w).public_id,
    },
    "recommendations:progress_report_accept": lambda w: {  # POST only
        "public_id": _engagement(w).public_id,
        "report_id": _implementation_report(w).public_id,
    },
    "recommendations:progress_report_return": lambda w: {  # POST only
        "public_id": _engagement(w).public_id,
        "report_id": _implementation_report(w).public_id,
    },
    "recommendations:progress_report_withdraw": lambda w: {  # POST only
        "public_id": _engagement(w).public_id,
        "report_id": _implementation_report(w).public_id,
    },
    "recommendations:validation_queue": lambda w: {"public_id": _engagement(w).public_id},
    # progress reports (issue 10 §5)
    "reporting:reports": lambda w: {"public_id": _engagement(w).public_id},
    "reporting:report_new": lambda w: {"public_id": _engagement(w).public_id},
    "reporting:schedule": lambda w: {"public_id": _engagement(w).public_id},
    "reporting:due_remove": lambda w: {  # POST only
        "public_id": _engagement(w).public_id,
        "due_id": 999_999_999,
    },
    "reporting:listing": lambda w: {"public_id": _engagement(w).public_id},
    "reporting:consent": lambda w: {"public_id": _engagement(w).public_id},
    "reporting:report": _report_kwargs,
    "reporting:report_pdf": _report_kwargs,
    "reporting:report_edit": _report_kwargs,
    "reporting:report_publish": _report_kwargs,
    "portal:report": lambda w: {"report_id": _progress_report(w, public=True).public_id},
    "portal:report_pdf": lambda w: {"report_id": _progress_report(w, public=True).public_id},
    "providers:my_profile_remove": lambda w: {"kind": "expertise", "pk": 999_999_999},  # POST
    "providers:expert_detail": lambda w: {"pk": _expert_profile(w).pk},
    "providers:expert_vet": lambda w: {"pk": _expert_profile(w).pk},  # POST only
    "providers:expert_organization": lambda w: {"pk": _expert_profile(w).pk},  # POST only
    "documents:file": lambda w: {"public_id": _document(w).public_id},
    "documents:version_file": lambda w: {"public_id": _document(w).public_id, "number": 1},
    "documents:add_version": lambda w: {"public_id": _document(w).public_id},
    "documents:attach": lambda w: {"target_slug": "request", "key": _submitted(w).public_id},
    # the public portal and the public API (issue 10 §6): a listed engagement of the walk
    "portal:engagement": lambda w: {"slug": _listing(w).slug},
    "portal:agency": lambda w: {"ori": _listing(w).agency_ori},
    "portal:document": lambda w: {"document_id": _public_document(w).public_id},
    "portal:download": lambda w: {"name": "recommendations", "fmt": "csv"},
    "api-1.0.0:public_engagement_read": lambda w: {"slug": _listing(w).slug},
    "api-1.0.0:public_report_read": lambda w: {"report_id": _public_report(w).public_id},
}

#: Query strings some URLs need to answer at all.
URL_QUERY: dict[str, str] = {
    # The administration site's autocomplete answers 403 without naming a field that uses it.
    "admin:autocomplete": "?app_label=accounts&model_name=agencymembership&field_name=user",
}

#: URL name -> the roles its view answers 404 for the walk's objects (no right on that object).
#: The walk's draft and submitted request belong to the agency member and the walk's agency.
_NOT_THE_DRAFTS_OWNER = {"anonymous", "provider_staff", "expert", "program_staff", "administrator"}
_OUTSIDE_THE_AGENCY = {"provider_staff", "expert"}
EXPECTED_NOT_FOUND: dict[str, set[str]] = {
    # a draft is seen only by the person (or browser session) that started it
    "intake:request_resume": _NOT_THE_DRAFTS_OWNER,
    "intake:request_review": _NOT_THE_DRAFTS_OWNER,
    "intake:request_step": _NOT_THE_DRAFTS_OWNER,
    # a submitted request: its agency's side, program staff and administrators
    "intake:request_submitted": _OUTSIDE_THE_AGENCY,
    "intake:request_detail": _OUTSIDE_THE_AGENCY,
    "intake:request_withdraw": _OUTSIDE_THE_AGENCY,
    # a request is shown here only to the signed-in chief executive it names (issue 6)
    "intake:chief_request": set(ROLES) - {"anonymous"},
    # documents: whoever sees the request, when the document's visibility includes them
    "documents:file": _OUTSIDE_THE_AGENCY,
    "documents:version_file": _OUTSIDE_THE_AGENCY,
    "documents:add_version": _OUTSIDE_THE_AGENCY,
    "documents:attach": _OUTSIDE_THE_AGENCY,
    # engagements, delivery (brief B): the working side's pages are not the agency's; a
    # drafting deliverable is the team's; the walk's engagement is not closed (no evaluation)
    "engagements:milestone_add": {"agency_member"},
    "engagements:activity_log": {"agency_member"},
    "engagements:deliverable_add": {"agency_member"},
    "engagements:deliverable_step": {"agency_member"},
    "engagements:evaluation": set(ROLES) - {"anonymous"},
    # a wrong evaluation token is a plain 404 for everyone
    "engagements:evaluation_answer": set(ROLES),
    # engagements: the agency side sees meetings but schedules none, and peer exchange is the
    # working side's (activities are team-only)
    "engagements:meeting_schedule": {"agency_member"},
    "engagements:meeting_edit": {"agency_member"},
    "engagements:meeting_cancel": {"agency_member"},
    "engagements:peer_exchange": {"agency_member"},
    # staffing an engagement: program staff and the organization's coordinator (the walk's
    # provider staff member is not its coordinator)
    "engagements:team_match": {"agency_member", "provider_staff", "expert"},
    # bias audits: the working side and program staff only, never the agency
    "audits:start": {"agency_member"},
    "audits:preview": {"agency_member"},
    "audits:run": {"agency_member"},
    "audits:run_again": {"agency_member"},
    "audits:report": set(ROLES) - {"anonymous"},  # the walk's run is queued: no report yet
    "audits:report_css": {"agency_member"},
    # the register: the agency side reads it but has no edit pages; a pending import is its
    # owner's alone (the walk's import id is nobody's)
    "recommendations:category_add": {"agency_member"},
    "recommendations:finding_add": {"agency_member"},
    "recommendations:recommendation_add": {"agency_member"},
    "recommendations:recommendation_edit": {"agency_member"},
    "recommendations:import_upload": {"agency_member"},
    "recommendations:import_review": set(ROLES) - {"anonymous"},
    # the validation queue: validators (program staff, experts on the team), never the agency
    # side, nor provider staff who are not on the team as experts
    "recommendations:validation_queue": {"agency_member", "provider_staff"},
    # progress reports: the staff pages are program staff's; agreeing to a public listing is
    # the agency chief executive's (the walk's agency member is its point of contact)
    "reporting:report_new": {"agency_member", "provider_staff", "expert"},
    "reporting:schedule": {"agency_member", "provider_staff", "expert"},
    "reporting:listing": {"agency_member", "provider_staff", "expert"},
    "reporting:report_edit": {"agency_member", "provider_staff", "expert"},
    "reporting:report_publish": {"agency_member", "provider_staff", "expert"},
    "reporting:consent": set(ROLES) - {"anonymous"},
    # an expert's page: program staff, provider staff and the expert themselves
    "providers:expert_detail": {"agency_member"},
    # the expert's own profile: experts only
    "providers:my_profile": {"agency_member", "provider_staff", "program_staff", "administrator"},
    # a provider organization's workspace: its staff only
    "providers:organization_workspace": {
        "agency_member",
        "expert",
        "program_staff",
        "administrator",
    },
    # django-ninja names the API's root, where nothing lives
    "api-1.0.0:api-root": set(ROLES),
}

#: The API's operations by URL name (each operation's URL name is its operationId).
API_OPERATIONS = {operation.url_name: operation for operation in api_operations()}

#: Administration-site keyword arguments that name one object of the page's model.
ADMIN_OBJECT_KWARGS = {"object_id", "id"}


# --- walking the URLconf ---------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name" as the middleware sees it; None for unnamed patterns
    route: str  # the pattern text, for messages
    callback: Callable
    kwarg_names: tuple[str, ...]
    admin_model: type[models.Model] | None  # the model of an administration-site page

    @property
    def is_admin(self) -> bool:
        return bool(self.name and self.name.startswith("admin:"))

    def __str__(self) -> str:
        return self.name or f"<unnamed {self.route}>"


def _admin_model_for(namespaces: tuple[str, ...], pattern_text: str):
    """The registered model whose ModelAdmin serves `admin/<app_label>/<model_name>/...`."""
    if namespaces != ("admin",):
        return None
    parts = pattern_text.strip("/").split("/")
    if len(parts) != 2:
        return None
    try:
        model = apps.get_model(*parts)
    except (LookupError, ValueError):
        return None
    return model if admin.site.is_registered(model) else None


def walk(
    resolver: URLResolver | None = None,
    prefix: str = "",
    namespaces: tuple[str, ...] = (),
    kwarg_names: tuple[str, ...] = (),
    admin_model=None,
) -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        text = str(entry.pattern)
        names = kwarg_names + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from walk(
                entry,
                prefix + text,
                inner,
                names,
                _admin_model_for(namespaces, text) or admin_model,
            )
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else None
            yield Route(name, prefix + text, entry.callback, names, admin_model)


def named_routes() -> list[Route]:
    """Every named URL once (the first pattern of a name is the one `reverse` builds)."""
    seen: dict[tuple[str, tuple[str, ...]], Route] = {}
    for route in walk():
        if route.name:
            seen.setdefault((route.name, tuple(sorted(route.kwarg_names))), route)
    return list(seen.values())


ROUTES = named_routes()


# --- building an address ---------------------------------------------------------------------


_FACTORIES: dict[type[models.Model], type[factory.django.DjangoModelFactory]] | None = None


def model_factories() -> dict[type[models.Model], type[factory.django.DjangoModelFactory]]:
    """The factory of each model, found in every app's tests/factories.py."""
    global _FACTORIES
    if _FACTORIES is None:
        found: dict[type[models.Model], type[factory.django.DjangoModelFactory]] = {}
        for app_config in apps.get_app_configs():
            if not app_config.name.startswith("continuum."):
                continue
            try:
                module = importlib.import_module(f"{app_config.name}.tests.factories")
            except ModuleNotFoundError:
                continue
            for value in vars(module).values():
                if not (
                    isinstance(value, type)
                    and issubclass(value, factory.django.DjangoModelFactory)
                    and value._meta.model is not None
                ):
                    continue
                model = value._meta.model
                if value.__name__ == f"{model.__name__}Factory" or model not in found:
                    found[model] = value
        _FACTORIES = found
    return _FACTORIES


def admin_object(model: type[models.Model], world: World):
    """An object of `model` for its administration pages: an existing one, else a new one."""

    def find_or_make():
        obj = model._default_manager.order_by("pk").first()
        if obj is None and model in model_factories():
            obj = model_factories()[model]()
        return obj

    return world.once(f"admin:{model._meta.label}", find_or_make)


def build_url(route: Route, world: World) -> str:
    kwargs: dict[str, Any] = {}
    if route.name in URL_KWARGS:
        kwargs = URL_KWARGS[route.name](world)
    for name in route.kwarg_names:
        if name in kwargs:
            continue
        if route.admin_model is not None and name in ADMIN_OBJECT_KWARGS:
            obj = admin_object(route.admin_model, world)
            # No object and no factory: a missing id, which the admin answers with a redirect.
            kwargs[name] = obj.pk if obj is not None else "999999999"
        elif name in KWARG_VALUES:
            kwargs[name] = KWARG_VALUES[name](world)
        else:
            pytest.fail(
                f"{route}: no value for the URL keyword argument {name!r}. Add it to "
                "KWARG_VALUES or URL_KWARGS in tests/test_access_walk.py."
            )
    return reverse(route.name, kwargs=kwargs) + URL_QUERY.get(route.name, "")


def admin_refuses(route: Route, world: World, url: str) -> bool:
    """Whether the model's own admin refuses this page to administrators (it answers 403)."""
    if route.admin_model is None:
        return False
    model_admin = admin.site._registry[route.admin_model]
    request = RequestFactory().get(url)
    request.user = world.users["administrator"]
    obj = admin_object(route.admin_model, world)
    action = route.name.rsplit("_", 1)[-1]
    if action == "add":
        return not model_admin.has_add_permission(request)
    # The admin asks before it looks for the object, so a missing object (None) is asked too.
    if action == "delete":
        return not model_admin.has_delete_permission(request, obj)
    if action == "change" or (action == "history" and obj is not None):
        return not model_admin.has_view_or_change_permission(request, obj)
    return False


def goes_to(response, url: str) -> bool:
    return response.status_code in (301, 302, 303, 307, 308) and response.get(
        "Location", ""
    ).startswith(url)


# --- the tests -------------------------------------------------------------------------------


def test_every_url_name_is_in_the_access_map():
    unmapped = sorted({r.name for r in ROUTES if rule_for(r.name) is None})
    assert not unmapped, "URL names missing from ACCESS_MAP: " + ", ".join(unmapped)


def test_every_url_outside_the_administration_site_has_a_name():
    """An unnamed URL cannot be mapped, so the middleware answers it with 404 for everyone."""
    unnamed = [r.route for r in walk() if r.name is None and not r.route.startswith("admin/")]
    assert not unnamed, "URL patterns without a name: " + ", ".join(unnamed)


def test_the_walk_covers_the_site():
    names = {r.name for r in ROUTES}
    assert {"core:home", "accounts:login", "accounts:dashboard", "admin:index"} <= names
    assert "admin:accounts_user_change" in names
    mapped_exactly = {name for name in ACCESS_MAP if "*" not in name}
    stale = sorted(mapped_exactly - names)
    assert not stale, "ACCESS_MAP names no URL has: " + ", ".join(stale)


def test_every_url_keyword_argument_has_a_value():
    missing = sorted(
        f"{route}: {name}"
        for route in ROUTES
        for name in route.kwarg_names
        if name not in KWARG_VALUES
        and name not in ADMIN_OBJECT_KWARGS | {"content_type_id"}
        and route.name not in URL_KWARGS
    )
    assert not missing, "Give these URL keyword arguments a value in the walk: " + "; ".join(
        missing
    )


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.is_admin], ids=lambda r: str(r))
def test_only_public_views_opt_out_of_sign_in(route):
    opted_out = getattr(route.callback, "login_required", True) is False
    is_public = rule_for(route.name) in (Access.PUBLIC, Access.API_OPERATION)
    if is_public:
        assert opted_out, f"{route} is PUBLIC in the map: decorate its view login_not_required"
    else:
        assert not opted_out, (
            f"{route} opts out of sign-in but the map says {rule_for(route.name)}: "
            "make it PUBLIC in the map or drop login_not_required"
        )


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """The users and objects, made once for the module inside a transaction rolled back at
    the end (as Django's `setUpTestData` does); each test runs in a savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = world_build()
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def shared_client() -> Client:
    """One test client for the module: a new client loads every middleware again."""
    return Client()


@pytest.fixture
def world(shared_world, db) -> World:
    # Objects made during one test are rolled back with it, so each test starts a new cache.
    return replace(shared_world, made={})


CASES = [(route, role) for route in ROUTES for role in ROLES]


@pytest.mark.parametrize(
    ("route", "role"), CASES, ids=[f"{route}-as-{role}" for route, role in CASES]
)
def test_access_agrees_with_the_map(route, role, world, shared_client):
    rule = rule_for(route.name)
    assert rule is not None, f"{route} is not in ACCESS_MAP"
    url = build_url(route, world)
    client = shared_client
    client.cookies.clear()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    status = response.status_code
    got = f"{route} ({url}) as {role}: got {status} {response.get('Location', '')}".strip()
    login_url = resolve_url(settings.LOGIN_URL)
    admin_login_url = reverse("admin:login")

    if rule is Access.API_OPERATION:
        # Called with its own method; a browser session does not authenticate an API call.
        operation = API_OPERATIONS[route.name]
        response = client.generic(operation.method, url, "{}", content_type="application/json")
        got = f"{operation.method} {url} ({route}) as {role}: got {response.status_code}"
        assert response.status_code == 401, got
        assert response.json()["detail"], got
        assert response["WWW-Authenticate"] == "Bearer", got
        return

    if rule is Access.PUBLIC or route.name in ADMIN_PUBLIC:
        if role in EXPECTED_NOT_FOUND.get(route.name, set()):
            assert status == 404, got
            return
        assert status in ALLOWED_STATUSES, got
        assert not goes_to(response, login_url), got
        assert not goes_to(response, admin_login_url), got
        return

    if route.is_admin:
        if role == "anonymous":
            # Site-wide pages send them to the administration sign-in; Django's model pages
            # carry no sign-in address of their own, so sign-in middleware sends them to ours.
            assert goes_to(response, admin_login_url) or goes_to(response, login_url), got
            assert "next=" in response["Location"], got
        elif role not in RIGHTS[rule]:
            # The admin sends signed-in non-administrators to its sign-in (sign-out: its index).
            assert goes_to(response, admin_login_url) or (
                route.name == "admin:logout" and goes_to(response, reverse("admin:index"))
            ), got
        elif admin_refuses(route, world, url):
            assert status == 403, got
        else:
            assert status in ALLOWED_STATUSES, got
            assert not goes_to(response, admin_login_url), got
        return

    if role == "anonymous":
        assert goes_to(response, login_url), got
        assert "next=" in response["Location"], got
    elif role not in RIGHTS[rule] or role in EXPECTED_NOT_FOUND.get(route.name, set()):
        assert status == 404, got
    else:
        assert status in ALLOWED_STATUSES, got
        assert not goes_to(response, login_url), got


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["/unmapped/", "/nameless/"])
@override_settings(ROOT_URLCONF="tests.urls_access_map")
def test_a_url_missing_from_the_map_is_not_found_for_everyone(path, role, world, shared_client):
    shared_client.cookies.clear()
    if world.users[role] is not None:
        shared_client.force_login(world.users[role])
    response = shared_client.get(path)
    assert response.status_code == 404
    assert "should never be shown" not in response.content.decode()
    # The same URLconf still serves mapped pages.
    assert shared_client.get(reverse("core:home")).status_code == 200
