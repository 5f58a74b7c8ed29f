"""Engagements: the assistance the program agreed to give an agency, and its delivery.

An accepted request creates an engagement ("planning"). Around it: the team (experts, the
provider coordinator, the program manager, the agency's point of contact), the agreement the
agency's chief executive accepts, the workplan (milestones), the activities the team logs with
their hours and costs, scheduled meetings and site visits, deliverables with their review
workflow, follow-on requests into a deeper program, and the agency's evaluation at the end.
Status fields change only through the transition tables in `workflow.py`.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from continuum.core.models import TimeStampedModel

from .choices import (
    ActivityKind,
    DeliverableKind,
    DeliverableStatus,
    DeliveryMode,
    Effectiveness,
    EngagementStatus,
    MeetingKind,
    Satisfaction,
    TeamRole,
)

NOTE_MAX = 4000


class Engagement(TimeStampedModel):
    """Technical assistance the program agreed to give an agency."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    assistance_request = models.OneToOneField(
        "intake.AssistanceRequest", on_delete=models.PROTECT, related_name="engagement"
    )
    program = models.ForeignKey("catalog.Program", on_delete=models.PROTECT, related_name="+")
    services = models.ManyToManyField("catalog.Service", related_name="+")
    topics = models.ManyToManyField("catalog.Topic", blank=True, related_name="+")
    provider = models.ForeignKey(
        "catalog.ProviderOrganization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name=_("provider organization"),
    )
    status = models.CharField(
        max_length=20,
        choices=EngagementStatus,
        default=EngagementStatus.PLANNING,
        db_index=True,
    )
    scope = models.TextField(
        _("scope statement"), blank=True, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("planned end date"), null=True, blank=True)
    #: Why the agency withdrew or the program ended it (required for those two ends).
    end_reason = models.TextField(blank=True, validators=[MaxLengthValidator(NOTE_MAX)])
    closed_at = models.DateTimeField(null=True, blank=True)
    #: Denormalized for the portfolio: the agency's name and state, sortable with an index.
    agency_sort_name = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="engagement_status_created"),
            models.Index(fields=["provider", "status"], name="engagement_provider_status"),
            # Keyset pages of the portfolio and "My engagements" (ADR 0012): one per sort.
            models.Index(fields=["created_at", "id"], name="engagement_created_id"),
            models.Index(fields=["agency_sort_name", "id"], name="engagement_agency_sort_id"),
            models.Index(fields=["program", "status"], name="engagement_program_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="engagement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} engagement for {self.assistance_request}"

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date comes before the start date.")})
        if (
            self.status in (EngagementStatus.WITHDRAWN, EngagementStatus.TERMINATED)
            and not self.end_reason.strip()
        ):
            raise ValidationError({"end_reason": _("Say why the engagement ended.")})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("engagements:detail", kwargs={"public_id": self.public_id})

    @property
    def agency_label(self) -> str:
        if self.agency_id:
            return str(self.agency)
        return self.assistance_request.unlisted_agency_name


class TeamMember(TimeStampedModel):
    """A person on an engagement's team, in one role. Leaving keeps the row (with `left_at`)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=TeamRole)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: A program manager's reason for assigning an expert matching excluded (empty otherwise).
    override_reason = models.TextField(blank=True, validators=[MaxLengthValidator(NOTE_MAX)])
    #: The exclusions overridden, as shown when assigning ([{"code": ..., "reason": ...}]).
    overridden_exclusions = models.JSONField(default=list, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["engagement", "role", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "user", "role"],
                condition=Q(left_at__isnull=True),
                name="team_member_once_per_role",
            ),
            models.UniqueConstraint(
                fields=["engagement"],
                condition=Q(left_at__isnull=True, role="lead_expert"),
                name="team_one_lead_expert",
            ),
        ]
        indexes = [
            # The engagements a person is on the team of now (`team_engagement_ids`: staff's
            # calendar, "my engagements", milestones due soon), read from this index alone. As
            # (user, left_at), PostgreSQL visited the heap for every row: 2,342 team rows of
            # the benchmark's staff member at 10x read 1,942 table pages (2 to 7 ms), not 18.
            models.Index(fields=["user", "left_at", "engagement"], name="team_member_user_live"),
            # Workload (matching, the portfolio): the live rows of the open engagements, read
            # from this index alone, one engagement id at a time.
            models.Index(
                fields=["engagement", "left_at", "role", "user"], name="team_member_engagement_live"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class ExpertWorkload(models.Model):
    """How many open engagements an expert is on (as lead expert or expert, not left): a count
    kept by the services that change it, in the same transaction (`services/workload.py`:
    joining or leaving a team, an engagement ending), so the portfolio reads its busiest experts
    from an index, and matching and the expert list read each expert's by primary key, instead
    of counting every open engagement's team (issue 8).

    It always equals the grouped count of the team rows (`open_engagement_counts()`); the tests
    check that after every kind of change, and `expert_workload_recount()` rebuilds it from the
    team rows (the migration that created it, bulk-written data)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    open_engagements = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            # The portfolio's busiest experts: the experts with work, most first.
            models.Index(
                fields=["-open_engagements"],
                condition=Q(open_engagements__gt=0),
                name="expert_workload_busiest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.open_engagements}"


class Agreement(models.Model):
    """The terms the agency's chief executive accepts before work starts.

    The text shown is kept exactly as accepted (`terms`), with who accepted and when; a change
    of terms before acceptance replaces the text, after acceptance it needs a new engagement.
    """

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="agreement"
    )
    terms = models.TextField(_("terms"))
    point_of_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency point of contact"),
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    prepared_at = models.DateTimeField(auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_name = models.CharField(_("name typed as signature"), max_length=150, blank=True)
    accepted_title = models.CharField(_("title"), max_length=150, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True)
                | (Q(accepted_by__isnull=False) & ~Q(accepted_name="")),
                name="agreement_accepted_has_signer",
            ),
        ]

    def __str__(self) -> str:
        return f"Agreement for {self.engagement}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None


