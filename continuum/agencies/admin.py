from django.contrib import admin
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .models import Agency, State, Tribe
from .services import agency_delete, agency_save, directory_changed


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ["name", "usps", "fips", "ori_prefix", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "usps", "fips", "ori_prefix"]
    ordering = ["name"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "ori9",
        "agency_type",
        "jurisdiction_level",
        "state",
        "county",
        "city",
        "population_served",
    ]
    list_filter = ["agency_type", "jurisdiction_level", "state__kind", "state"]
    list_select_related = ["state"]
    search_fields = ["name", "ori9", "ori7", "city", "county"]
    readonly_fields = ["search_text", "source", "created_at", "updated_at"]
    list_per_page = 50
    show_full_result_count = False  # the directory holds ~19,000 rows: skip the extra count
    fieldsets = [
        (None, {"fields": ["name", "ori9", "ori7", "agency_type", "jurisdiction_level"]}),
        ("Place", {"fields": ["state", "county", "city", "fips_place", "latitude", "longitude"]}),
        ("Size", {"fields": ["population_served", "sworn_officers"]}),
        ("Record", {"fields": ["source", "search_text", "created_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        # Through the service: the search and the public directory pages follow the edit.
        agency_save(agency=obj)

    def delete_model(self, request, obj):
        agency_delete(agency=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            ids = list(queryset.values_list("pk", flat=True))
            queryset.delete()
            directory_changed(agency_ids=ids)


@admin.register(Tribe)
class TribeAdmin(admin.ModelAdmin):
    """Reference data from the BIA Tribal Leaders Directory, shown read-only: import_agencies
    keeps it (an edit here would be undone by the next import, and would leave no trail)."""

    list_display = ["name", "component", "bia_region", "hq_city", "state", "location_type"]
    list_filter = ["component", "bia_region", "location_type", "state"]
    list_select_related = ["state"]
    search_fields = ["name", "short_name", "alternate_name", "hq_city"]
    readonly_fields = ["source", "created_at", "updated_at"]
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "short_name", "alternate_name", "component", "organization"]}),
        (
            _("Bureau of Indian Affairs"),
            {"fields": ["bia_region", "bia_agency", "ancsa_region", "location_type"]},
        ),
        (
            _("Headquarters"),
            {"fields": ["hq_city", "state", "hq_zip", "website", "latitude", "longitude"]},
        ),
        (_("Record"), {"fields": ["source", "created_at", "updated_at"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
