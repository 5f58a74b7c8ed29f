"""Documents in the administration site: read-only (uploads go through the services)."""

from django.contrib import admin

from .models import Document, DocumentVersion


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    can_delete = False
    fields = ("number", "original_name", "size", "content_type", "sha256", "uploaded_by")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "visibility", "target_type", "target_id", "created_at")
    list_filter = ("kind", "target_type")
    search_fields = ("name",)
    readonly_fields = (
        "public_id",
        "target_type",
        "target_id",
        "name",
        "kind",
        "visibility",
        "uploaded_by",
        "created_at",
        "latest_version",
    )
    inlines = [VersionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
