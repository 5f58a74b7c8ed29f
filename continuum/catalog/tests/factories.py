import datetime

import factory

from continuum.catalog.models import (
    Goal,
    PartnerMembership,
    Program,
    ProviderOrganization,
    Service,
    Topic,
)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"program-{n}")
    name = factory.Sequence(lambda n: f"Program {n}")
    order = factory.Sequence(lambda n: 100 + n)
    summary = "A program."
    description = "A program of technical assistance."


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    program = factory.SubFactory(ProgramFactory)
    slug = factory.Sequence(lambda n: f"service-{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    summary = "A service."


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    number = factory.Sequence(lambda n: 100 + n)
    slug = factory.Sequence(lambda n: f"goal-{n}")
    name = factory.Sequence(lambda n: f"Goal {n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")


class ProviderOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderOrganization

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organization {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")


class PartnerMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerMembership

    organization = factory.SubFactory(ProviderOrganizationFactory)
    start_date = datetime.date(2017, 10, 1)
    end_date = None
