"""Demo accounts, one per role, with one shared and documented password (development only).

`seed_demo` calls `demo_seed()`; later work adds its own parts (requests, engagements) as more
small functions called from there. Everything is idempotent: running it twice changes nothing.
Production refuses: `settings.CONTINUUM["DEMO_DATA_ALLOWED"]` is false there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from continuum.agencies.choices import AgencyType
from continuum.agencies.models import Agency
from continuum.catalog.models import ProviderOrganization

from . import services
from .models import (
    LIVE_MEMBERSHIP_STATES,
    AgencyMembership,
    ProviderMembership,
    User,
    VerificationMethod,
)

#: The one password of every demo account (12+ characters; passes the password validators).
DEMO_PASSWORD = "Reform-Together-2025"  # noqa: S105 (documented demo password, never production)

DEMO_EMAIL_DOMAIN = "demo.continuum.test"

#: The demo agency, by ORI, in order of preference: Ann Arbor (Michigan) Police Department,
#: a mid-size city department of the FBI agency list.
DEMO_AGENCY_ORIS = ["MI8121800"]

#: The demo provider organization (seeded by a catalog data migration).
DEMO_PROVIDER_SLUG = "iacp"


@dataclass(frozen=True)
class DemoAccount:
    key: str
    role_label: str
    email: str
    full_name: str
    title: str
    is_program_staff: bool = False
    is_expert: bool = False
    is_administrator: bool = False
    agency_role: str = ""  # an AgencyMembership.Role value
    provider_role: str = ""  # a ProviderMembership.Role value


def _email(local: str) -> str:
    return f"{local}@{DEMO_EMAIL_DOMAIN}"


DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount(
        "staff",
        "Program staff",
        _email("staff"),
        "Jordan Avery",
        "Program manager",
        is_program_staff=True,
    ),
    DemoAccount(
        "admin",
        "Administrator",
        _email("admin"),
        "Sam Okafor",
        "System administrator",
        is_administrator=True,
    ),
    DemoAccount(
        "expert",
        "Subject-matter expert",
        _email("expert"),
        "Lena Morales",
        "Use-of-force policy expert",
        is_expert=True,
    ),
    DemoAccount(
        "chief",
        "Agency chief executive",
        _email("chief"),
        "Taylor Brooks",
        "Chief of police",
        agency_role=AgencyMembership.Role.EXECUTIVE,
    ),
    DemoAccount(
        "contact",
        "Agency point of contact",
        _email("contact"),
        "Casey Nguyen",
        "Accreditation manager",
        agency_role=AgencyMembership.Role.POINT_OF_CONTACT,
    ),
    DemoAccount(
        "coordinator",
        "Provider coordinator",
        _email("coordinator"),
        "Morgan Ellis",
        "Technical assistance coordinator",
        provider_role=ProviderMembership.Role.COORDINATOR,
    ),
    DemoAccount(
        "provider",
        "Provider staff",
        _email("provider"),
        "Riley Chen",
        "Project specialist",
        provider_role=ProviderMembership.Role.STAFF,
    ),
]


@dataclass
class DemoReport:
    """What a seeding run did, as lines to print."""

    lines: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.lines.append(line)


def demo_data_allowed() -> bool:
    return bool(settings.CONTINUUM.get("DEMO_DATA_ALLOWED", False))


def demo_refuse_in_production() -> None:
    if not demo_data_allowed():
        raise ImproperlyConfigured(
            "Demo data is turned off here (CONTINUUM['DEMO_DATA_ALLOWED'] is false, as in "
            "production): no demo accounts are created or listed."
        )


def demo_agency_pick() -> Agency | None:
    """A real agency of the directory: a preferred ORI, else a mid-size city, else any."""
    agencies = Agency.objects.select_related("state")
    for ori in DEMO_AGENCY_ORIS:
        agency = agencies.filter(ori9=ori).first()
        if agency:
            return agency
    city_departments = agencies.filter(agency_type=AgencyType.MUNICIPAL)
    return (
        city_departments.filter(population_served__range=(50_000, 500_000))
        .order_by("-population_served", "pk")
        .first()
        or city_departments.order_by("name", "pk").first()
        or agencies.order_by("name", "pk").first()
    )


def demo_provider_pick() -> ProviderOrganization | None:
    return (
        ProviderOrganization.objects.filter(slug=DEMO_PROVIDER_SLUG).first()
        or ProviderOrganization.objects.order_by("name", "pk").first()
    )


def demo_user_ensure(account: DemoAccount, report: DemoReport) -> User:
    """Create the demo account or bring it back to its demo roles and password."""
    user = User.objects.filter(email__iexact=account.email).first()
    if user is None:
        user = services.user_create(
            actor=None,
            email=account.email,
            full_name=account.full_name,
            title=account.title,
            password=DEMO_PASSWORD,
            is_program_staff=account.is_program_staff,
            is_expert=account.is_expert,
            is_administrator=account.is_administrator,
        )
        report.say(f"Created {account.role_label.lower()} {account.email}.")
        return user
    user = services.user_roles_set(
        actor=None,
        user=user,
        is_program_staff=account.is_program_staff,
        is_expert=account.is_expert,
        is_administrator=account.is_administrator,
    )
    if not user.check_password(DEMO_PASSWORD):
        services.user_password_set(actor=None, user=user, password=DEMO_PASSWORD)
        report.say(f"Reset the demo password of {account.email}.")
    return user


def demo_accounts_seed(report: DemoReport) -> dict[str, User]:
    """One account per role; agency and provider accounts only where their body exists."""
    agency = demo_agency_pick()
    if agency is None:
        report.say(
            "No agencies in the directory yet, so no agency demo accounts were created. "
            "Import the directory (make reference), then run seed_demo again."
        )
    elif agency.ori9 not in DEMO_AGENCY_ORIS:
        report.say(f"The preferred demo agency is not in the directory; using {agency}.")
    provider = demo_provider_pick()
    if provider is None:
        report.say(
            "No provider organizations yet (the catalog migrations seed them), so no provider "
            "demo accounts were created."
        )
    elif provider.slug != DEMO_PROVIDER_SLUG:
        report.say(f"IACP (slug '{DEMO_PROVIDER_SLUG}') was not found; using {provider}.")

    users: dict[str, User] = {}
    # Staff accounts first: the program staff account verifies the agency members below.
    ordered = sorted(DEMO_ACCOUNTS, key=lambda account: bool(account.agency_role))
    for account in ordered:
        if account.agency_role and agency is None:
            continue
        if account.provider_role and provider is None:
            continue
        user = demo_user_ensure(account, report)
        if account.agency_role:
            demo_membership_verify(user, agency, account.agency_role, users, report)
        if account.provider_role:
            services.provider_membership_set(
                actor=None, user=user, organization=provider, role=account.provider_role
            )
        users[account.key] = user
    return users


def demo_membership_verify(user: User, agency, role: str, users: dict, report) -> None:
    """Make the demo agency member a verified member, checked by the demo program staff
    account, with the method recorded, through the same services staff use."""
    verifier = users.get("staff") or users.get("admin")
    if verifier is None:
        report.say(f"No demo staff account to verify {user.email}; its membership waits.")
        services.agency_membership_request(
            actor=None, user=user, agency=agency, role=role, requested_via="Demo seeding"
        )
        return
    live = user.agency_memberships.filter(status__in=LIVE_MEMBERSHIP_STATES).first()
    if live is not None and (live.agency_id != agency.pk or live.role != role):
        services.agency_membership_end(
            actor=verifier, membership=live, note="Demo seeding moved the member."
        )
    services.agency_membership_grant(
        actor=verifier,
        user=user,
        agency=agency,
        role=role,
        method=VerificationMethod.KNOWN_CHIEF
        if role == AgencyMembership.Role.EXECUTIVE
        else VerificationMethod.OTHER,
        note="Demo account, seeded for trying the platform.",
        requested_via="Demo seeding",
    )


def demo_seed() -> DemoReport:
    """Every part of the demo set, in order. Later parts take the accounts they need."""
    demo_refuse_in_production()
    report = DemoReport()
    demo_accounts_seed(report)
    return report


def demo_accounts_table() -> list[tuple[str, str, str, str]]:
    """(role, email, password, acts for) of each demo account that exists, in role order."""
    demo_refuse_in_production()
    emails = [account.email for account in DEMO_ACCOUNTS]
    users = {
        user.email: user
        for user in User.objects.filter(email__in=emails).select_related(
            "provider_membership__organization"
        )
    }
    rows = []
    for account in DEMO_ACCOUNTS:
        user = users.get(account.email)
        if user is None:
            continue
        acts_for = ""
        if account.agency_role and user.agency_membership is not None:
            acts_for = str(user.agency_membership.agency)
        elif account.provider_role and hasattr(user, "provider_membership"):
            acts_for = str(user.provider_membership.organization)
        rows.append((account.role_label, account.email, DEMO_PASSWORD, acts_for))
    return rows
