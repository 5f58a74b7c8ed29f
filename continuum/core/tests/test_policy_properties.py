"""Every declared access policy agrees with itself, for users of every role and every object.

Hypothesis draws a viewer (anonymous, a turned-off account, an account with no role, the
object's own requester, a verified or pending member of the object's agency or of another,
provider staff or a coordinator of the engagement's organization or of another, an expert on
the object's engagement team in each role, one who left it, one on another engagement's team,
the expert who owns the profile, program staff, an administrator) and an object of every
registered model (of this agency, another agency or an unlisted one, in every status; an
engagement in every status, with or without a provider). For each pair:

- the one-object rule `view` and the queryset `visible_to` give the same answer;
- every named rule holds only where `view` does (except the rules the policy declares may);
- the viewer is an audience of the object's events exactly when they can view it;
- and, for what is inside an engagement: nobody without a tie to it (an expert not on the team
  or who left it, another organization's staff, a pending member) sees any of it; and no
  team-only or staff-only document (on any attachment target) reaches the agency side.

A model that gets a policy must get a builder below, or the first test fails.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from continuum.accounts.models import (
    LIVE_MEMBERSHIP_STATES,
    AgencyMembership,
    MembershipStatus,
    User,
)
from continuum.accounts.tests.factories import (
    AdministratorFactory,
    AgencyMembershipFactory,
    ExpertFactory,
    PendingAgencyMembershipFactory,
    ProgramStaffFactory,
    ProviderCoordinatorFactory,
    ProviderMembershipFactory,
    UserFactory,
)
from continuum.activity.outbox.models import MessageState, OutboundMessage
from continuum.activity.tests.factories import OutboundMessageFactory
from continuum.agencies.models import Agency, State
from continuum.agencies.tests.factories import AgencyFactory
from continuum.api.models import ApiToken
from continuum.audits.choices import RunStatus
from continuum.audits.models import AuditRun
from continuum.catalog.models import Program, ProviderOrganization, Service, Topic
from continuum.catalog.tests.factories import ProviderOrganizationFactory
from continuum.core.policy import Audience, registered_policies
from continuum.documents.models import Document, DocumentVersion
from continuum.documents.targets import targets
from continuum.engagements.choices import (
    ENDED_ENGAGEMENT_STATUSES,
    ActivityKind,
    DeliverableKind,
    DeliverableStatus,
    DeliveryMode,
    Effectiveness,
    EngagementStatus,
    MeetingKind,
    TeamRole,
)
from continuum.engagements.models import (
    Activity,
    Agreement,
    CalendarFeed,
    Deliverable,
    Engagement,
    Evaluation,
    FollowOn,
    Meeting,
    Milestone,
    TeamMember,
)
from continuum.intake.choices import MessageKind, RequestStatus
from continuum.intake.models import (
    AssistanceRequest,
    OnCallShift,
    RequestMessage,
    SavedQueueView,
)
from continuum.intake.tests.factories import AssistanceRequestFactory
from continuum.providers.choices import (
    AvailabilityKind,
    ExpertiseLevel,
    RankLevel,
    VettingStatus,
)
from continuum.providers.models import (
    AvailabilityWindow,
    ConflictDeclaration,
    Expertise,
    ExpertProfile,
    Position,
)
from continuum.recommendations.models import (
    Category,
    ComplianceMeasure,
    Dependency,
    ExternalBlocker,
    Finding,
    ImplementationEvidence,
    ImplementationReport,
    Recommendation,
    RegisterImport,
    ScaleValue,
    StatusScale,
)
from continuum.reporting.models import DashboardSnapshot, ProgressReport, PublicListing, ReportDue

#: Viewers who hold a team role on the object's engagement (the role, live).
TEAM_KINDS = {
    "team_lead_expert": TeamRole.LEAD_EXPERT,
    "team_expert": TeamRole.EXPERT,
    "team_provider_coordinator": TeamRole.PROVIDER_COORDINATOR,
    "team_agency_contact": TeamRole.AGENCY_CONTACT,
    "team_program_manager": TeamRole.PROGRAM_MANAGER,
}
VIEWER_KINDS = (
    "anonymous",
    "inactive",
    "no_role",
    "requester",
    "inactive_requester",
    "member_here",
    "member_elsewhere",
    "pending_member_here",
    "provider",
    "provider_staff_of_org",
    "provider_coordinator_of_org",
    "provider_coordinator_elsewhere",
    "expert",
    *TEAM_KINDS,
    "team_left",
    "team_elsewhere",
    "profile_owner",
    "program_staff",
    "program_staff_requester",
    "administrator",
)
#: Viewers with no tie to any engagement drawn here: they must see nothing inside one.
UNTIED_KINDS = frozenset(
    {
        "anonymous",
        "inactive",
        "inactive_requester",
        "no_role",
        "pending_member_here",
        "provider",
        "expert",
        "team_left",
        "team_elsewhere",
        "profile_owner",
    }
)
#: Viewers who are only ever the agency side of what they see.
AGENCY_SIDE_KINDS = frozenset(
    {"requester", "member_here", "member_elsewhere", "team_agency_contact"}
)
AGENCY_KINDS = ("here", "elsewhere", "unlisted")
#: Who asked for the assistance (an account, or nobody: a request made without one).
REQUESTER_KINDS = (
    "nobody",
    "someone",
    "requester",
    "inactive_requester",
    "program_staff_requester",
)
#: The engagement's provider organization: the viewer-side `org`, another one, or none yet.
PROVIDER_KINDS = ("org", "other_org", "none")


#: Who may own or be named on an object: a viewer of each kind of tie, or someone else.
OWNER_KINDS = (
    "someone",
    "no_role",
    "inactive",
    "member_here",
    "pending_member_here",
    "provider_coordinator_of_org",
    "profile_owner",
    "team_expert",
    "program_staff",
    "administrator",
)


@dataclass(frozen=True)
class World:
    """One example's cast: every kind of viewer, and the agencies and provider organizations
    the objects belong to. Each object is checked against every viewer."""

    viewers: dict[str, Any]
    here: Agency
    elsewhere: Agency
    org: ProviderOrganization
    other_org: ProviderOrganization

    def owner(self, draw, label: str, kinds=OWNER_KINDS, *, someone=UserFactory) -> User:
        kind = draw(st.sampled_from(kinds), label=label)
        return someone() if kind == "someone" else self.viewers[kind]


def _member(agency, *, verified: bool = True) -> User:
    factory = AgencyMembershipFactory if verified else PendingAgencyMembershipFactory
    return factory(agency=agency).user


def _viewer(kind: str, *, here, elsewhere, org, other_org) -> Any:
    if kind == "anonymous":
        return AnonymousUser()
    if kind in {"inactive", "inactive_requester"}:
        return UserFactory(is_active=False)
    if kind in {"no_role", "requester", "team_agency_contact", "team_program_manager"}:
        return UserFactory()
    if kind == "member_here":
        return _member(here)
    if kind == "member_elsewhere":
        return _member(elsewhere)
    if kind == "pending_member_here":
        return _member(here, verified=False)
    if kind == "provider":
        return ProviderMembershipFactory().user
    if kind == "provider_staff_of_org":
        return ProviderMembershipFactory(organization=org).user
    if kind == "provider_coordinator_of_org":
        return ProviderCoordinatorFactory(organization=org).user
    if kind in {"provider_coordinator_elsewhere", "team_provider_coordinator"}:
        # On the team as coordinator but of another organization: the team row is their tie.
        return ProviderCoordinatorFactory().user
    if kind in {
        "expert",
        "team_lead_expert",
        "team_expert",
        "team_left",
        "team_elsewhere",
        "profile_owner",
    }:
        return ExpertFactory()
    if kind in {"program_staff", "program_staff_requester"}:
        return ProgramStaffFactory()
    if kind == "administrator":
        return AdministratorFactory()
    raise AssertionError(kind)


def _fresh(user):
    """The viewer as a request would load it (memberships not cached from the set-up)."""
    if not getattr(user, "pk", None):
        return user
    return User.objects.get(pk=user.pk)


_numbers = iter(range(10**6))


# --- intake, documents, accounts ------------------------------------------------------------


def _request(draw, w: World, *, status: str | None = None) -> AssistanceRequest:
    status = status or draw(st.sampled_from(RequestStatus.values))
    agency_kind = draw(st.sampled_from(AGENCY_KINDS))
    requester_kind = draw(st.sampled_from(REQUESTER_KINDS), label="requester")
    requester = None if requester_kind == "nobody" else w.owner(draw, "", (requester_kind,))
    fields: dict[str, Any] = {
        "status": status,
        "requester": requester,
        "agency": {"here": w.here, "elsewhere": w.elsewhere, "unlisted": None}[agency_kind],
    }
    if agency_kind == "unlisted":
        fields["unlisted_agency_name"] = "Unlisted Town Police Department"
    if status != RequestStatus.DRAFT:
        fields["tracking_number"] = f"CRI-2098-{next(_numbers):05d}"
    return AssistanceRequestFactory(**fields)


def _message(draw, w: World) -> RequestMessage:
    ar = _request(draw, w)
    return RequestMessage.objects.create(
        assistance_request=ar, from_staff=True, kind=MessageKind.MESSAGE, body="Hello."
    )


_VISIBILITIES = (1, 3, 5, 7, 15)  # staff only, team, agency and staff, team and agency, public


def _document(draw, w: World) -> Document:
    """A document, with any visibility, on an object of any model documents attach to (every
    registered attachment target: requests and messages, and whatever the engagements add)."""
    models = sorted((t.model for t in targets()), key=lambda m: m.__name__)
    target = BUILDERS[draw(st.sampled_from(models), label="attached to")](draw, w)
    document = Document.objects.create(
        target=target,
        name="Use-of-force policy",
        kind="policy",
        visibility=draw(st.sampled_from(_VISIBILITIES)),
    )
    DocumentVersion.objects.create(
        document=document,
        number=1,
        file="documents/2098/01/x.pdf",
        original_name="policy.pdf",
        size=10,
        content_type="application/pdf",
        extension="pdf",
        sha256="0" * 64,
    )
    return document


def _version(draw, w: World) -> DocumentVersion:
    return _document(draw, w).versions.get()


def _token(draw, w: World) -> ApiToken:
    owner = w.owner(draw, "token owner")
    revoked = draw(st.booleans())
    return ApiToken.objects.create(
        user=owner,
        name="Integration",
        key_prefix="cnt_x",
        key_hash=f"{next(_numbers):064d}",
        revoked_at=timezone.now() if revoked else None,
    )


def _agency(draw, w: World) -> Agency:
    return draw(st.sampled_from([w.here, w.elsewhere]))


def _outbound(draw, w: World) -> OutboundMessage:
    return OutboundMessageFactory(status=draw(st.sampled_from(MessageState.values)))


def _membership(draw, w: World) -> AgencyMembership:
    status = draw(st.sampled_from(MembershipStatus.values))
    owner_kind = draw(st.sampled_from(OWNER_KINDS), label="membership of")
    has_live = owner_kind in {"member_here", "member_elsewhere", "pending_member_here"}
    if has_live and status in LIVE_MEMBERSHIP_STATES:
        status = MembershipStatus.ENDED  # a person has one live membership at most
    return AgencyMembershipFactory(
        user=w.owner(draw, "", (owner_kind,)),
        agency=draw(st.sampled_from([w.here, w.elsewhere])),
        status=status,
        refusal_reason="Not the agency's." if status == MembershipStatus.REFUSED else "",
    )


def _saved_view(draw, w: World) -> SavedQueueView:
    owner = w.owner(draw, "view owner", someone=ProgramStaffFactory)
    return SavedQueueView.objects.create(
        owner=owner, name=f"View {next(_numbers)}", query="status=open"
    )


def _on_call(draw, w: World) -> OnCallShift:
    today = timezone.localdate()
    return OnCallShift.objects.create(staff=ProgramStaffFactory(), starts_on=today, ends_on=today)


# --- engagements ----------------------------------------------------------------------------


def _engagement(draw, w: World) -> Engagement:
    """An engagement in any status, of any agency, with or without a provider; the viewer is
    put on its team when their kind says so (or on another engagement's, or left it)."""
    ar = _request(draw, w, status=RequestStatus.ACCEPTED)
    status = draw(st.sampled_from(EngagementStatus.values), label="engagement status")
    provider_kind = draw(st.sampled_from(PROVIDER_KINDS), label="engagement provider")
    engagement = Engagement.objects.create(
        agency=ar.agency,
        assistance_request=ar,
        program=Program.objects.order_by("pk").first(),
        provider={"org": w.org, "other_org": w.other_org, "none": None}[provider_kind],
        status=status,
        end_reason="Ended." if status in ENDED_ENGAGEMENT_STATUSES else "",
        closed_at=timezone.now() if status in ENDED_ENGAGEMENT_STATUSES else None,
    )
    if draw(st.booleans(), label="someone else on the team"):
        TeamMember.objects.create(engagement=engagement, user=ExpertFactory(), role=TeamRole.EXPERT)
    for kind, role in TEAM_KINDS.items():
        TeamMember.objects.create(engagement=engagement, user=w.viewers[kind], role=role)
    TeamMember.objects.create(
        engagement=engagement,
        user=w.viewers["team_left"],
        role=draw(st.sampled_from(TeamRole.values), label="role left"),
        left_at=timezone.now(),
    )
    if draw(st.booleans(), label="team_elsewhere on another engagement"):
        other = Engagement.objects.create(
            agency=w.here,
            assistance_request=AssistanceRequestFactory(
                status=RequestStatus.ACCEPTED,
                agency=w.here,
                tracking_number=f"CRI-2098-{next(_numbers):05d}",
            ),
            program=engagement.program,
            provider=engagement.provider,
        )
        TeamMember.objects.create(
            engagement=other, user=w.viewers["team_elsewhere"], role=TeamRole.LEAD_EXPERT
        )
    return engagement


def _team_member(draw, w: World) -> TeamMember:
    engagement = _engagement(draw, w)
    if draw(st.booleans(), label="a viewer's own row"):
        return draw(st.sampled_from(list(engagement.team.order_by("pk"))), label="row")
    return TeamMember.objects.create(
        engagement=engagement,
        user=UserFactory(),
        role=draw(st.sampled_from([TeamRole.EXPERT, TeamRole.AGENCY_CONTACT])),
        left_at=timezone.now() if draw(st.booleans(), label="row left") else None,
    )


def _agreement(draw, w: World) -> Agreement:
    engagement = _engagement(draw, w)
    accepted = draw(st.booleans(), label="accepted")
    signer = w.owner(draw, "signer")
    return Agreement.objects.create(
        engagement=engagement,
        terms="The agency asks for this assistance voluntarily and may withdraw at any time.",
        point_of_contact=signer if draw(st.booleans(), label="viewer is contact") else None,
        accepted_by=signer if accepted else None,
        accepted_name="Pat Chief" if accepted else "",
        accepted_at=timezone.now() if accepted else None,
    )


def _milestone(draw, w: World) -> Milestone:
    engagement = _engagement(draw, w)
    return Milestone.objects.create(
        engagement=engagement,
        title="Policy review",
        owner=w.owner(draw, "milestone owner"),
        due_on=datetime.date(2026, 12, 15),
        completed_on=draw(st.sampled_from([None, datetime.date(2026, 12, 1)])),
    )


def _activity(draw, w: World) -> Activity:
    engagement = _engagement(draw, w)
    return Activity.objects.create(
        engagement=engagement,
        kind=draw(st.sampled_from(ActivityKind.values)),
        occurred_on=datetime.date(2026, 11, 20),
        hours=Decimal("6.50"),
        travel_cost=Decimal("812.40"),
        delivery_mode=DeliveryMode.IN_PERSON,
        participants=14,
        logged_by=w.owner(draw, "logged by"),
        peer_agency=draw(st.sampled_from([None, w.here, w.elsewhere]), label="peer agency"),
    )


def _meeting(draw, w: World) -> Meeting:
    engagement = _engagement(draw, w)
    starts = timezone.make_aware(datetime.datetime(2026, 12, 10, 14, 0))
    meeting = Meeting.objects.create(
        engagement=engagement,
        kind=draw(st.sampled_from(MeetingKind.values)),
        title="Kick-off",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        place="Headquarters",
        cancelled_at=timezone.now() if draw(st.booleans(), label="cancelled") else None,
    )
    meeting.attendees.add(w.owner(draw, "attendee"))
    return meeting


def _calendar_feed(draw, w: World) -> CalendarFeed:
    owner = w.owner(draw, "feed owner")
    return CalendarFeed.objects.create(
        user=owner,
        secret_hash=f"{next(_numbers):064d}",
        revoked_at=timezone.now() if draw(st.booleans(), label="revoked") else None,
    )


def _deliverable(draw, w: World) -> Deliverable:
    engagement = _engagement(draw, w)
    status = draw(st.sampled_from(DeliverableStatus.values), label="deliverable status")
    return Deliverable.objects.create(
        engagement=engagement,
        title="Use-of-force policy review",
        kind=DeliverableKind.REPORT,
        status=status,
        published_at=timezone.now() if status == DeliverableStatus.PUBLISHED else None,
    )


def _follow_on(draw, w: World) -> FollowOn:
    engagement = _engagement(draw, w)
    deeper = Program.objects.order_by("-order").first()
    request = AssistanceRequestFactory(
        agency=engagement.agency,
        unlisted_agency_name="" if engagement.agency_id else "Unlisted Town Police Department",
        status=RequestStatus.SUBMITTED,
        tracking_number=f"CRI-2098-{next(_numbers):05d}",
    )
    return FollowOn.objects.create(
        engagement=engagement, assistance_request=request, program=deeper, reason="Deeper."
    )


def _evaluation(draw, w: World) -> Evaluation:
    engagement = _engagement(draw, w)
    completed = draw(st.booleans(), label="completed")
    return Evaluation.objects.create(
        engagement=engagement,
        token_hash=f"{next(_numbers):064d}",
        sent_to="chief@example.gov",
        completed_at=timezone.now() if completed else None,
        effectiveness=Effectiveness.EFFECTIVE if completed else "",
        satisfaction=5 if completed else None,
    )


def _audit_run(draw, w: World) -> AuditRun:
    """A bias-audit run of an engagement's team-only stop file, in any status."""
    engagement = _engagement(draw, w)
    stops = Document.objects.create(
        target=engagement,
        name="stops.csv",
        kind="data",
        visibility=int(Audience.STAFF | Audience.PROVIDER),
    )
    return AuditRun.objects.create(
        engagement=engagement,
        document=stops,
        status=draw(st.sampled_from(RunStatus.values), label="run status"),
        requested_by=w.owner(draw, "requested by"),
    )


# --- experts --------------------------------------------------------------------------------


def _profile(draw, w: World) -> ExpertProfile:
    """An expert's profile: the viewer's own (always for `profile_owner`), or someone else's."""
    vetting = draw(st.sampled_from(VettingStatus.values), label="vetting")
    return ExpertProfile.objects.create(
        user=w.owner(draw, "profile of", someone=ExpertFactory),
        organization=draw(st.sampled_from([None, w.org, w.other_org]), label="expert's org"),
        vetting_status=vetting,
        vetted_on=datetime.date(2026, 1, 15) if vetting == VettingStatus.VETTED else None,
        is_active=draw(st.booleans(), label="taking engagements"),
    )


def _expertise(draw, w: World) -> Expertise:
    profile = _profile(draw, w)
    if draw(st.booleans(), label="service or topic"):
        return Expertise.objects.create(
            expert=profile,
            service=Service.objects.order_by("pk").first(),
            level=ExpertiseLevel.LEADING,
        )
    topic = Topic.objects.order_by("pk").first() or Topic.objects.create(slug="t", name="T")
    return Expertise.objects.create(expert=profile, topic=topic, level=ExpertiseLevel.WORKING)


def _position(draw, w: World) -> Position:
    profile = _profile(draw, w)
    return Position.objects.create(
        expert=profile,
        title="Chief of Police",
        rank_level=RankLevel.CHIEF_EXECUTIVE,
        agency=draw(st.sampled_from([None, w.here, w.elsewhere]), label="position agency"),
        organization_name="Example City Police Department",
        start_year=2010,
        end_year=draw(st.sampled_from([None, 2020])),
    )


def _availability(draw, w: World) -> AvailabilityWindow:
    profile = _profile(draw, w)
    return AvailabilityWindow.objects.create(
        expert=profile,
        kind=draw(st.sampled_from(AvailabilityKind.values)),
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 3, 31),
    )


