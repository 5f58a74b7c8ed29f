import pytest
from django.urls import reverse
from django.utils.html import escape

from continuum.accounts.models import User
from continuum.accounts.tests.factories import (
    AdministratorFactory,
    AgencyMembershipFactory,
    ExpertFactory,
    ProgramStaffFactory,
    ProviderMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(AdministratorFactory(email="root@example.gov"))
    return client


def add_user(admin_client, email):
    return admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": email,
            "full_name": "New Person",
            "usable_password": "true",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )


def test_administrator_adds_an_account_by_email(admin_client):
    response = add_user(admin_client, "New.Person@Example.gov")
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.gov")
    assert user.full_name == "New Person"
    assert user.check_password("a long enough passphrase")
    assert not user.is_superuser and not user.is_program_staff


def test_an_email_in_use_in_any_letter_case_is_refused(admin_client):
    UserFactory(email="pat@example.gov")
    response = add_user(admin_client, "PAT@example.gov")
    assert response.status_code == 200
    assert "Another account already uses this email address." in response.content.decode()
    assert User.objects.filter(email__iexact="pat@example.gov").count() == 1


def test_add_form_checks_the_password(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "x@example.gov",
            "full_name": "X",
            "usable_password": "true",
            "password1": "short",
            "password2": "short",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="x@example.gov").exists()


def test_change_page_shows_roles_and_memberships(admin_client):
    membership = AgencyMembershipFactory()
    response = admin_client.get(reverse("admin:accounts_user_change", args=[membership.user.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="is_program_staff"' in html
    # Memberships are shown, never edited, on the account's page.
    assert membership.agency.name in html
    assert 'name="agency_memberships-0-agency"' not in html


def test_change_page_edits_the_flags(admin_client):
    user = UserFactory(email="pat@example.gov", full_name="Pat")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    response = admin_client.post(
        url,
        {
            "email": "pat@example.gov",
            "full_name": "Pat",
            "is_active": "on",
            "is_program_staff": "on",
            "date_joined_0": "2024-01-02",
            "date_joined_1": "10:00:00",
            "agency_memberships-TOTAL_FORMS": "0",
            "agency_memberships-INITIAL_FORMS": "0",
            "provider_membership-TOTAL_FORMS": "0",
            "provider_membership-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.is_program_staff
    # Through the service, which leaves an event naming the administrator.
    from continuum.activity.models import Event

    event = Event.objects.for_target(user).get(verb="account_roles_changed")
    assert event.data == {"is_program_staff": True}
    assert event.actor is not None and event.actor.is_superuser


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("administrator", {"root@example.gov"}),
        ("program_staff", {"staff@example.gov"}),
        ("expert", {"expert@example.gov"}),
        ("agency_member", {"agency@example.gov"}),
        ("provider_staff", {"provider@example.gov"}),
        ("public", {"nobody@example.gov"}),
    ],
)
def test_user_list_filters_by_role(admin_client, role, expected):
    ProgramStaffFactory(email="staff@example.gov")
    ExpertFactory(email="expert@example.gov")
    AgencyMembershipFactory(user__email="agency@example.gov")
    ProviderMembershipFactory(user__email="provider@example.gov")
    UserFactory(email="nobody@example.gov")
    response = admin_client.get(reverse("admin:accounts_user_changelist"), {"role": role})
    assert response.status_code == 200
    shown = {user.email for user in response.context["cl"].result_list}
    assert shown == expected


@pytest.mark.parametrize(
    "url_name",
    ["admin:accounts_agencymembership_changelist", "admin:accounts_providermembership_changelist"],
)
def test_membership_lists(admin_client, url_name, django_assert_max_num_queries):
    agency = AgencyMembershipFactory.create_batch(3)
    provider = ProviderMembershipFactory.create_batch(3)
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse(url_name))
    expected = agency if "agencymembership" in url_name else provider
    assert set(response.context["cl"].result_list) == set(expected)
    page = response.content.decode()
    assert all(m.user.full_name in page for m in expected)


def test_membership_pages_open(admin_client):
    agency = AgencyMembershipFactory()
    provider = ProviderMembershipFactory()
    for membership, field in [(agency, "agency"), (provider, "organization")]:
        name = membership._meta.model_name
        change = admin_client.get(reverse(f"admin:accounts_{name}_change", args=[membership.pk]))
        assert change.context["original"] == membership
        assert escape(str(getattr(membership, field))) in change.content.decode()
        add = admin_client.get(reverse(f"admin:accounts_{name}_add"))
        assert {"user", field, "role"} <= set(add.context["adminform"].form.fields)


def test_provider_membership_added_in_the_admin_goes_through_the_service(admin_client):
    from continuum.activity.models import Event
    from continuum.catalog.tests.factories import ProviderOrganizationFactory

    user = UserFactory()
    organization = ProviderOrganizationFactory()
    response = admin_client.post(
        reverse("admin:accounts_providermembership_add"),
        {"user": user.pk, "organization": organization.pk, "role": "staff"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert user.provider_membership.organization == organization
    assert Event.objects.for_target(user).filter(verb="provider_membership_set").exists()