class Milestone(TimeStampedModel):
    """A step of the workplan, with an owner and a due date."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="milestones_owned",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            # Open milestones by due date (overdue lists and counts, "due soon"): only the open
            # ones, so the planner's statistics count them. As (completed_on, due_on) over every
            # milestone, SQLite took "completed_on IS NULL" for about 200 rows (the average per
            # completion date) where 55,903 of 418,939 are open at 10x, and walked them all in
            # due order for a viewer's few engagements ("due soon": 12 ms at 10x, not 1.3).
            models.Index(
                fields=["due_on"],
                condition=models.Q(completed_on__isnull=True),
                name="milestone_open_due",
            ),
            # A calendar month reads its engagements' milestones by due date.
            models.Index(fields=["engagement", "due_on"], name="milestone_eng_due"),
            # Which engagements have an overdue milestone (the portfolio's overdue count and
            # filter): read from this index alone. Through `milestone_open_due` PostgreSQL read
            # every overdue milestone's row (14,216 at 10x, 10 to 14 ms of the page's counts).
            models.Index(
                fields=["engagement", "due_on"],
                condition=models.Q(completed_on__isnull=True),
                name="milestone_open_eng_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Activity(TimeStampedModel):
    """Work the team did for the engagement: what, when, how long, how, with whom, at what cost."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind of activity"), max_length=30, choices=ActivityKind)
    occurred_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000"))],
    )
    travel_cost = models.DecimalField(
        _("travel cost (US dollars)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000000"))],
    )
    delivery_mode = models.CharField(_("delivery mode"), max_length=20, choices=DeliveryMode)
    participants = models.PositiveIntegerField(
        _("number of participants"), default=0, validators=[MaxValueValidator(100_000)]
    )
    notes = models.TextField(_("notes"), blank=True, validators=[MaxLengthValidator(NOTE_MAX)])
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: For a peer exchange: the other agency (the host, or the visiting agency).
    peer_agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="peer_activities",
        verbose_name=_("peer agency"),
    )

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"


class Meeting(TimeStampedModel):
    """A meeting or site visit on the calendar, sent to its attendees as an invitation."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    link = models.URLField(_("video link"), blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="meetings", verbose_name=_("attendees")
    )
    #: iCalendar SEQUENCE: raised on every change so calendars replace the earlier invitation.
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        # A calendar month reads its engagements' meetings by start: a range per engagement.
        indexes = [models.Index(fields=["engagement", "starts_at"], name="meeting_eng_starts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
        if self.kind == MeetingKind.SITE_VISIT and not self.place.strip():
            raise ValidationError({"place": _("Give the place of the site visit.")})
        if not self.place.strip() and not self.link:
            raise ValidationError(_("Give a place or a video link."))


class CalendarFeed(models.Model):
    """A person's private calendar feed: the URL carries a secret they can revoke.

    Only a hash of the secret is stored; the full URL is shown once, when it is made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_live_feed"
            ),
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"


class Deliverable(TimeStampedModel):
    """A product of the engagement (a report, an assessment) and where its review stands.

    Its files are documents attached to it (the documents app keeps versions and visibility).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="deliverables"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=DeliverableKind)
    status = models.CharField(
        max_length=30, choices=DeliverableStatus, default=DeliverableStatus.DRAFTING
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="deliverable_status_due"),
        ]

    def __str__(self) -> str:
        return self.title


class FollowOn(models.Model):
    """A request opened from an engagement into a deeper program (escalation)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="follow_ons")
    assistance_request = models.OneToOneField(
        "intake.AssistanceRequest", on_delete=models.PROTECT, related_name="follow_on_of"
    )
    program = models.ForeignKey("catalog.Program", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("why a deeper program"), validators=[MaxLengthValidator(NOTE_MAX)])
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Follow-on of {self.engagement} into {self.program}"


class Evaluation(models.Model):
    """The agency's evaluation of a closed engagement, answered through an emailed link."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="evaluation"
    )
    #: Hash of the secret in the emailed link (the link itself is never stored).
    token_hash = models.CharField(max_length=64, unique=True)
    sent_to = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    effectiveness = models.CharField(
        _("did the assistance meet your agency's goals?"),
        max_length=20,
        choices=Effectiveness,
        blank=True,
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("how satisfied are you with the assistance?"),
        choices=Satisfaction,
        null=True,
        blank=True,
    )
    what_changed = models.TextField(
        _("what changed in your agency because of it?"),
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )
    would_recommend = models.BooleanField(
        _("would you recommend it to another agency?"), null=True, blank=True
    )
    respondent_name = models.CharField(_("your name"), max_length=150, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True)
                | (~Q(effectiveness="") & Q(satisfaction__isnull=False)),
                name="evaluation_completed_has_answers",
            ),
        ]
        indexes = [
            # The evaluation metrics count the completed ones from here (their engagements and
            # answers), whatever the planner knows of the table.
            models.Index(
                fields=["engagement", "effectiveness"],
                condition=Q(completed_at__isnull=False),
                name="evaluation_completed",
            ),
        ]

    def __str__(self) -> str:
        return f"Evaluation of {self.engagement}"
