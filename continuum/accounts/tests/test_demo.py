from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.test import override_settings

from continuum.accounts import demo
from continuum.accounts.models import AgencyMembership, ProviderMembership, User
from continuum.accounts.roles import Role, roles_of
from continuum.activity.models import Event
from continuum.agencies.choices import AgencyType
from continuum.agencies.tests.factories import AgencyFactory
from continuum.catalog.models import ProviderOrganization
from continuum.catalog.tests.factories import ProviderOrganizationFactory

pytestmark = pytest.mark.django_db

PRODUCTION = {**settings.CONTINUUM, "DEMO_DATA_ALLOWED": False}


def run(command, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def ann_arbor():
    return AgencyFactory(ori9="MI8121800", name="Ann Arbor Police Department")


@pytest.fixture
def iacp():
    organization = ProviderOrganization.objects.filter(slug="iacp").first()
    return organization or ProviderOrganizationFactory(slug="iacp", acronym="IACP")


def test_seed_demo_creates_one_account_per_role(ann_arbor, iacp):
    AgencyFactory(name="Another Police Department")
    output = run("seed_demo")
    assert "Demo data is ready." in output
    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.continuum.test")}
    assert len(users) == 7

    def roles(local):
        return roles_of(users[f"{local}@demo.continuum.test"]) - {Role.PUBLIC}

    assert roles("staff") == {Role.PROGRAM_STAFF}
    assert roles("admin") == {Role.ADMINISTRATOR}
    assert users["admin@demo.continuum.test"].is_staff
    assert roles("expert") == {Role.EXPERT}
    for local in ["chief", "contact"]:
        assert roles(local) == {Role.AGENCY_MEMBER}
    for local in ["coordinator", "provider"]:
        assert roles(local) == {Role.PROVIDER_STAFF}
    chief = AgencyMembership.objects.get(user__email="chief@demo.continuum.test")
    assert (chief.agency, chief.role) == (ann_arbor, AgencyMembership.Role.EXECUTIVE)
    contact = AgencyMembership.objects.get(user__email="contact@demo.continuum.test")
    assert (contact.agency, contact.role) == (ann_arbor, AgencyMembership.Role.POINT_OF_CONTACT)
    coordinator = ProviderMembership.objects.get(user__email="coordinator@demo.continuum.test")
    assert (coordinator.organization, coordinator.role) == (
        iacp,
        ProviderMembership.Role.COORDINATOR,
    )
    assert ProviderMembership.objects.get(user__email="provider@demo.continuum.test").role == (
        ProviderMembership.Role.STAFF
    )
    for user in users.values():
        assert user.check_password(demo.DEMO_PASSWORD)


def test_the_demo_password_passes_the_validators():
    assert len(demo.DEMO_PASSWORD) >= 12
    for account in demo.DEMO_ACCOUNTS:
        user = User(email=account.email, full_name=account.full_name, title=account.title)
        validate_password(demo.DEMO_PASSWORD, user)


def test_seed_demo_is_idempotent(ann_arbor, iacp):
    run("seed_demo")
    snapshot = sorted(
        User.objects.values_list(
            "email", "password", "is_program_staff", "is_expert", "is_superuser", "is_staff"
        )
    )
    memberships = (
        sorted(AgencyMembership.objects.values_list("user__email", "agency", "role")),
        sorted(ProviderMembership.objects.values_list("user__email", "organization", "role")),
    )
    events = Event.objects.count()
    run("seed_demo")
    assert (
        sorted(
            User.objects.values_list(
                "email", "password", "is_program_staff", "is_expert", "is_superuser", "is_staff"
            )
        )
        == snapshot
    )
    assert (
        sorted(AgencyMembership.objects.values_list("user__email", "agency", "role")),
        sorted(ProviderMembership.objects.values_list("user__email", "organization", "role")),
    ) == memberships
    assert Event.objects.count() == events


def test_seed_demo_repairs_changed_demo_accounts(ann_arbor, iacp):
    run("seed_demo")
    staff = User.objects.get(email="staff@demo.continuum.test")
    staff.is_program_staff = False
    staff.set_password("something else entirely")
    staff.save()
    output = run("seed_demo")
    staff.refresh_from_db()
    assert staff.is_program_staff
    assert staff.check_password(demo.DEMO_PASSWORD)
    assert "Reset the demo password of staff@demo.continuum.test." in output


def test_seed_demo_without_agencies_creates_no_agency_accounts_and_says_so(iacp):
    output = run("seed_demo")
    assert "No agencies in the directory yet" in output
    assert not AgencyMembership.objects.exists()
    assert User.objects.filter(email__endswith="@demo.continuum.test").count() == 5


def test_seed_demo_falls_back_to_a_city_department(iacp):
    AgencyFactory(
        name="A County Sheriff", agency_type=AgencyType.SHERIFF, population_served=200_000
    )
    city = AgencyFactory(name="Midtown Police Department", population_served=120_000)
    AgencyFactory(name="Tiny Police Department", population_served=900)
    output = run("seed_demo")
    assert AgencyMembership.objects.get(user__email="chief@demo.continuum.test").agency == city
    assert "The preferred demo agency is not in the directory; using Midtown" in output


def test_seed_demo_falls_back_when_iacp_is_missing(ann_arbor, monkeypatch):
    monkeypatch.setattr(demo, "DEMO_PROVIDER_SLUG", "no-such-organization")
    ProviderOrganizationFactory()
    output = run("seed_demo")
    assert "IACP (slug 'no-such-organization') was not found; using" in output
    assert ProviderMembership.objects.count() == 2


def test_seed_demo_without_provider_organizations(ann_arbor, monkeypatch):
    monkeypatch.setattr(
        demo, "demo_provider_pick", lambda: None
    )  # the catalog migration always seeds some
    output = run("seed_demo")
    assert "No provider organizations yet" in output
    assert not ProviderMembership.objects.exists()


@override_settings(CONTINUUM=PRODUCTION)
def test_seed_demo_is_refused_in_production(ann_arbor, iacp):
    with pytest.raises(CommandError, match="Demo data is turned off here"):
        run("seed_demo")
    assert not User.objects.exists()


def test_demo_accounts_prints_the_table_and_the_address(ann_arbor, iacp):
    run("seed_demo")
    output = run("demo_accounts")
    lines = output.splitlines()
    header = next(line for line in lines if line.startswith("Role"))
    assert header.split() == ["Role", "Email", "Password", "Acts", "for"]
    for account in demo.DEMO_ACCOUNTS:
        row = next(line for line in lines if account.email in line)
        assert row.startswith(account.role_label)
        assert demo.DEMO_PASSWORD in row
    chief_row = next(line for line in lines if "chief@" in line)
    assert "Ann Arbor Police Department" in chief_row
    assert "http://127.0.0.1:8000/" in output


def test_demo_accounts_before_seeding_says_how(ann_arbor):
    output = run("demo_accounts")
    assert "No demo accounts yet" in output
    assert demo.DEMO_PASSWORD not in output


@override_settings(CONTINUUM=PRODUCTION)
def test_demo_accounts_prints_nothing_secret_in_production():
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("demo_accounts", stdout=out)
    assert demo.DEMO_PASSWORD not in out.getvalue()
