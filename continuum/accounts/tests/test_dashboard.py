import pytest
from django.urls import reverse

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

DASHBOARD = reverse("accounts:dashboard")


def my_work(client, user, django_assert_max_num_queries):
    client.force_login(user)
    # session, user, the user with memberships
    with django_assert_max_num_queries(4):
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={DASHBOARD}"


def test_shows_who_you_are(client, django_assert_max_num_queries):
    user = UserFactory(full_name="Pat Doe", title="Analyst", email="pat@example.gov")
    html = my_work(client, user, django_assert_max_num_queries)
    assert "<h1>My work</h1>" in html
    assert "<strong>Pat Doe</strong>, Analyst" in html
    assert "pat@example.gov" in html


def test_account_without_role_is_told_how_to_get_one(client, django_assert_max_num_queries):
    html = my_work(client, UserFactory(), django_assert_max_num_queries)
    assert "Your account has no role yet" in html
    assert reverse("admin:index") not in html
    assert reverse("catalog:programs") in html


def test_agency_member_sees_agency_and_role(client, django_assert_max_num_queries):
    membership = AgencyMembershipFactory(agency__name="Springfield Police Department")
    html = my_work(client, membership.user, django_assert_max_num_queries)
    assert "Agency member of Springfield Police Department (VA), as point of contact" in html
    assert "no role yet" not in html
    assert reverse("admin:index") not in html


def test_agency_executive_is_named_so(client, django_assert_max_num_queries):
    membership = AgencyExecutiveFactory(agency__name="Springfield Police Department")
    html = my_work(client, membership.user, django_assert_max_num_queries)
    assert "as chief executive" in html


def test_provider_staff_and_coordinator(client, django_assert_max_num_queries):
    staff = ProviderMembershipFactory(organization__name="Example Association")
    html = my_work(client, staff.user, django_assert_max_num_queries)
    assert "Provider organization staff of Example Association" in html
    coordinator = ProviderCoordinatorFactory(organization=staff.organization)
    html = my_work(client, coordinator.user, django_assert_max_num_queries)
    assert "Provider organization coordinator of Example Association" in html


def test_expert(client, django_assert_max_num_queries):
    html = my_work(client, ExpertFactory(), django_assert_max_num_queries)
    assert "<strong>Subject-matter expert.</strong>" in html
    assert reverse("admin:index") not in html


def test_program_staff(client, django_assert_max_num_queries):
    html = my_work(client, ProgramStaffFactory(), django_assert_max_num_queries)
    assert "<strong>Program staff.</strong>" in html
    assert reverse("admin:index") + '"' not in html.split("<main")[1]


def test_administrator_gets_the_administration_site(client, django_assert_max_num_queries):
    html = my_work(client, AdministratorFactory(), django_assert_max_num_queries)
    main = html.split('<main id="main-content"')[1]
    assert "<strong>Administrator.</strong>" in main
    assert f'href="{reverse("admin:index")}">Open the administration site' in main
