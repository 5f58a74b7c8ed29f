"""An agency's request for technical assistance, and the data-driven rules that route it."""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from continuum.agencies.choices import AgencyType, JurisdictionLevel
from continuum.core.models import TimeStampedModel

from .choices import (
    ConcernScope,
    DeclineReason,
    IncidentKind,
    MessageKind,
    PublicAttention,
    ReferralTarget,
    RequestStatus,
    Timeframe,
)

NARRATIVE_MAX = 6000
SORT_NAME_MAX = 200


def agency_sort_key(name: str) -> str:
    """How an agency's name sorts: spaces collapsed, case ignored (kept on the request)."""
    return " ".join((name or "").split()).lower()[:SORT_NAME_MAX]


class TrackingCounter(models.Model):
    """The last tracking number handed out in a year; numbers only go up, so none is reused."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class AssistanceRequest(TimeStampedModel):
    """One agency's request for help, from draft through the program's decision."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tracking_number = models.CharField(
        max_length=14,
        unique=True,
        null=True,
        blank=True,
        help_text=_("CRI-YYYY-NNNNN, at submission."),
    )
    status = models.CharField(
        max_length=20, choices=RequestStatus, default=RequestStatus.DRAFT, db_index=True
    )

    # Your agency
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_requests",
    )
    unlisted_agency_name = models.CharField(_("agency name"), max_length=200, blank=True)
    unlisted_agency_type = models.CharField(
        _("agency type"), max_length=20, choices=AgencyType, blank=True
    )
    unlisted_jurisdiction_level = models.CharField(
        _("jurisdiction level"), max_length=20, choices=JurisdictionLevel, blank=True
    )
    unlisted_state = models.ForeignKey(
        "agencies.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: The agency's name as the queue sorts it (`agency_sort_key`), kept here so that sorting
    #: by agency reads one index instead of joining and sorting every row. Written by the
    #: services that set the agency, and by the directory import when an agency is renamed.
    agency_sort_name = models.CharField(
        max_length=SORT_NAME_MAX, blank=True, default="", editable=False
    )

    # You
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_requests",
    )
    requester_name = models.CharField(_("your name"), max_length=150, blank=True)
    requester_title = models.CharField(_("your title"), max_length=150, blank=True)
    requester_email = models.EmailField(_("your email address"), blank=True)
    requester_phone = models.CharField(_("your phone number"), max_length=40, blank=True)

    # Authorization
    chief_name = models.CharField(_("chief executive's name"), max_length=150, blank=True)
    chief_title = models.CharField(_("chief executive's title"), max_length=150, blank=True)
    chief_email = models.EmailField(_("chief executive's email address"), blank=True)
    attests_voluntary = models.BooleanField(default=False)
    attests_chief_supports = models.BooleanField(default=False)
    chief_confirmed_at = models.DateTimeField(null=True, blank=True)

    # What you need
    services = models.ManyToManyField("catalog.Service", blank=True, related_name="+")
    not_sure = models.BooleanField(_("not sure which service"), default=False)
    topics = models.ManyToManyField("catalog.Topic", blank=True, related_name="+")
    goals = models.ManyToManyField("catalog.Goal", blank=True, related_name="+")
    concern_scope = models.CharField(max_length=20, choices=ConcernScope, blank=True)
    narrative = models.TextField(blank=True, validators=[MaxLengthValidator(NARRATIVE_MAX)])
    desired_timeframe = models.CharField(max_length=20, choices=Timeframe, blank=True)
    earlier_assistance = models.TextField(
        _("technical assistance received before"), blank=True, validators=[MaxLengthValidator(3000)]
    )

    # Critical incident
    has_critical_incident = models.BooleanField(default=False)
    incident_date = models.DateField(null=True, blank=True)
    incident_kind = models.CharField(max_length=40, choices=IncidentKind, blank=True)
    incident_public_attention = models.CharField(max_length=20, choices=PublicAttention, blank=True)
    other_reviews_underway = models.BooleanField(null=True, blank=True)
    other_reviews_detail = models.TextField(blank=True, validators=[MaxLengthValidator(2000)])
    #: The agency asks for an immediate, confidential consultation about a pressing need.
    wants_immediate_consultation = models.BooleanField(
        _("wants an immediate, confidential consultation"), default=False
    )

    # Triage
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests_to_review",
    )
    first_response_at = models.DateTimeField(null=True, blank=True)
    #: When the request last went to "needs information"; the SLA clock is paused since then.
    clock_paused_at = models.DateTimeField(null=True, blank=True)
    #: Business days spent waiting on the agency so far (not counted against the program).
    paused_business_days = models.PositiveIntegerField(default=0)

    # Routing recommendation (computed from the routing table; recorded with its version)
    recommended_program = models.ForeignKey(
        "catalog.Program", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recommended_services = models.ManyToManyField("catalog.Service", blank=True, related_name="+")
    recommendation_reasons = models.JSONField(default=list, blank=True)
    routing_table = models.ForeignKey(
        "intake.RoutingTable", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Decision
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_program = models.ForeignKey(
        "catalog.Program", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decline_reason = models.CharField(max_length=30, choices=DeclineReason, blank=True)
    referral_target = models.CharField(max_length=30, choices=ReferralTarget, blank=True)
    decision_note = models.TextField(blank=True, validators=[MaxLengthValidator(4000)])
    withdrawal_reason = models.TextField(blank=True, validators=[MaxLengthValidator(2000)])

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [
            # The queue's bounded counts (ADR 0012) read these two alone: each holds every
            # column a count filters on (overdue needs the urgency and the paused days), so a
            # count of 1,001 rows reads 1,001 index entries and no table row. Reading the table
            # behind each entry cost 2 to 3 ms a count at 10x on SQLite, and grew with the data.
            models.Index(
                fields=["status", "submitted_at", "has_critical_incident", "paused_business_days"],
                name="intake_ar_status_submitted",
            ),
            models.Index(fields=["agency", "submitted_at"]),
            models.Index(
                fields=[
                    "reviewer",
                    "status",
                    "submitted_at",
                    "has_critical_incident",
                    "paused_business_days",
                ],
                name="intake_ar_reviewer_status",
            ),
            # Keyset pages: each sort of the queue and the lists seeks on one of these.
            models.Index(fields=["submitted_at", "id"], name="intake_ar_submitted_id"),
            models.Index(fields=["agency_sort_name", "id"], name="intake_ar_agency_sort_id"),
            # "Not assigned", newest or oldest first.
            models.Index(fields=["reviewer", "submitted_at"], name="intake_ar_reviewer_submitted"),
            # "My requests" and the agency side's lists: the requester's own, newest first.
            models.Index(
                fields=["requester", "submitted_at"], name="intake_ar_requester_submitted"
            ),
            # The API's request list for the agency side, newest created first: each part (their
            # own, their agency's) seeks on its own. Without these PostgreSQL walked the primary
            # key backward past every other agency's requests (8,700 rows at 10x, 4 ms a part).
            models.Index(fields=["agency", "id"], name="intake_ar_agency_newest"),
            models.Index(fields=["requester", "id"], name="intake_ar_requester_newest"),
            # The queue when it shows "not assigned": its counts (one a status, each bounded)
            # and its pinned urgent requests read only submitted requests without a reviewer,
            # with what they filter on (PostgreSQL reads the counts from the index alone;
            # SQLite ignores `include`). Through the reviewer index the counts read past every
            # abandoned draft, which has no reviewer either: 17,567 rows, 11 ms, for one
            # status's count at 10x, growing with the data.
            models.Index(
                fields=["status", "has_critical_incident", "submitted_at"],
                include=["id", "requester"],
                condition=Q(reviewer__isnull=True, submitted_at__isnull=False),
                name="intake_ar_unassigned",
            ),
            # The queue's pinned urgent requests, oldest first: one seek per open status. Partial
            # (critical incidents only) because SQLite cannot seek on a bare boolean column.
            models.Index(
                fields=["status", "submitted_at", "id"],
                condition=Q(has_critical_incident=True),
                name="intake_ar_critical_submitted",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(tracking_number__isnull=False),
                name="submitted_request_has_tracking_number",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_number or f"Draft request {self.public_id.hex[:8]}"

    @property
    def agency_display_name(self) -> str:
        return self.agency.name if self.agency_id else self.unlisted_agency_name

    def agency_sort_name_computed(self) -> str:
        return agency_sort_key(self.agency_display_name)


class RequestMessage(models.Model):
    """A message between program staff and the requesting agency (never an internal note)."""

    assistance_request = models.ForeignKey(
        AssistanceRequest, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    from_staff = models.BooleanField()
    kind = models.CharField(max_length=30, choices=MessageKind, default=MessageKind.MESSAGE)
    body = models.TextField(validators=[MaxLengthValidator(4000)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.assistance_request}"


class RoutingTable(TimeStampedModel):
    """A version of the routing decision table. Decisions record the version they used."""

    version = models.PositiveIntegerField(unique=True)
    is_active = models.BooleanField(
        default=False, help_text=_("The one table used for new recommendations.")
    )
    note = models.CharField(
        max_length=300, blank=True, help_text=_("What changed in this version.")
    )

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_routing_table"
            )
        ]

    def __str__(self) -> str:
        return f"Routing table v{self.version}{' (active)' if self.is_active else ''}"


class RoutingRule(models.Model):
    """One row of the routing table: when the conditions hold, recommend a program and services.

    Every condition left empty matches anything; a rule with no condition at all is a fallback.
    Rules are tried in `priority` order (lowest first); see `continuum.intake.routing`.
    """

    table = models.ForeignKey(RoutingTable, on_delete=models.CASCADE, related_name="rules")
    priority = models.PositiveIntegerField()
    name = models.CharField(max_length=120)
    # Conditions
    when_service = models.ForeignKey(
        "catalog.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The request asks for this service."),
    )
    when_not_sure = models.BooleanField(
        null=True, blank=True, help_text=_("The requester said they are not sure.")
    )
    when_incident_within_days = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("A critical incident happened within this many days.")
    )
    when_concern_scope = models.CharField(
        max_length=20, choices=ConcernScope, blank=True, help_text=_("The scope of the concern.")
    )
    when_population_min = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("The agency serves at least this many people (unknown sizes do not match)."),
    )
    when_population_max = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("The agency serves at most this many people (unknown sizes do not match)."),
    )
    when_consultation = models.BooleanField(
        null=True,
        blank=True,
        help_text=_("The agency asked (yes) or did not ask (no) for an immediate consultation."),
    )
    # Outcome
    program = models.ForeignKey("catalog.Program", on_delete=models.PROTECT, related_name="+")
    services = models.ManyToManyField("catalog.Service", blank=True, related_name="+")
    reason = models.CharField(max_length=300, help_text=_("Plain words shown to staff."))

    class Meta:
        ordering = ["table", "priority"]
        constraints = [
            models.UniqueConstraint(fields=["table", "priority"], name="routing_rule_priority")
        ]

    def __str__(self) -> str:
        return f"{self.priority}. {self.name}"


class Urgency(models.TextChoices):
    STANDARD = "standard", _("Standard")
    CRITICAL_INCIDENT = "critical_incident", _("Critical incident")


class ResponseTarget(models.Model):
    """How many business days the program has to respond first, by urgency (edited in the
    admin; seeded by migration: standard 2, critical incident 1)."""

    urgency = models.CharField(max_length=30, choices=Urgency, unique=True)
    business_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("First-response target, in business days (US federal holidays do not count)."),
    )

    class Meta:
        ordering = ["urgency"]

    def __str__(self) -> str:
        return f"{self.get_urgency_display()}: {self.business_days} business days"


class ResponseCenter(models.Model):
    """The COPS Office Response Center: the one place its phone number and hours are kept.

    One row (`key` is always "main"); pages and emails read it through
    `continuum.intake.sla.response_center()`.
    """

    key = models.CharField(max_length=20, unique=True, default="main", editable=False)
    name = models.CharField(max_length=150)
    phone = models.CharField(max_length=40)
    hours = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.phone}"


class OnCallShift(models.Model):
    """Who on the program is on call, and when: critical-incident requests alert them."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="on_call_shifts",
        limit_choices_to=Q(is_program_staff=True) | Q(is_superuser=True),
    )
    starts_on = models.DateField()
    ends_on = models.DateField(help_text=_("The last day of the shift (included)."))
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="on_call_shift_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} on call {self.starts_on} to {self.ends_on}"


class SavedQueueView(TimeStampedModel):
    """A named set of queue filters one staff member saved for themselves."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_queue_views"
    )
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=1000, blank=True, help_text=_("The queue's query string."))

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_queue_view_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
