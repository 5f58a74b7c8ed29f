import factory
import factory.django
from django.utils import timezone

from continuum.accounts.models import (
    AgencyMembership,
    MembershipStatus,
    ProviderMembership,
    User,
    VerificationMethod,
    VerifiedAddress,
)
from continuum.accounts.roles import forget_memberships
from continuum.agencies.tests.factories import AgencyFactory
from continuum.catalog.tests.factories import ProviderOrganizationFactory

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.gov")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def address_verify(email: str) -> None:
    """Record that `email` reached its owner, as the emailed link does."""
    VerifiedAddress.objects.get_or_create(
        email=email.lower(), defaults={"how": VerifiedAddress.How.ACCOUNT_LINK}
    )


class VerifiedUserFactory(UserFactory):
    """An account whose email address was confirmed through the emailed link."""

    @factory.post_generation
    def _verified(obj, create, extracted, **kwargs):
        if create:
            address_verify(obj.email)


class ProgramStaffFactory(UserFactory):
    is_program_staff = True


class AdministratorFactory(UserFactory):
    is_staff = True
    is_superuser = True


class ExpertFactory(UserFactory):
    is_expert = True


class AgencyMembershipFactory(factory.django.DjangoModelFactory):
    """A VERIFIED membership (tests of what members see start from one). Tests of how a
    membership is asked for and verified use `PendingAgencyMembershipFactory` or the services."""

    class Meta:
        model = AgencyMembership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = AgencyMembership.Role.POINT_OF_CONTACT
    status = MembershipStatus.VERIFIED
    verification_method = VerificationMethod.OTHER
    verification_note = "Made by a test factory."
    verified_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def _cache_on_user(obj, create, extracted, **kwargs):
        # Like a one-to-one's reverse cache: the factory's user knows its membership already.
        forget_memberships(obj.user)
        if obj.status == MembershipStatus.VERIFIED:
            obj.user._verified_agency_membership = obj


class PendingAgencyMembershipFactory(AgencyMembershipFactory):
    status = MembershipStatus.REQUESTED
    verification_method = ""
    verification_note = ""
    verified_at = None


class ProviderMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderMembership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(ProviderOrganizationFactory)
    role = ProviderMembership.Role.STAFF


class AgencyExecutiveFactory(AgencyMembershipFactory):
    role = AgencyMembership.Role.EXECUTIVE


class ProviderCoordinatorFactory(ProviderMembershipFactory):
    role = ProviderMembership.Role.COORDINATOR
