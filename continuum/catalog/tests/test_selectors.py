import datetime

import pytest

from continuum.catalog.models import ProviderOrganization
from continuum.catalog.selectors import (
    partners_current,
    program_on_continuum,
    programs_with_services,
    topics_active,
)

from .factories import (
    PartnerMembershipFactory,
    ProgramFactory,
    ProviderOrganizationFactory,
    ServiceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2019, 3, 1)
END = datetime.date(2021, 6, 30)


@pytest.fixture
def former():
    return PartnerMembershipFactory(start_date=START, end_date=END).organization


@pytest.mark.parametrize(
    ("day", "is_partner"),
    [
        (START - datetime.timedelta(days=1), False),
        (START, True),
        (datetime.date(2020, 1, 1), True),
        (END, True),
        (END + datetime.timedelta(days=1), False),
    ],
)
def test_partners_on_counts_both_ends_of_a_membership(former, day, is_partner):
    assert (former in ProviderOrganization.objects.partners_on(day)) is is_partner


def test_partners_on_open_membership_lasts_until_today():
    organization = PartnerMembershipFactory(start_date=START).organization
    assert organization in ProviderOrganization.objects.partners_on(datetime.date(2099, 1, 1))


def test_partners_on_lists_an_organization_once_with_two_memberships():
    organization = ProviderOrganizationFactory()
    PartnerMembershipFactory(organization=organization, start_date=START, end_date=END)
    PartnerMembershipFactory(organization=organization, start_date=END)
    partners = ProviderOrganization.objects.partners_on(END)
    assert list(partners).count(organization) == 1


def test_partners_on_ignores_a_gap_between_memberships():
    organization = ProviderOrganizationFactory()
    PartnerMembershipFactory(organization=organization, start_date=START, end_date=END)
    PartnerMembershipFactory(organization=organization, start_date=datetime.date(2023, 1, 1))
    assert organization not in ProviderOrganization.objects.partners_on(datetime.date(2022, 1, 1))


def test_partners_current_puts_the_lead_first_and_marks_it():
    day = datetime.date(2030, 1, 1)
    partners = list(partners_current(on=day))
    assert partners[0].acronym == "IACP"
    assert partners[0].is_lead
    assert not any(p.is_lead for p in partners[1:])
    assert len(partners) == 10


def test_partners_current_lead_only_while_the_lead_membership_lasts():
    organization = ProviderOrganizationFactory(name="Aardvark Association")
    PartnerMembershipFactory(
        organization=organization, start_date=START, end_date=END, is_lead=True
    )
    PartnerMembershipFactory(organization=organization, start_date=END + datetime.timedelta(days=1))
    during = {p.pk: p.is_lead for p in partners_current(on=START)}
    after = {p.pk: p.is_lead for p in partners_current(on=datetime.date(2022, 1, 1))}
    assert during[organization.pk] is True
    assert after[organization.pk] is False


def test_program_on_continuum_places_each_program():
    first = program_on_continuum(slug="cri-tac")
    middle = program_on_continuum(slug="critical-response")
    last = program_on_continuum(slug="organizational-assessment")
    assert (first.position, first.count, first.is_first, first.is_last) == (1, 3, True, False)
    assert first.previous is None and first.next.slug == "critical-response"
    assert middle.previous.slug == "cri-tac" and middle.next.slug == "organizational-assessment"
    assert last.is_last and last.next is None and last.position == 3


def test_program_on_continuum_unknown_or_inactive_is_none():
    ProgramFactory(slug="retired", is_active=False)
    assert program_on_continuum(slug="no-such-program") is None
    assert program_on_continuum(slug="retired") is None


def test_programs_with_services_hide_inactive_services_and_nest_kinds():
    program = ProgramFactory()
    parent = ServiceFactory(program=program, name="Parent")
    ServiceFactory(program=program, parent=parent, name="Kind")
    ServiceFactory(program=program, name="Retired", is_active=False)
    found = next(p for p in programs_with_services() if p.pk == program.pk)
    assert [s.name for s in found.services.all()] == ["Parent"]
    assert [k.name for k in found.services.all()[0].kinds.all()] == ["Kind"]


def test_topics_active_hides_retired_topics():
    TopicFactory(name="Retired topic", is_active=False)
    assert "Retired topic" not in {t.name for t in topics_active()}