def _conflict(draw, w: World) -> ConflictDeclaration:
    profile = _profile(draw, w)
    if draw(st.booleans(), label="agency or state"):
        return ConflictDeclaration.objects.create(
            expert=profile, agency=draw(st.sampled_from([w.here, w.elsewhere])), reason="Worked."
        )
    state = State.objects.order_by("pk").first() or w.here.state
    return ConflictDeclaration.objects.create(expert=profile, state=state, reason="Home state.")


def _category(draw, w: World) -> Category:
    return Category.objects.create(
        engagement=_engagement(draw, w), number=1, name="Use of Force", first_finding=1
    )


def _finding(draw, w: World) -> Finding:
    engagement = _engagement(draw, w)
    category = (
        Category.objects.create(engagement=engagement, number=1, name="Bias")
        if draw(st.booleans(), label="finding in a category")
        else None
    )
    return Finding.objects.create(
        engagement=engagement, category=category, number=24, statement="Stops are not analyzed."
    )


def _recommendation(draw, w: World) -> Recommendation:
    finding = Finding.objects.create(engagement=_engagement(draw, w), number=66)
    return Recommendation.objects.create(
        engagement=finding.engagement,
        finding=finding,
        number=draw(st.sampled_from([0, 1]), label="recommendation number"),
        text="Publish the stop data quarterly.",
    )


