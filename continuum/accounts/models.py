from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


#: Who may review requests (and run the program): active program staff and administrators.
#: One condition for the reviewer list (`intake.forms.triage.reviewers`) and for the partial index
#: that serves it: SQLite uses a partial index only when the query carries its condition as
#: written, and then the list reads the few staff rows in name order, whatever the number of
#: agency members and experts.
REVIEWER_CONDITION = models.Q(is_active=True) & (
    models.Q(is_program_staff=True) | models.Q(is_superuser=True)
)


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
        _("administrator site access"),
        default=False,
        help_text=_("Can sign in to the administration site."),
    )
    is_program_staff = models.BooleanField(
        default=False, help_text=_("Program managers and analysts: triage, routing, validation.")
    )
    is_expert = models.BooleanField(default=False, help_text=_("A subject-matter expert."))
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        indexes = [
            models.Index(
                fields=["full_name", "email"],
                condition=REVIEWER_CONDITION,
                name="accounts_user_reviewers",
            ),
        ]

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
    def agency_membership(self):
        """The user's verified agency membership, or None (see `roles.agency_membership_of`)."""
        from .roles import agency_membership_of

        return agency_membership_of(self)

    @property
    def is_staff_member(self) -> bool:
        """Program staff or administrator: the people who run the program."""
        return self.is_active and (self.is_program_staff or self.is_superuser)


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REFUSED = "refused", _("Refused")
    ENDED = "ended", _("Ended")


#: The states in which a membership still counts (at most one per user).
LIVE_MEMBERSHIP_STATES = (MembershipStatus.REQUESTED, MembershipStatus.VERIFIED)


class VerificationMethod(models.TextChoices):
    PHONE = "phone", _("Phone call to the agency's published number")
    EMAIL_DOMAIN = "email_domain", _("Official email domain of the agency")
    KNOWN_CHIEF = "known_chief", _("Known chief executive in the directory")
    OTHER = "other", _("Other (explain in the note)")


class AgencyMembership(TimeStampedModel):
    """Links a user to the one agency they act for.

    Only a *verified* membership lets someone see an agency's work beyond the requests they
    wrote themselves. A membership starts as requested; program staff verify or refuse it
    (recording how they checked), and a verified one can later end. The status changes only
    through `continuum.accounts.workflow.MEMBERSHIP_MACHINE`. Ended and refused rows are kept as
    history; a user has at most one requested-or-verified membership.
    """

    class Role(models.TextChoices):
        EXECUTIVE = "executive", _("Chief executive")
        POINT_OF_CONTACT = "point_of_contact", _("Point of contact")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="agency_memberships")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role)
    status = models.CharField(
        max_length=20,
        choices=MembershipStatus,
        default=MembershipStatus.REQUESTED,
        db_index=True,
    )
    requested_via = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Where the membership was asked for (a request, the administration site)."),
    )
    verification_method = models.CharField(max_length=20, choices=VerificationMethod, blank=True)
    verification_note = models.TextField(blank=True)
    verified_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The verification queue (staff): the memberships waiting, oldest first.
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(status="requested"),
                name="membership_pending",
            ),
            # The same page's recently decided ones, newest first: read down this index, not by
            # sorting every verified or refused membership (18,198 at 10x: 62 ms a page).
            models.Index(
                fields=["updated_at", "id"],
                condition=models.Q(status__in=["verified", "refused"]),
                name="membership_decided",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["requested", "verified"]),
                name="accounts_one_live_agency_membership_per_user",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="verified")
                | (~models.Q(verification_method="") & models.Q(verified_at__isnull=False)),
                name="accounts_verified_membership_says_how_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.agency.name}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.status == MembershipStatus.VERIFIED:
            if not self.verification_method:
                errors["verification_method"] = _(
                    "Choose how you checked that this person acts for the agency."
                )
            if self.verified_at is None:
                errors["verified_at"] = _("A verified membership records when it was verified.")
            if self.verified_by_id is not None and self.verified_by_id == self.user_id:
                errors["verified_by"] = _(
                    "Nobody can verify their own membership. Ask another staff member."
                )
        if (
            self.verification_method == VerificationMethod.OTHER
            and not self.verification_note.strip()
        ):
            errors["verification_note"] = _(
                "Explain how you checked that this person acts for the agency."
            )
        if self.status == MembershipStatus.REFUSED and not self.refusal_reason.strip():
            errors["refusal_reason"] = _("Say why the membership is refused.")
        if errors:
            raise ValidationError(errors)


class ProviderMembership(TimeStampedModel):
    """Links a user to the one provider organization they work for."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        STAFF = "staff", _("Staff")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="provider_membership")
    organization = models.ForeignKey(
        "catalog.ProviderOrganization", on_delete=models.PROTECT, related_name="members"
    )
    role = models.CharField(max_length=20, choices=Role)

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.organization}"


class LinkSend(models.Model):
    """One email carrying a verification link (an address check or a chief executive's link).

    These are the only emails sent to addresses nobody has verified yet, so they are counted
    per account and per address to stop the form being used to flood someone's mailbox (see
    `continuum.accounts.sending`). Rows are append-only and old ones may be deleted.
    """

    class Kind(models.TextChoices):
        EMAIL_VERIFICATION = "email_verification", _("Email address verification")
        CHIEF_LINK = "chief_link", _("Chief executive's confirmation link")

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=30, choices=Kind)
    email = models.EmailField(max_length=254)
    account = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["email", "created_at"]),
            models.Index(fields=["account", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.email}"


class VerifiedAddress(models.Model):
    """An email address shown to reach its owner: an account confirmed it through its link, or
    a chief executive answered through the link sent to it. Official emails go only to these
    (see `continuum.accounts.selectors.address_is_verified`)."""

    class How(models.TextChoices):
        ACCOUNT_LINK = "account_link", _("Account's email verification link")
        CHIEF_LINK = "chief_link", _("Chief executive's confirmation link")

    email = models.EmailField(max_length=254, unique=True)
    how = models.CharField(max_length=20, choices=How)
    verified_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.email
