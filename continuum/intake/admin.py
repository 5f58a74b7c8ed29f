"""Administration of intake: routing tables (edited here), requests and counters (read only)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Max

from continuum.core.workflow import TransitionError

from .models import (
    AssistanceRequest,
    OnCallShift,
    RequestMessage,
    ResponseCenter,
    ResponseTarget,
    RoutingRule,
    RoutingTable,
    TrackingCounter,
)
from .services.routing_tables import (
    routing_rules_save,
    routing_table_activate,
    routing_table_copy,
    routing_table_save,
)


class RoutingRuleInline(admin.StackedInline):
    model = RoutingRule
    extra = 0
    ordering = ("priority",)
    autocomplete_fields = ()
    filter_horizontal = ("services",)
    fieldsets = (
        (None, {"fields": (("priority", "name"),)}),
        (
            "When (empty conditions match anything)",
            {
                "fields": (
                    "when_service",
                    "when_not_sure",
                    "when_incident_within_days",
                    "when_concern_scope",
                    ("when_population_min", "when_population_max"),
                    "when_consultation",
                )
            },
        ),
        ("Recommend", {"fields": ("program", "services", "reason")}),
    )


@admin.register(RoutingTable)
class RoutingTableAdmin(admin.ModelAdmin):
    """Edit a version's rules here. To change the rules in use, copy the active version, edit
    the copy, then make it active: every decision keeps the version it used."""

    list_display = ("__str__", "version", "is_active", "note", "updated_at")
    readonly_fields = ("is_active",)
    fields = ("version", "is_active", "note")
    inlines = [RoutingRuleInline]
    actions = ["copy_as_new_version", "make_active"]

    def get_changeform_initial_data(self, request):
        latest = RoutingTable.objects.aggregate(v=Max("version"))["v"] or 0
        return {"version": latest + 1}

    def has_delete_permission(self, request, obj=None):
        # A version that routed requests must stay; deleting is refused by the database anyway.
        return False

    def save_model(self, request, obj, form, change):
        routing_table_save(
            actor=request.user, table=obj, changed=list(form.changed_data), created=not change
        )

    def save_formset(self, request, form, formset, change):
        routing_rules_save(actor=request.user, table=form.instance, formset=formset)

    @admin.action(description="Copy as a new version")
    def copy_as_new_version(self, request, queryset):
        for table in queryset.order_by("version"):
            try:
                copy = routing_table_copy(actor=request.user, table=table)
            except (TransitionError, ValidationError) as exc:
                self.message_user(request, _message(exc), messages.ERROR)
                return
            self.message_user(
                request,
                f"Version {table.version} was copied as version {copy.version} (not active yet).",
                messages.SUCCESS,
            )

    @admin.action(description="Make active (use for new recommendations)")
    def make_active(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one version to make active.", messages.ERROR)
            return
        try:
            table = routing_table_activate(actor=request.user, table=queryset.get())
        except (TransitionError, ValidationError) as exc:
            self.message_user(request, _message(exc), messages.ERROR)
            return
        self.message_user(request, f"Version {table.version} is now active.", messages.SUCCESS)


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


class RequestMessageInline(admin.TabularInline):
    model = RequestMessage
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "from_staff", "author", "body")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AssistanceRequest)
class AssistanceRequestAdmin(admin.ModelAdmin):
    """Read only: requests change through the request form and the triage pages."""

    list_display = (
        "__str__",
        "agency_display_name",
        "status",
        "submitted_at",
        "recommended_program",
        "decided_program",
        "reviewer",
    )
    list_filter = ("status", "recommended_program", "decided_program", "has_critical_incident")
    search_fields = ("tracking_number", "agency__name", "unlisted_agency_name", "requester_email")
    list_select_related = ("agency__state", "recommended_program", "decided_program", "reviewer")
    date_hierarchy = "submitted_at"
    inlines = [RequestMessageInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + [
            f.name for f in self.model._meta.many_to_many
        ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrackingCounter)
class TrackingCounterAdmin(admin.ModelAdmin):
    """Read only: numbers only go up, so none is ever handed out twice."""

    list_display = ("year", "last_number")
    readonly_fields = ("year", "last_number")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ResponseTarget)
class ResponseTargetAdmin(admin.ModelAdmin):
    """First-response targets by urgency: reference data, edited here."""

    list_display = ("urgency", "business_days")

    def has_add_permission(self, request) -> bool:
        # One row per urgency, seeded by migration.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ResponseCenter)
class ResponseCenterAdmin(admin.ModelAdmin):
    """The Response Center's phone number and hours, shown on urgent confirmations."""

    list_display = ("name", "phone", "hours", "email")

    def has_add_permission(self, request) -> bool:
        return not ResponseCenter.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OnCallShift)
class OnCallShiftAdmin(admin.ModelAdmin):
    """The on-call rota: who is alerted of critical-incident requests, and when."""

    list_display = ("staff", "starts_on", "ends_on", "note")
    list_filter = ("starts_on",)
    autocomplete_fields = ()
    date_hierarchy = "starts_on"
