from django.contrib import admin

from .models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only."""

    list_display = [
        "created_at",
        "actor",
        "verb",
        "target_repr",
        "from_state",
        "to_state",
        "shown_to",
    ]
    list_filter = ["verb", "target_type"]
    search_fields = ["target_repr", "note", "actor__email"]
    date_hierarchy = "created_at"

    @admin.display(description="Shown to")
    def shown_to(self, obj: Event) -> str:
        return ", ".join(obj.audience_labels)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


from .outbox import admin as outbox_admin  # noqa: E402, F401 (registers the outbox's admin)
