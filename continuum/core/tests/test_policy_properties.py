"""Every declared access policy agrees with itself, for users of every role and every object.

Hypothesis draws a viewer (anonymous, a turned-off account, an account with no role, the
object's own requester, a verified or pending member of the object's agency or of another, a
provider, an expert, program staff, an administrator) and an object of every registered model
(of this agency, another agency or an unlisted one, in every status). For each pair:

- the one-object rule `view` and the queryset `visible_to` give the same answer;
- every named rule holds only where `view` does (except the rules the policy declares may);
- the viewer is an audience of the object's events exactly when they can view it.

A model that gets a policy must get a builder below, or the first test fails.
"""

from __future__ import annotations

from collections.abc import Callable
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
    ProviderMembershipFactory,
    UserFactory,
)
from continuum.activity.outbox.models import MessageState, OutboundMessage
from continuum.activity.tests.factories import OutboundMessageFactory
from continuum.agencies.models import Agency
from continuum.agencies.tests.factories import AgencyFactory
from continuum.api.models import ApiToken
from continuum.catalog.models import Program
from continuum.core.policy import Audience, registered_policies
from continuum.documents.models import Document, DocumentVersion
from continuum.engagements.models import Engagement
from continuum.intake.choices import MessageKind, RequestStatus
from continuum.intake.models import (
    AssistanceRequest,
    OnCallShift,
    RequestMessage,
    SavedQueueView,
)
from continuum.intake.tests.factories import AssistanceRequestFactory

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
    "expert",
    "program_staff",
    "program_staff_requester",
    "administrator",
)
AGENCY_KINDS = ("here", "elsewhere", "unlisted")


def _member(agency, *, verified: bool = True) -> User:
    factory = AgencyMembershipFactory if verified else PendingAgencyMembershipFactory
    return factory(agency=agency).user


def _viewer(kind: str, *, here, elsewhere) -> Any:
    if kind == "anonymous":
        return AnonymousUser()
    if kind in {"inactive", "inactive_requester"}:
        return UserFactory(is_active=False)
    if kind in {"no_role", "requester"}:
        return UserFactory()
    if kind == "member_here":
        return _member(here)
    if kind == "member_elsewhere":
        return _member(elsewhere)
    if kind == "pending_member_here":
        return _member(here, verified=False)
    if kind == "provider":
        return ProviderMembershipFactory().user
    if kind == "expert":
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


def _request(draw, *, viewer, viewer_kind, here, elsewhere) -> AssistanceRequest:
    status = draw(st.sampled_from(RequestStatus.values))
    agency_kind = draw(st.sampled_from(AGENCY_KINDS))
    owns = viewer_kind in {"requester", "inactive_requester", "program_staff_requester"}
    requester = viewer if owns else draw(st.sampled_from([None, "someone"]))
    if requester == "someone":
        requester = UserFactory()
    fields: dict[str, Any] = {
        "status": status,
        "requester": requester,
        "agency": {"here": here, "elsewhere": elsewhere, "unlisted": None}[agency_kind],
    }
    if agency_kind == "unlisted":
        fields["unlisted_agency_name"] = "Unlisted Town Police Department"
    if status != RequestStatus.DRAFT:
        fields["tracking_number"] = f"CRI-2098-{next(_numbers):05d}"
    return AssistanceRequestFactory(**fields)


def _message(draw, **context) -> RequestMessage:
    ar = _request(draw, **context)
    return RequestMessage.objects.create(
        assistance_request=ar, from_staff=True, kind=MessageKind.MESSAGE, body="Hello."
    )


def _engagement(draw, **context) -> Engagement:
    ar = _request(draw, **context)
    program = Program.objects.order_by("pk").first()
    return Engagement.objects.create(agency=ar.agency, assistance_request=ar, program=program)


_VISIBILITIES = (1, 3, 5, 7, 15)  # staff only, team, agency and staff, team and agency, public


def _document(draw, **context) -> Document:
    """A document on a request or on one of its messages, with any visibility."""
    target = draw(st.sampled_from([_request, _message]))(draw, **context)
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


def _version(draw, **context) -> DocumentVersion:
    return _document(draw, **context).versions.get()