def _measure(draw, w: World) -> ComplianceMeasure:
    rec = _recommendation(draw, w)
    return ComplianceMeasure.objects.create(
        engagement=rec.engagement, recommendation=rec, text="Four quarterly releases."
    )


def _dependency(draw, w: World) -> Dependency:
    rec = _recommendation(draw, w)
    other = Recommendation.objects.create(
        engagement=rec.engagement, finding=rec.finding, number=rec.number + 1
    )
    return Dependency.objects.create(engagement=rec.engagement, blocker=other, blocked=rec)


def _external_blocker(draw, w: World) -> ExternalBlocker:
    rec = _recommendation(draw, w)
    return ExternalBlocker.objects.create(
        engagement=rec.engagement,
        recommendation=rec,
        party_kind="city_council",
        party_name="Board of Supervisors",
        since=datetime.date(2026, 1, 5),
        cleared_on=draw(st.sampled_from([None, datetime.date(2026, 6, 1)]), label="cleared"),
    )


def _status_scale(draw, w: World) -> StatusScale:
    if draw(st.booleans(), label="a preset scale"):
        return StatusScale.objects.filter(engagement=None).order_by("pk").first()
    scale = StatusScale.objects.create(engagement=_engagement(draw, w), key="progress", name="P")
    ScaleValue.objects.create(scale=scale, key="done", label="Done", counts_as_done=True)
    return scale


