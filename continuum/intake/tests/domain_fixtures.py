"""Fixtures shared by the domain tests (import the ones a module uses, by name)."""

import pytest

from continuum.accounts.tests.factories import (
    AdministratorFactory,
    AgencyMembershipFactory,
    ProgramStaffFactory,
    UserFactory,
    VerifiedUserFactory,
)
from continuum.agencies.tests.factories import AgencyFactory, StateFactory


@pytest.fixture
def staff(db):
    return ProgramStaffFactory(full_name="Jordan Avery")


@pytest.fixture
def administrator(db):
    return AdministratorFactory(full_name="Sam Okafor")


@pytest.fixture
def agency_a(db):
    return AgencyFactory(name="Riverton Police Department")


@pytest.fixture
def agency_b(db):
    maryland = StateFactory(usps="MD", fips="24", name="Maryland", ori_prefix="MD")
    return AgencyFactory(
        name="Harbor County Sheriff's Office", state=maryland, agency_type="sheriff"
    )


@pytest.fixture
def requester_a(agency_a):
    """The requester of agency A's requests, a point of contact of agency A, whose email
    address is verified (so official emails reach it)."""
    return AgencyMembershipFactory(agency=agency_a, user=VerifiedUserFactory()).user


@pytest.fixture
def member_a(agency_a):
    """Another member of agency A (did not make the request)."""
    return AgencyMembershipFactory(agency=agency_a).user


@pytest.fixture
def member_b(agency_b):
    return AgencyMembershipFactory(agency=agency_b).user


@pytest.fixture
def outsider(db):
    return UserFactory()
