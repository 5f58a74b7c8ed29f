from django.contrib import admin

from .models import Agency, State


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
        # Keep the directory search in step with edits made here.
        obj.search_text = obj.build_search_text()
        super().save_model(request, obj, form, change)