def _register_import(draw, w: World) -> RegisterImport:
    return RegisterImport.objects.create(
        engagement=_engagement(draw, w),
        owner=w.owner(draw, "import owner"),
        file_name="register.csv",
        headers=["rec_id"],
        rows=[["1.1"]],
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )


def _implementation_report(draw, w: World) -> ImplementationReport:
    rec = _recommendation(draw, w)
    scale = StatusScale.objects.create(engagement=rec.engagement, key="progress", name="P")
    value = ScaleValue.objects.create(scale=scale, key="done", label="Done", counts_as_done=True)
    return ImplementationReport.objects.create(
        engagement=rec.engagement,
        recommendation=rec,
        scale=scale,
        proposed_value=value,
        narrative="The board met monthly.",
        state=draw(st.sampled_from(["submitted", "returned", "accepted"]), label="report state"),
        submitted_by=w.owner(draw, "reported by"),
        submitted_at=timezone.now(),
    )


def _implementation_evidence(draw, w: World) -> ImplementationEvidence:
    report = _implementation_report(draw, w)
    document = Document.objects.create(
        target=report.recommendation, name="Minutes", kind="other", visibility=7
    )
    return ImplementationEvidence.objects.create(
        engagement=report.engagement, report=report, document=document
    )


def _listed_engagement(draw, w: World) -> Engagement:
    """An engagement, listed on the public portal or not (or never)."""
    engagement = _engagement(draw, w)
    listing = draw(st.sampled_from(["listed", "unlisted", "none"]), label="public listing")
    if listing != "none":
        PublicListing.objects.create(
            engagement=engagement,
            slug=f"e-{engagement.pk}",
            title="Organizational assessment",
            agency_name="Anytown Police Department",
            program_name="Organizational Assessment",
            program_slug="organizational-assessment",
            listed_at=timezone.now() if listing == "listed" else None,
        )
    return engagement


