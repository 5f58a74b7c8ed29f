from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from continuum.activity.services import event_record

from . import services
from .forms import AgencyMembershipAdminForm, UserAdminChangeForm, UserAdminCreationForm
from .models import (
    LIVE_MEMBERSHIP_STATES,
    AgencyMembership,
    MembershipStatus,
    ProviderMembership,
    User,
)
from .roles import ROLE_LABELS, Role

ROLE_FLAGS = ("is_program_staff", "is_expert", "is_superuser", "is_staff")

#: The query that finds holders of each role; the public role means "no other role".
ROLE_FILTERS: dict[Role, Q] = {
    Role.ADMINISTRATOR: Q(is_superuser=True),
    Role.PROGRAM_STAFF: Q(is_program_staff=True),
    Role.EXPERT: Q(is_expert=True),
    Role.AGENCY_MEMBER: Q(agency_memberships__status=MembershipStatus.VERIFIED),
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


class _ReadOnlyInline(admin.TabularInline):
    """Memberships are shown on the account's page but changed on their own pages, where every
    change goes through the services (and leaves an event)."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AgencyMembershipInline(_ReadOnlyInline):
    model = AgencyMembership
    fk_name = "user"
    fields = ["agency", "role", "status", "verification_method", "verified_by", "verified_at"]
    readonly_fields = fields


class ProviderMembershipInline(_ReadOnlyInline):
    model = ProviderMembership
    fields = ["organization", "role"]
    readonly_fields = fields


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

    def save_model(self, request, obj, form, change):
        """Role flags change only through `user_roles_set` (which records an event)."""
        if not change:
            super().save_model(request, obj, form, change)
            event_record(actor=request.user, verb="account_created", target=obj, internal=True)
            return
        wanted = {name: bool(getattr(obj, name)) for name in ROLE_FLAGS}
        stored = User.objects.filter(pk=obj.pk).values(*ROLE_FLAGS).get()
        for name in ROLE_FLAGS:
            setattr(obj, name, stored[name])
        super().save_model(request, obj, form, change)
        services.user_roles_set(
            actor=request.user,
            user=obj,
            is_program_staff=wanted["is_program_staff"],
            is_expert=wanted["is_expert"],
            # Administrators are superusers with site access; the two flags move together.
            is_administrator=wanted["is_superuser"],
        )
        obj.refresh_from_db()


def _copy_saved(saved, obj) -> None:
    """The admin goes on with its own instance (for its log and messages): give it the row the
    service saved."""
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False


@admin.register(AgencyMembership)
class AgencyMembershipAdmin(admin.ModelAdmin):
    """Adding a membership asks for it (program staff then verify it on their page) or, with a
    method, verifies it at once; both through the services. Rows are never edited here."""

    form = AgencyMembershipAdminForm
    list_display = ["user", "agency", "role", "status", "verification_method", "created_at"]
    list_filter = ["status", "role", "verification_method"]
    list_select_related = ["user", "agency__state"]
    search_fields = ["user__email", "user__full_name", "agency__name", "agency__ori9"]
    autocomplete_fields = ["user", "agency"]
    actions = ["end_memberships"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [f.name for f in AgencyMembership._meta.fields]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "agency", "role", "verification_method", "verification_note"]
        return [f.name for f in AgencyMembership._meta.fields if f.name != "id"]

    def has_delete_permission(self, request, obj=None):
        return False  # ended memberships are kept as history

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing is editable on an existing membership
        data = form.cleaned_data
        if data.get("verification_method"):
            saved = services.agency_membership_grant(
                actor=request.user,
                user=data["user"],
                agency=data["agency"],
                role=data["role"],
                method=data["verification_method"],
                note=data.get("verification_note", ""),
                requested_via=_("The administration site"),
            )
        else:
            saved = services.agency_membership_request(
                actor=request.user,
                user=data["user"],
                agency=data["agency"],
                role=data["role"],
                requested_via=_("The administration site"),
            )
        _copy_saved(saved, obj)

    def save_related(self, request, form, formsets, change):
        pass

    @admin.action(description=_("End the selected memberships"))
    def end_memberships(self, request, queryset):
        ended = 0
        for membership in queryset.filter(status__in=LIVE_MEMBERSHIP_STATES):
            services.agency_membership_end(
                actor=request.user,
                membership=membership,
                note=_("Ended on the administration site."),
            )
            ended += 1
        self.message_user(request, _("%(count)s memberships ended.") % {"count": ended})


@admin.register(ProviderMembership)
class ProviderMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role", "organization"]
    list_select_related = ["user", "organization"]
    search_fields = ["user__email", "user__full_name", "organization__name"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        """Through `provider_membership_set`, which records an event."""
        saved = services.provider_membership_set(
            actor=request.user,
            user=form.cleaned_data["user"],
            organization=form.cleaned_data["organization"],
            role=form.cleaned_data["role"],
        )
        _copy_saved(saved, obj)

    def has_delete_permission(self, request, obj=None):
        return False
