import pytest

from continuum.accounts.tests.factories import AgencyMembershipFactory, ProgramStaffFactory


@pytest.mark.django_db
def test_factories_build_a_member_and_staff(client):
    membership = AgencyMembershipFactory()
    staff = ProgramStaffFactory()
    assert membership.user.agency_membership.agency == membership.agency
    assert staff.is_staff_member
    home = client.get("/")
    assert home.status_code == 200
    page = home.content.decode()
    assert "Help for your agency, at your request" in page
    assert 'href="/request/">Request assistance</a>' in page