def _public_listing(draw, w: World) -> PublicListing:
    engagement = _engagement(draw, w)
    return PublicListing.objects.create(
        engagement=engagement,
        slug=f"e-{engagement.pk}",
        title="Organizational assessment",
        agency_name="Anytown Police Department",
        program_name="Organizational Assessment",
        program_slug="organizational-assessment",
        listed_at=draw(st.sampled_from([None, timezone.now()]), label="listed"),
    )


def _report_due(draw, w: World) -> ReportDue:
    return ReportDue.objects.create(
        engagement=_listed_engagement(draw, w), due_on=datetime.date(2026, 6, 30)
    )


def _progress_report(draw, w: World) -> ProgressReport:
    published = draw(st.booleans(), label="published")
    return ProgressReport.objects.create(
        engagement=_listed_engagement(draw, w),
        number=1,
        title="Progress report 1",
        as_of=datetime.date(2026, 6, 30),
        state="published" if published else "draft",
        published_at=timezone.now() if published else None,
        created_by=UserFactory(),
    )


def _dashboard(draw, w: World) -> DashboardSnapshot:
    return DashboardSnapshot.objects.create(
        as_of=datetime.date(2026, 6, 30),
        published_at=draw(st.sampled_from([None, timezone.now()]), label="published"),
    )


