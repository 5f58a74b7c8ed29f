import factory

from continuum.agencies.choices import AgencyType, JurisdictionLevel
from continuum.agencies.models import Agency, State


class StateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = State
        django_get_or_create = ("usps",)

    usps = "VA"
    fips = "51"
    name = "Virginia"
    ori_prefix = "VA"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    ori9 = factory.Sequence(lambda n: f"VA{n:07d}")
    ori7 = factory.LazyAttribute(lambda o: o.ori9[:7] if o.ori9 else "")
    name = factory.Sequence(lambda n: f"Example City Police Department {n}")
    agency_type = AgencyType.MUNICIPAL
    jurisdiction_level = JurisdictionLevel.LOCAL
    state = factory.SubFactory(StateFactory)
    county = "ARLINGTON"
    city = "Arlington"
    population_served = 50000
    source = "test"
    # What the importer and the admin store, so that factory agencies are found by the search.
    search_text = factory.LazyAttribute(lambda o: Agency.build_search_text(o))
