"""Factories for experts and what matching reads about them."""

import datetime

import factory

from continuum.accounts.tests.factories import ExpertFactory
from continuum.agencies.tests.factories import StateFactory
from continuum.catalog.tests.factories import TopicFactory
from continuum.providers.choices import (
    AvailabilityKind,
    ExpertiseLevel,
    RankLevel,
    TravelWillingness,
    VettingStatus,
)
from continuum.providers.models import (
    AvailabilityWindow,
    ConflictDeclaration,
    Expertise,
    ExpertProfile,
    Position,
)


class ExpertProfileFactory(factory.django.DjangoModelFactory):
    """A vetted expert, taking engagements, living in Virginia."""

    class Meta:
        model = ExpertProfile

    user = factory.SubFactory(ExpertFactory)
    home_state = factory.SubFactory(StateFactory)
    languages = factory.LazyFunction(list)
    travel = TravelWillingness.NATIONAL
    capacity = 2
    vetting_status = VettingStatus.VETTED
    vetted_on = datetime.date(2026, 1, 15)
    public_bio = "Retired chief with thirty years in municipal policing."


class ExpertiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expertise

    expert = factory.SubFactory(ExpertProfileFactory)
    topic = factory.SubFactory(TopicFactory)
    level = ExpertiseLevel.ADVANCED


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    expert = factory.SubFactory(ExpertProfileFactory)
    title = "Chief of Police"
    rank_level = RankLevel.CHIEF_EXECUTIVE
    organization_name = "Example City Police Department"
    start_year = 2010
    end_year = 2020


class AvailabilityWindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AvailabilityWindow

    expert = factory.SubFactory(ExpertProfileFactory)
    kind = AvailabilityKind.UNAVAILABLE
    starts_on = datetime.date(2027, 1, 1)
    ends_on = datetime.date(2027, 3, 31)


class ConflictDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictDeclaration

    expert = factory.SubFactory(ExpertProfileFactory)
    reason = "I consulted for this agency in 2024."
