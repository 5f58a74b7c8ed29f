"""Factories for the register (rows only: no events, no services)."""

import factory

from continuum.engagements.tests.factories import EngagementFactory
from continuum.recommendations.models import (
    Category,
    ComplianceMeasure,
    Dependency,
    ExternalBlocker,
    Finding,
    Recommendation,
)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    engagement = factory.SubFactory(EngagementFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Objective {n + 1}")


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    engagement = factory.SubFactory(EngagementFactory)
    number = factory.Sequence(lambda n: n + 1)
    statement = "The use-of-force review board meets rarely."


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    finding = factory.SubFactory(FindingFactory)
    engagement = factory.LazyAttribute(lambda o: o.finding.engagement)
    number = 1
    text = "Meet monthly and publish the board's findings."
    priority = "medium"


class ComplianceMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplianceMeasure

    recommendation = factory.SubFactory(RecommendationFactory)
    engagement = factory.LazyAttribute(lambda o: o.recommendation.engagement)
    text = "Minutes of twelve monthly meetings."


class DependencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dependency

    blocked = factory.SubFactory(RecommendationFactory)
    engagement = factory.LazyAttribute(lambda o: o.blocked.engagement)
    blocker = factory.LazyAttribute(
        lambda o: RecommendationFactory(finding__engagement=o.blocked.engagement)
    )


class ExternalBlockerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalBlocker

    recommendation = factory.SubFactory(RecommendationFactory)
    engagement = factory.LazyAttribute(lambda o: o.recommendation.engagement)
    party_kind = "union_bargaining"
    party_name = "Police Officers Association"
    since = factory.Faker("date_between", start_date="-2y", end_date="-1d")
