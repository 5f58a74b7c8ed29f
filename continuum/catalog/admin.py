"""Administration of the catalog: the reference data seeded by migrations and edited here."""

from django.contrib import admin
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from .models import Goal, PartnerMembership, Program, ProviderOrganization, Service, Topic
from .services import (
    catalog_changed,
    catalog_object_delete,
    catalog_object_save,
    catalog_rows_delete,
)


class CatalogAdmin(admin.ModelAdmin):
    """Every save and delete goes through the catalog's services, so public pages built from
    the catalog show the change at once (their cache is invalidated on commit)."""

    def save_model(self, request, obj, form, change):
        catalog_object_save(obj=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        catalog_changed()  # inlines and many-to-many fields are saved after the row

    def delete_model(self, request, obj):
        catalog_object_delete(obj=obj)

    def delete_queryset(self, request, queryset):
        catalog_rows_delete(queryset=queryset)


class ServiceInline(admin.TabularInline):
    model = Service
    fk_name = "program"
    fields = ["order", "name", "slug", "parent", "summary", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["order", "name"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            program_id = request.resolver_match.kwargs.get("object_id")
            queryset = Service.objects.filter(parent__isnull=True)
            kwargs["queryset"] = (
                queryset.filter(program_id=program_id) if program_id else queryset.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Program)
class ProgramAdmin(CatalogAdmin):
    list_display = ["order", "name", "short_name", "slug", "service_count", "is_active"]
    list_display_links = ["name"]
    list_filter = ["is_active", "delivered_by_partners"]
    search_fields = ["name", "short_name", "slug", "summary"]
    ordering = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ServiceInline]
    fields = [
        "order",
        "name",
        "short_name",
        "slug",
        "summary",
        "description",
        "who_it_is_for",
        "delivered_by_partners",
        "is_active",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_service_count=Count("services"))

    @admin.display(description="services", ordering="_service_count")
    def service_count(self, obj):
        return obj._service_count


@admin.register(Service)
class ServiceAdmin(CatalogAdmin):
    list_display = ["name", "program", "parent", "order", "slug", "is_active"]
    list_filter = ["program", ("parent", admin.RelatedOnlyFieldListFilter), "is_active"]
    list_select_related = ["program", "parent"]
    search_fields = ["name", "slug", "summary"]
    ordering = ["program__order", "order", "name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fields = ["program", "parent", "order", "name", "slug", "summary", "is_active"]


@admin.register(Goal)
class GoalAdmin(CatalogAdmin):
    list_display = ["number", "name", "slug"]
    list_display_links = ["name"]
    search_fields = ["name", "slug", "summary"]
    ordering = ["number"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(CatalogAdmin):
    list_display = ["name", "slug", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PartnerMembershipInline(admin.TabularInline):
    model = PartnerMembership
    fields = ["start_date", "end_date", "is_lead", "note"]
    ordering = ["start_date"]
    extra = 0


class CurrentPartnerFilter(admin.SimpleListFilter):
    title = "partner today"
    parameter_name = "partner_today"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(_is_partner_today=True)
        if self.value() == "no":
            return queryset.filter(_is_partner_today=False)
        return queryset


@admin.register(ProviderOrganization)
class ProviderOrganizationAdmin(CatalogAdmin):
    list_display = ["name", "acronym", "kind", "is_partner_today"]
    list_filter = ["kind", CurrentPartnerFilter]
    search_fields = ["name", "acronym", "slug"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartnerMembershipInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "website":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        today = timezone.localdate()
        current = PartnerMembership.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today),
            organization=OuterRef("pk"),
            start_date__lte=today,
        )
        return super().get_queryset(request).annotate(_is_partner_today=Exists(current))

    @admin.display(description="partner today", boolean=True, ordering="_is_partner_today")
    def is_partner_today(self, obj):
        return obj._is_partner_today
