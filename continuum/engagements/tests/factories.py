"""Factories for engagements and what is in them.

`EngagementFactory` writes an engagement row for a submitted request (no events, no workflow):
for access and list tests. Journeys that need the real path accept a request through intake.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from continuum.accounts.tests.factories import UserFactory
from continuum.catalog.models import Program
from continuum.engagements.choices import (
    ActivityKind,
    DeliverableKind,
    DeliveryMode,
    MeetingKind,
    TeamRole,
)
from continuum.engagements.models import (
    Activity,
    Agreement,
    Deliverable,
    Engagement,
    Meeting,
    Milestone,
    TeamMember,
)
from continuum.engagements.services.workload import expert_workload_recount
from continuum.intake.tests.factories import RawSubmittedRequestFactory


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement
        skip_postgeneration_save = True

    assistance_request = factory.SubFactory(RawSubmittedRequestFactory)
    agency = factory.LazyAttribute(lambda o: o.assistance_request.agency)
    program = factory.LazyFunction(lambda: Program.objects.get(slug="cri-tac"))
    scope = "Review of use-of-force policy and training."
    starts_on = datetime.date(2026, 11, 2)
    ends_on = datetime.date(2027, 4, 30)
    agency_sort_name = factory.LazyAttribute(lambda o: o.assistance_request.agency_sort_name)

    @factory.post_generation
    def services(obj, create, extracted, **kwargs):
        if not create:
            return
        if extracted:
            obj.services.set(extracted)
        else:
            obj.services.set(obj.program.services.all()[:1])


class TeamMemberFactory(factory.django.DjangoModelFactory):
    """A team row written directly (not through `team_member_add`); the person's kept count of
    open engagements is rebuilt from the team rows, as the service would have kept it. (An
    engagement's status changed afterwards by hand is not followed: go through the services.)"""

    class Meta:
        model = TeamMember
        skip_postgeneration_save = True

    engagement = factory.SubFactory(EngagementFactory)
    user = factory.SubFactory(UserFactory)
    role = TeamRole.EXPERT

    @factory.post_generation
    def workload(obj, create, extracted, **kwargs):
        if create:
            expert_workload_recount(user_ids=[obj.user_id])


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    engagement = factory.SubFactory(EngagementFactory)
    terms = "The agency asks for this assistance voluntarily and may withdraw at any time."


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    engagement = factory.SubFactory(EngagementFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = datetime.date(2026, 12, 15)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    engagement = factory.SubFactory(EngagementFactory)
    kind = ActivityKind.SITE_VISIT
    occurred_on = datetime.date(2026, 11, 20)
    hours = Decimal("6.50")
    travel_cost = Decimal("812.40")
    delivery_mode = DeliveryMode.IN_PERSON
    participants = 14
    notes = "Met the command staff and toured the training academy."


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    engagement = factory.SubFactory(EngagementFactory)
    kind = MeetingKind.MEETING
    title = "Kick-off meeting"
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(datetime.datetime(2026, 12, 10, 14, 0))
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    link = "https://meet.example.gov/kickoff"


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    engagement = factory.SubFactory(EngagementFactory)
    title = "Use-of-force policy review"
    kind = DeliverableKind.REPORT
    due_on = datetime.date(2027, 2, 1)
