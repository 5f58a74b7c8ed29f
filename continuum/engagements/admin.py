from django.contrib import admin

from .models import Engagement


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    """Read-mostly: engagements are created by accepting a request, never by hand here."""

    list_display = ("__str__", "agency", "program", "status", "created_at")
    list_filter = ("status", "program")
    search_fields = ("agency__name", "assistance_request__tracking_number")
    list_select_related = ("agency__state", "program", "assistance_request")
    readonly_fields = ("agency", "assistance_request", "program", "services", "status")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
