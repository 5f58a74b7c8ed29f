"""Factories for the reporting app (rows only: no events, no services)."""

import datetime

import factory
from django.utils import timezone

from continuum.accounts.tests.factories import UserFactory
from continuum.engagements.tests.factories import EngagementFactory
from continuum.reporting.models import DashboardSnapshot, ProgressReport, PublicListing, ReportDue


class PublicListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicListing

    engagement = factory.SubFactory(EngagementFactory)
    slug = factory.Sequence(lambda n: f"anytown-police-department-{n}")
    title = "Organizational assessment of the Anytown Police Department"
    agency_name = "Anytown Police Department"
    agency_state = "CA"
    agency_type = "Local police department"
    program_name = "Organizational Assessment"
    program_slug = "organizational-assessment"
    listed_at = factory.LazyFunction(timezone.now)
    report_every_months = 6


class ReportDueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportDue

    engagement = factory.SubFactory(EngagementFactory)
    due_on = datetime.date(2026, 6, 30)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    engagement = factory.SubFactory(EngagementFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"Progress report {o.number}")
    as_of = datetime.date(2026, 6, 30)
    created_by = factory.SubFactory(UserFactory)


class DashboardSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DashboardSnapshot

    as_of = datetime.date(2026, 6, 30)
    figures = factory.LazyFunction(dict)
