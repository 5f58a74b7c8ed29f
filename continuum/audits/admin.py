from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import AuditRun
from .services import audit_runs_stop


@admin.register(AuditRun)
class AuditRunAdmin(admin.ModelAdmin):
    """Read-only: runs are queued from the engagement's pages and moved by the worker. The one
    change made here, marking a stuck run as failed, goes through the service."""

    list_display = (
        "public_id",
        "engagement",
        "status",
        "percent_done",
        "created_at",
        "started_at",
        "finished_at",
    )
    list_filter = ("status",)
    search_fields = ("engagement__assistance_request__tracking_number",)
    list_select_related = ("engagement__program", "engagement__assistance_request")
    date_hierarchy = "created_at"
    actions = ("mark_stopped",)
    fields = (
        "public_id",
        "engagement",
        "document",
        "status",
        "progress",
        "progress_message",
        "error",
        "mapping",
        "options",
        "deliverable",
        "requested_by",
        "task_id",
        "created_at",
        "started_at",
        "heartbeat_at",
        "finished_at",
    )
    readonly_fields = fields

    @admin.display(description=_("progress"), ordering="progress")
    def percent_done(self, run: AuditRun) -> str:
        return f"{run.percent}%"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # A run's own page is read-only; the list keeps the change right its action needs.
        return obj is None and super().has_change_permission(request)

    @admin.action(description=_("Mark as failed (stopped)"), permissions=["change"])
    def mark_stopped(self, request, queryset):
        try:
            failed = audit_runs_stop(actor=request.user, runs=queryset)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        skipped = queryset.count() - failed
        self.message_user(
            request,
            ngettext(
                "%(n)d audit run marked as failed.", "%(n)d audit runs marked as failed.", failed
            )
            % {"n": failed},
            messages.SUCCESS if failed else messages.WARNING,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(n)d run was left as it is: it had already finished.",
                    "%(n)d runs were left as they are: they had already finished.",
                    skipped,
                )
                % {"n": skipped},
                messages.INFO,
            )
