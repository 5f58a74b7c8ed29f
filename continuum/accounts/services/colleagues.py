"""A verified agency member adds a colleague: the colleague's membership waits for program staff.

Adding a colleague never grants anything by itself. It creates (or finds) the colleague's
account and asks for a membership of the adder's agency through `agency_membership_request`;
program staff verify it as they verify every other. The colleague is emailed through the outbox
with how to sign in (setting a password on the site's own reset page: no sign-in link or token
is ever written into an email body that staff can read).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from continuum.activity.outbox.services import message_enqueue
from continuum.core.workflow import TransitionForbidden

from ..models import LIVE_MEMBERSHIP_STATES, AgencyMembership, User
from ..roles import agency_membership_of
from .email import site_url
from .memberships import agency_membership_request
from .users import user_create

COLLEAGUE_TEMPLATE = "accounts.colleague_added"


@transaction.atomic
def agency_colleague_add(
    *, actor: User, email: str, full_name: str, title: str = ""
) -> AgencyMembership:
    """Ask for `email` to act for the actor's agency (as a point of contact), pending staff
    verification. Raises `TransitionForbidden` when the actor is not a verified member, and
    `ValidationError` (with the field) when the colleague already acts for another agency or is
    the actor."""
    membership = agency_membership_of(actor)
    if membership is None:
        raise TransitionForbidden(
            _("Only a verified member of an agency can add a colleague to it.")
        )
    email = User.objects.normalize_email((email or "").strip()).lower()
    full_name = (full_name or "").strip()
    if not email:
        raise ValidationError({"email": _("Enter your colleague's email address.")})
    if not full_name:
        raise ValidationError({"full_name": _("Enter your colleague's name.")})
    if email == actor.email.lower():
        raise ValidationError({"email": _("This is your own address: enter your colleague's.")})
    colleague = User.objects.select_for_update().filter(email__iexact=email).first()
    is_new = colleague is None
    if is_new:
        colleague = user_create(
            actor=actor, email=email, full_name=full_name, password=None, title=title.strip()
        )
    live = AgencyMembership.objects.filter(
        user=colleague, status__in=LIVE_MEMBERSHIP_STATES
    ).first()
    if live is not None and live.agency_id == membership.agency_id:
        raise ValidationError(
            {
                "email": _(
                    "%(email)s already acts for %(agency)s, or is waiting for program staff "
                    "to check."
                )
                % {"email": email, "agency": membership.agency.name}
            }
        )
    if live is not None:
        raise ValidationError(
            {"email": _("This person already acts for another agency, or has asked to.")}
        )
    added = agency_membership_request(
        actor=actor,
        user=colleague,
        agency=membership.agency,
        role=AgencyMembership.Role.POINT_OF_CONTACT,
        requested_via=_("Added by a colleague, %(name)s")
        % {"name": actor.full_name or actor.email},
    )
    message_enqueue(
        template=COLLEAGUE_TEMPLATE,
        to=[colleague.email],
        context={
            "colleague_name": colleague.full_name,
            "added_by": actor.full_name or actor.email,
            "agency_name": membership.agency.name,
            "new_account": is_new,
            "sign_in_url": site_url(reverse("accounts:login")),
            "set_password_url": site_url(reverse("accounts:password_reset")),
            "email": colleague.email,
        },
        target=added,
    )
    return added