def _public(obj: Any) -> bool:
    """Whether `obj` is published to everyone (the public portal's rows)."""
    if isinstance(obj, DashboardSnapshot):
        return obj.published_at is not None
    listing = PublicListing.objects.filter(engagement_id=obj.engagement_id).first()
    listed = listing is not None and listing.listed_at is not None
    if isinstance(obj, ProgressReport):
        return listed and obj.state == "published"
    return listed


BUILDERS: dict[type, Callable[..., Any]] = {
    AgencyMembership: _membership,
    SavedQueueView: _saved_view,
    OnCallShift: _on_call,
    OutboundMessage: _outbound,
    Agency: _agency,
    ApiToken: _token,
    AssistanceRequest: _request,
    RequestMessage: _message,
    Document: _document,
    DocumentVersion: _version,
    Engagement: _engagement,
    TeamMember: _team_member,
    Agreement: _agreement,
    Milestone: _milestone,
    Activity: _activity,
    Meeting: _meeting,
    CalendarFeed: _calendar_feed,
    Deliverable: _deliverable,
    FollowOn: _follow_on,
    Evaluation: _evaluation,
    AuditRun: _audit_run,
    ExpertProfile: _profile,
    Expertise: _expertise,
    Position: _position,
    AvailabilityWindow: _availability,
    ConflictDeclaration: _conflict,
    Category: _category,
    Finding: _finding,
    Recommendation: _recommendation,
    ComplianceMeasure: _measure,
    Dependency: _dependency,
    ExternalBlocker: _external_blocker,
    StatusScale: _status_scale,
    RegisterImport: _register_import,
    ImplementationReport: _implementation_report,
    ImplementationEvidence: _implementation_evidence,
    PublicListing: _public_listing,
    ReportDue: _report_due,
    ProgressReport: _progress_report,
    DashboardSnapshot: _dashboard,
}
#: Models the public sees once published (and only then).
PUBLISHED_MODELS = frozenset({PublicListing, ReportDue, ProgressReport, DashboardSnapshot})
#: Models seen through an engagement: nobody without a tie to the engagement sees them.
INSIDE_ENGAGEMENTS = frozenset(
    {Engagement, TeamMember, Agreement, Milestone, Activity, Meeting, Deliverable, FollowOn}
    | {Evaluation, AuditRun}
    | {Category, Finding, Recommendation, ComplianceMeasure, Dependency, ExternalBlocker}
    | {RegisterImport, ImplementationReport, ImplementationEvidence}
)


