"""Forms of the team area: assign an expert from the matches, add someone in another role,
choose the provider organization. They parse input; `services/team.py` does every write."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from continuum.accounts.models import (
    REVIEWER_CONDITION,
    AgencyMembership,
    MembershipStatus,
    ProviderMembership,
)
from continuum.catalog.models import ProviderOrganization
from continuum.core.forms import CachedSelect, ModelIdChoiceField, people_choices
from continuum.providers.models import ExpertProfile

from ..choices import TeamRole
from ..models import NOTE_MAX, Engagement

EXPERT_ROLE_CHOICES = [
    (TeamRole.EXPERT, TeamRole.EXPERT.label),
    (TeamRole.LEAD_EXPERT, TeamRole.LEAD_EXPERT.label),
]
OTHER_ROLE_CHOICES = [
    (TeamRole.PROVIDER_COORDINATOR, TeamRole.PROVIDER_COORDINATOR.label),
    (TeamRole.PROGRAM_MANAGER, TeamRole.PROGRAM_MANAGER.label),
    (TeamRole.AGENCY_CONTACT, TeamRole.AGENCY_CONTACT.label),
]


class AssignExpertForm(forms.Form):
    expert = ModelIdChoiceField(
        queryset=ExpertProfile.objects.select_related("user"),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose an expert from the list.")},
    )
    role = forms.ChoiceField(label=_("Role"), choices=EXPERT_ROLE_CHOICES)
    override_reason = forms.CharField(
        label=_("Reason to assign despite the exclusion"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE_MAX,
        required=False,
        help_text=_("Program managers only. Kept on the team record."),
    )


def eligible_people(engagement: Engagement):
    """People who may hold a non-expert role: the provider organization's staff, program staff,
    and the agency's verified members.

    A union of three id lists, each read from its own index: an OR across the user, the provider
    membership and the agency membership joined every account to both memberships (31,336 at
    10x, 15 ms on PostgreSQL) on each engagement page staff open (issue 8)."""
    users = get_user_model().objects
    # Program staff as the reviewers' partial index states it (SQLite uses a partial index only
    # for its condition as written); the outer filter keeps active accounts.
    ids = [users.filter(REVIEWER_CONDITION, is_program_staff=True).order_by().values("pk")]
    if engagement.provider_id is not None:
        ids.append(
            ProviderMembership.objects.filter(organization_id=engagement.provider_id)
            .order_by()
            .values("user_id")
        )
    if engagement.agency_id is not None:
        ids.append(
            AgencyMembership.objects.filter(
                agency_id=engagement.agency_id, status=MembershipStatus.VERIFIED
            )
            .order_by()
            .values("user_id")
        )
    first, *rest = ids
    either = first.union(*rest) if rest else first
    return users.filter(is_active=True, pk__in=either).order_by("full_name", "email")


class AddMemberForm(forms.Form):
    prefix = "member"

    role = forms.ChoiceField(label=_("Role"), choices=OTHER_ROLE_CHOICES)
    user = ModelIdChoiceField(
        label=_("Person"),
        queryset=get_user_model().objects.none(),
        empty_label=_("- Choose -"),
        help_text=_(
            "The provider organization's staff, program staff, and the agency's verified members."
        ),
        widget=CachedSelect,
    )

    def __init__(self, *args, engagement: Engagement, **kwargs):
        """The select lists the people as plain values (program staff alone are hundreds at
        national scale); the chosen one is still checked against the queryset."""
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = eligible_people(engagement)
        field.widget.choices = people_choices(field.queryset, field.empty_label)


class ProviderForm(forms.Form):
    prefix = "provider"

    provider = ModelIdChoiceField(
        label=_("Provider organization"),
        queryset=ProviderOrganization.objects.order_by("name"),
        empty_label=_("- Choose -"),
    )
