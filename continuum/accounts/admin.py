from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Q

from .forms import UserAdminChangeForm, UserAdminCreationForm
from .models import AgencyMembership, ProviderMembership, User
from .roles import ROLE_LABELS, Role

#: The query that finds holders of each role; the public role means "no other role".
ROLE_FILTERS: dict[Role, Q] = {
    Role.ADMINISTRATOR: Q(is_superuser=True),
    Role.PROGRAM_STAFF: Q(is_program_staff=True),
    Role.EXPERT: Q(is_expert=True),
    Role.AGENCY_MEMBER: Q(agency_membership__isnull=False),
    Role.PROVIDER_STAFF: Q(provider_membership__isnull=False),
}


class RoleListFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(role.value, ROLE_LABELS[role]) for role in Role if role != Role.PUBLIC] + [
            (Role.PUBLIC.value, "No role yet")
        ]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        try:
            role = Role(self.value())
        except ValueError:
            return queryset.none()
        if role == Role.PUBLIC:
            no_role = Q()
            for condition in ROLE_FILTERS.values():
                no_role &= ~condition
            return queryset.filter(no_role)
        return queryset.filter(ROLE_FILTERS[role])


class AgencyMembershipInline(admin.StackedInline):
    model = AgencyMembership
    extra = 0
    max_num = 1
    autocomplete_fields = ["agency"]


class ProviderMembershipInline(admin.StackedInline):
    model = ProviderMembership
    extra = 0
    max_num = 1


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts sign in with their email address; roles are flags and memberships."""

    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    list_display = [
        "email",
        "full_name",
        "is_program_staff",
        "is_expert",
        "is_superuser",
        "is_active",
        "last_login",
    ]
    list_filter = [
        RoleListFilter,
        "is_program_staff",
        "is_expert",
        "is_superuser",
        "is_staff",
        "is_active",
        "groups",
    ]
    search_fields = ["email", "full_name", "title"]
    ordering = ["email"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "title", "phone")}),
        (
            "Roles",
            {
                "fields": (
                    "is_active",
                    "is_program_staff",
                    "is_expert",
                    "is_superuser",
                    "is_staff",
                ),
                "description": (
                    "Administrators are superusers with administration site access. "
                    "Agency and provider organization roles are the memberships below."
                ),
            },
        ),
        (
            "Detailed permissions",
            {"fields": ("groups", "user_permissions"), "classes": ("collapse",)},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )

    def get_inlines(self, request, obj):
        # Memberships are added once the account exists.
        return [AgencyMembershipInline, ProviderMembershipInline] if obj else []


@admin.register(AgencyMembership)
class AgencyMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "agency__state"]
    search_fields = ["user__email", "user__full_name", "agency__name", "agency__ori9"]
    autocomplete_fields = ["user", "agency"]


@admin.register(ProviderMembership)
class ProviderMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role", "organization"]
    list_select_related = ["user", "organization"]
    search_fields = ["user__email", "user__full_name", "organization__name"]
    autocomplete_fields = ["user"]