def _token(draw, *, viewer, viewer_kind, here, elsewhere) -> ApiToken:
    owner = viewer if getattr(viewer, "pk", None) and draw(st.booleans()) else UserFactory()
    revoked = draw(st.booleans())
    return ApiToken.objects.create(
        user=owner,
        name="Integration",
        key_prefix="cnt_x",
        key_hash=f"{next(_numbers):064d}",
        revoked_at=timezone.now() if revoked else None,
    )


def _agency(draw, *, viewer, viewer_kind, here, elsewhere) -> Agency:
    return draw(st.sampled_from([here, elsewhere]))


def _outbound(draw, *, viewer, viewer_kind, here, elsewhere) -> OutboundMessage:
    return OutboundMessageFactory(status=draw(st.sampled_from(MessageState.values)))


def _membership(draw, *, viewer, viewer_kind, here, elsewhere) -> AgencyMembership:
    status = draw(st.sampled_from(MembershipStatus.values))
    has_live = viewer_kind in {"member_here", "member_elsewhere", "pending_member_here"}
    own = getattr(viewer, "pk", None) and draw(st.booleans())
    if own and has_live and status in LIVE_MEMBERSHIP_STATES:
        status = MembershipStatus.ENDED  # a person has one live membership at most
    return AgencyMembershipFactory(
        user=viewer if own else UserFactory(),
        agency=draw(st.sampled_from([here, elsewhere])),
        status=status,
        refusal_reason="Not the agency's." if status == MembershipStatus.REFUSED else "",
    )


def _saved_view(draw, *, viewer, viewer_kind, here, elsewhere) -> SavedQueueView:
    owner = viewer if getattr(viewer, "pk", None) and draw(st.booleans()) else ProgramStaffFactory()
    return SavedQueueView.objects.create(
        owner=owner, name=f"View {next(_numbers)}", query="status=open"
    )


def _on_call(draw, *, viewer, viewer_kind, here, elsewhere) -> OnCallShift:
    today = timezone.localdate()
    return OnCallShift.objects.create(staff=ProgramStaffFactory(), starts_on=today, ends_on=today)


BUILDERS: dict[type, Callable[..., Any]] = {
    AgencyMembership: _membership,
    SavedQueueView: _saved_view,
    OnCallShift: _on_call,
    OutboundMessage: _outbound,
    Agency: _agency,
    ApiToken: _token,
    AssistanceRequest: _request,
    RequestMessage: _message,
    Engagement: _engagement,
    Document: _document,
    DocumentVersion: _version,
}


def test_every_policy_has_a_builder_here():
    missing = sorted(m.__name__ for m in registered_policies() if m not in BUILDERS)
    assert not missing, f"Add a builder for {missing} to this property test."


class PolicyAgreesWithItself(TestCase):
    @settings(
        max_examples=250,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(data=st.data())
    def test_predicate_queryset_rules_and_audiences_agree(self, data):
        here, elsewhere = AgencyFactory(), AgencyFactory()
        viewer_kind = data.draw(st.sampled_from(VIEWER_KINDS), label="viewer")
        model = data.draw(st.sampled_from(sorted(BUILDERS, key=lambda m: m.__name__)))
        viewer = _viewer(viewer_kind, here=here, elsewhere=elsewhere)
        obj = BUILDERS[model](
            data.draw, viewer=viewer, viewer_kind=viewer_kind, here=here, elsewhere=elsewhere
        )
        policy = registered_policies()[model]
        obj = model._default_manager.get(pk=obj.pk)
        viewer = _fresh(viewer)

        sees = policy.view(viewer, obj)
        listed = policy.queryset(viewer).filter(pk=obj.pk).exists()
        assert sees == listed, (viewer_kind, model.__name__, sees, listed)

        for rule in policy.rules:
            if rule not in policy.rules_without_view and policy.allows(rule, viewer, obj):
                assert sees, f"{model.__name__}.{rule} holds for {viewer_kind} without view"

        audience = policy.audience_of(viewer, obj)
        assert bool(audience) == sees
        if sees and viewer_kind in {"program_staff", "administrator"}:
            assert audience == Audience.everyone()
        if viewer_kind in {"anonymous", "inactive", "inactive_requester"}:
            assert not sees or model is Agency
