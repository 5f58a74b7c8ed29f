"""Where each person lands after signing in: their own work, not a generic page.

Program staff and administrators land on the triage queue; people who act for an agency (a
verified member, one waiting for verification, or anyone who has made a request) on their
requests; everyone else (provider staff, experts, accounts with no role yet) on "My work", which
says plainly what they can do today.
"""

from __future__ import annotations

from django.urls import reverse

from .roles import (
    _VERIFIED_CACHE,
    Role,
    agency_membership_of,
    memberships_preload,
    pending_agency_membership_of,
    provider_membership_of,
    roles_of,
)


def has_agency_work(user) -> bool:
    """The user acts for an agency (verified or waiting) or has made a request themselves."""
    if agency_membership_of(user) is not None or pending_agency_membership_of(user) is not None:
        return True
    from continuum.intake.models import AssistanceRequest

    return AssistanceRequest.objects.filter(requester_id=user.pk).exists()


def sees_agency_pages(user) -> bool:
    """Whether the agency's pages ("My requests", asking for assistance) are offered to the user:
    people who act for an agency (verified or waiting), and accounts with no other work. Never
    provider staff, experts or program staff, for whom those pages hold nothing.

    Cheap, as every page's navigation asks it: no query for staff, one for everyone else (their
    memberships, unless already loaded), and one more only to tell a provider from nobody.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_program_staff or user.is_superuser:
        return False
    if not hasattr(user, _VERIFIED_CACHE):
        memberships_preload(user)
    if agency_membership_of(user) is not None or pending_agency_membership_of(user) is not None:
        return True
    if user.is_expert:
        return False
    return provider_membership_of(user) is None


def landing_url(user) -> str:
    roles = roles_of(user)
    if Role.PROGRAM_STAFF in roles or Role.ADMINISTRATOR in roles:
        return reverse("intake:triage_queue")
    if has_agency_work(user):
        return reverse("intake:my_requests")
    return reverse("accounts:dashboard")


def engagement_work_links(user) -> list[tuple[str, str]]:
    """The "My work" dashboard's links to engagement workspaces, as (url, label) pairs: one per
    kind of engagement work the user does. No query beyond the memberships already loaded."""
    from django.utils.translation import gettext as _

    roles = roles_of(user)
    links: list[tuple[str, str]] = []
    mine = reverse("engagements:mine")
    if Role.PROGRAM_STAFF in roles or Role.ADMINISTRATOR in roles:
        links.append((reverse("engagements:portfolio"), _("Open the program portfolio")))
    if Role.PROGRAM_STAFF in roles or Role.ADMINISTRATOR in roles:
        links.append((reverse("providers:expert_list"), _("Vet experts and see their workload")))
    if Role.EXPERT in roles:
        links.append((mine, _("See the engagements you are on and your milestones due soon")))
        links.append((reverse("providers:my_profile"), _("Keep your expert profile up to date")))
    if Role.PROVIDER_STAFF in roles:
        links.append((mine, _("See your organization's engagements")))
        links.append(
            (
                reverse("providers:organization_workspace"),
                _("Staff your organization's engagements and see your experts' workload"),
            )
        )
    if Role.AGENCY_MEMBER in roles:
        links.append((mine, _("See your agency's engagements")))
    if Role.EXPERT in roles or Role.PROVIDER_STAFF in roles:
        links.append((reverse("engagements:calendar"), _("See your meetings and site visits")))
    seen: set[str] = set()
    return [(url, label) for url, label in links if not (url in seen or seen.add(url))]
