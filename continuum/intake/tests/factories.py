"""Factories for requests. `AssistanceRequestFactory` builds a complete draft (ready to submit);
`submitted_request` submits one through the real service; `RawSubmittedRequestFactory` writes a
submitted row directly (for volume tests only: no events, no routing)."""

import datetime

import factory
from django.utils import timezone

from continuum.accounts.tests.factories import UserFactory
from continuum.agencies.tests.factories import AgencyFactory
from continuum.catalog.models import Program, Service
from continuum.intake import sla
from continuum.intake.choices import RequestStatus
from continuum.intake.models import AssistanceRequest, agency_sort_key


def service(slug: str) -> Service:
    return Service.objects.get(slug=slug)


def program(slug: str) -> Program:
    return Program.objects.get(slug=slug)


class AssistanceRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssistanceRequest
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    requester = factory.SubFactory(UserFactory)
    requester_name = "Pat Rivera"
    requester_title = "Lieutenant"
    requester_email = factory.LazyAttribute(
        lambda o: o.requester.email if o.requester else "pat.rivera@example.gov"
    )
    chief_name = "Chief Alex Morgan"
    chief_title = "Chief of Police"
    chief_email = factory.Sequence(lambda n: f"chief{n}@example.gov")
    attests_voluntary = True
    attests_chief_supports = True
    not_sure = True
    narrative = "Our department wants help reviewing how we handle use of force."
    agency_sort_name = factory.LazyAttribute(
        lambda o: agency_sort_key(
            o.agency.name if o.agency else getattr(o, "unlisted_agency_name", "")
        )
    )

    @factory.post_generation
    def services(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.services.set([service(s) if isinstance(s, str) else s for s in extracted])


def submitted_request(actor=None, **kwargs) -> AssistanceRequest:
    """A request submitted through `request_submit` (routing, tracking number, events)."""
    from continuum.intake.services.submission import request_submit

    if kwargs.get("services") and "not_sure" not in kwargs:
        kwargs["not_sure"] = False
    ar = AssistanceRequestFactory(**kwargs)
    return request_submit(actor=actor or ar.requester, assistance_request=ar)


def one_business_day_ago() -> datetime.datetime:
    """10:00 local on the second-last business day up to today: exactly 1 business day old now,
    on any day (weekends and holidays included), so within the first-response target.
    ("Three calendar days ago" was 3 business days, overdue, from Wednesday to Friday.)"""
    day = sla.nth_business_day_back(timezone.localdate(), 2)
    moment = datetime.datetime.combine(day, datetime.time(10))
    return timezone.make_aware(moment, timezone.get_current_timezone())


class RawSubmittedRequestFactory(AssistanceRequestFactory):
    """A submitted row written directly, for volume tests (bypasses the workflow on purpose)."""

    status = RequestStatus.SUBMITTED
    tracking_number = factory.Sequence(lambda n: f"CRI-2099-{n % 100000:05d}")
    submitted_at = factory.LazyFunction(one_business_day_ago)