def test_every_policy_has_a_builder_here():
    missing = sorted(m.__name__ for m in registered_policies() if m not in BUILDERS)
    assert not missing, f"Add a builder for {missing} to this property test."


def _check(kind: str, viewer: Any, model: type, obj: Any) -> None:
    policy = registered_policies()[model]
    sees = policy.view(viewer, obj)
    listed = policy.queryset(viewer).filter(pk=obj.pk).exists()
    assert sees == listed, (kind, model.__name__, sees, listed)

    for rule in policy.rules:
        if rule not in policy.rules_without_view and policy.allows(rule, viewer, obj):
            assert sees, f"{model.__name__}.{rule} holds for {kind} without view"

    audience = policy.audience_of(viewer, obj)
    assert bool(audience) == sees, (kind, model.__name__, sees, audience)
    if sees and kind in {"program_staff", "administrator"}:
        assert audience == Audience.everyone(), (kind, model.__name__, audience)
    if model in PUBLISHED_MODELS:
        if _public(obj):
            assert sees, f"{kind} does not see a published {model.__name__}"
        elif kind in {"anonymous", "inactive", "inactive_requester"} | UNTIED_KINDS:
            assert not sees, f"{kind} sees an unpublished {model.__name__}"
    elif kind in {"anonymous", "inactive", "inactive_requester"}:
        assert not sees or model is Agency, (kind, model.__name__)
    if kind in UNTIED_KINDS and model in INSIDE_ENGAGEMENTS:
        assert not sees, f"{kind} sees a {model.__name__} without a tie to its engagement"
    if model is Document and not obj.visibility & (Audience.AGENCY | Audience.PUBLIC):
        # Team-only and staff-only documents never reach the agency side (or the public).
        assert not (sees and kind in AGENCY_SIDE_KINDS), (kind, obj.visibility)


class PolicyAgreesWithItself(TestCase):
    @settings(
        max_examples=150,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(data=st.data())
    def test_predicate_queryset_rules_and_audiences_agree(self, data):
        here, elsewhere = AgencyFactory(), AgencyFactory()
        org, other_org = ProviderOrganizationFactory(), ProviderOrganizationFactory()
        viewers = {
            kind: _viewer(kind, here=here, elsewhere=elsewhere, org=org, other_org=other_org)
            for kind in VIEWER_KINDS
        }
        world = World(viewers, here, elsewhere, org, other_org)
        model = data.draw(st.sampled_from(sorted(BUILDERS, key=lambda m: m.__name__)))
        obj = BUILDERS[model](data.draw, world)
        obj = model._default_manager.get(pk=obj.pk)
        for kind, viewer in viewers.items():
            _check(kind, _fresh(viewer), model, obj)
