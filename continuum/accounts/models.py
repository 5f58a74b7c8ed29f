from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from continuum.core.models import TimeStampedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address.

    Roles: program staff and experts are flags here; agency and provider-organization roles are
    memberships; administrators are superusers (they alone use the admin site).
    """

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    title = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "administrator site access",
        default=False,
        help_text="Can sign in to the administration site.",
    )
    is_program_staff = models.BooleanField(
        default=False, help_text="Program managers and analysts: triage, routing, validation."
    )
    is_expert = models.BooleanField(default=False, help_text="A subject-matter expert.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_administrator(self) -> bool:
        return self.is_active and self.is_superuser

    @property
    def is_staff_member(self) -> bool:
        """Program staff or administrator: the people who run the program."""
        return self.is_active and (self.is_program_staff or self.is_superuser)


class AgencyMembership(TimeStampedModel):
    """Links a user to the one agency they act for."""

    class Role(models.TextChoices):
        EXECUTIVE = "executive", "Chief executive"
        POINT_OF_CONTACT = "point_of_contact", "Point of contact"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="agency_membership")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role)

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.agency.name}"


class ProviderMembership(TimeStampedModel):
    """Links a user to the one provider organization they work for."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", "Coordinator"
        STAFF = "staff", "Staff"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="provider_membership")
    organization = models.ForeignKey(
        "catalog.ProviderOrganization", on_delete=models.PROTECT, related_name="members"
    )
    role = models.CharField(max_length=20, choices=Role)

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.organization}"
