import pytest
from django.contrib.auth.models import AnonymousUser

from continuum.accounts.roles import Role, role_descriptions, roles_of
from continuum.accounts.tests.factories import (
    AdministratorFactory,
    AgencyExecutiveFactory,
    AgencyMembershipFactory,
    ExpertFactory,
    ProgramStaffFactory,
    ProviderCoordinatorFactory,
    ProviderMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_public_only():
    assert roles_of(AnonymousUser()) == {Role.PUBLIC}


def test_signed_in_user_without_role_is_public_only():
    assert roles_of(UserFactory()) == {Role.PUBLIC}


@pytest.mark.parametrize(
    ("make_user", "role"),
    [
        (lambda: AgencyMembershipFactory().user, Role.AGENCY_MEMBER),
        (lambda: ProviderMembershipFactory().user, Role.PROVIDER_STAFF),
        (ExpertFactory, Role.EXPERT),
        (ProgramStaffFactory, Role.PROGRAM_STAFF),
        (AdministratorFactory, Role.ADMINISTRATOR),
    ],
    ids=["agency_member", "provider_staff", "expert", "program_staff", "administrator"],
)
def test_each_role_is_recognised(make_user, role):
    assert roles_of(make_user()) == {Role.PUBLIC, role}


def test_roles_combine():
    user = ProgramStaffFactory(is_expert=True)
    ProviderMembershipFactory(user=user)
    assert roles_of(user) == {
        Role.PUBLIC,
        Role.PROGRAM_STAFF,
        Role.EXPERT,
        Role.PROVIDER_STAFF,
    }


def test_turned_off_account_holds_no_role():
    user = AdministratorFactory(is_active=False, is_program_staff=True)
    assert roles_of(user) == {Role.PUBLIC}


def test_is_staff_alone_is_not_administrator():
    assert roles_of(UserFactory(is_staff=True)) == {Role.PUBLIC}


def test_every_role_has_a_plain_label():
    assert {role.label for role in Role} >= {"Program staff", "Administrator"}
    assert all(role.label for role in Role)


def test_role_descriptions_name_the_agency_and_organization():
    executive = AgencyExecutiveFactory(agency__name="Springfield Police Department")
    coordinator = ProviderCoordinatorFactory(organization__name="Example Association")
    assert role_descriptions(executive.user)[0][0] == (
        "Agency member of Springfield Police Department (VA), as chief executive"
    )
    assert role_descriptions(coordinator.user)[0][0] == (
        "Provider organization coordinator of Example Association ("
        + coordinator.organization.acronym
        + ")"
    )
    assert role_descriptions(UserFactory()) == []
