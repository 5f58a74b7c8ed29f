"""The engagement agreement (issue 9 §3): program staff prepare the terms, the agency's chief
executive reads and accepts them in the platform.

- `agreement_terms_draft(engagement, point_of_contact)`: the plain-language terms generated from
  the engagement (scope, the named point of contact, access to records and data, review of the
  workplan, disclosure of conflicts of interest, the right to withdraw at any time).
- `agreement_prepare(*, actor, engagement, point_of_contact, terms=None)`: program staff write
  (or rewrite, before acceptance) the terms; the point of contact joins the team as the
  agency's contact; the chief executive is emailed (verified address only) that it is ready.
- `agreement_accept(*, actor, agreement, name, title)`: the chief executive accepts; the exact
  text, who and when are kept and never change afterwards.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from continuum.accounts.models import AgencyMembership, MembershipStatus
from continuum.accounts.selectors import address_is_verified
from continuum.accounts.services.email import site_url
from continuum.activity.outbox.services import message_enqueue
from continuum.activity.services import event_record
from continuum.core.workflow import TransitionForbidden, TransitionNotAllowed

from ..choices import EngagementStatus, TeamRole
from ..models import Agreement, Engagement, TeamMember
from ..policy import ENGAGEMENTS

TERMS_MAX = 20_000


def _already_accepted(agreement: Agreement) -> str:
    return _(
        "The agency's chief executive accepted this agreement on %(date)s. Accepted terms "
        "cannot be changed; if the work must change, end this engagement and open a new request."
    ) % {"date": date_format(timezone.localtime(agreement.accepted_at), "F j, Y")}


def point_of_contact_choices(engagement: Engagement):
    """The people who may be named the agency's point of contact: verified members of the
    engagement's agency (active accounts), by name."""
    from continuum.accounts.models import User

    if engagement.agency_id is None:
        return User.objects.none()
    return User.objects.filter(
        is_active=True,
        agency_memberships__agency_id=engagement.agency_id,
        agency_memberships__status=MembershipStatus.VERIFIED,
    ).order_by("full_name", "email")


def _bullet_list(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def agreement_terms_draft(engagement: Engagement, point_of_contact: Any) -> str:
    """The agreement's plain-language terms, generated from the engagement."""
    agency = engagement.agency_label
    program = engagement.program.name
    services = [service.name for service in engagement.services.all()]
    scope = engagement.scope.strip() or _(
        "The scope will be set out in the workplan the agency reviews."
    )
    contact = point_of_contact.full_name or point_of_contact.email
    if point_of_contact.title:
        contact = f"{contact}, {point_of_contact.title}"
    dates = ""
    if engagement.starts_on:
        dates = _("The work is planned from %(start)s to %(end)s.") % {
            "start": date_format(engagement.starts_on, "F j, Y"),
            "end": date_format(engagement.ends_on, "F j, Y")
            if engagement.ends_on
            else _("a date agreed in the workplan"),
        }
    parts = [
        _("Agreement for technical assistance: %(agency)s and the %(program)s")
        % {"agency": agency, "program": program},
        _(
            "%(agency)s asked for this assistance voluntarily. The COPS Office's Collaborative "
            "Reform Initiative provides it through the %(program)s."
        )
        % {"agency": agency, "program": program},
        _("1. What the assistance covers") + "\n" + scope,
    ]
    if services:
        parts.append(_("Services:") + "\n" + _bullet_list(services))
    if dates:
        parts.append(dates)
    parts += [
        _("2. The agency's point of contact")
        + "\n"
        + _(
            "%(contact)s is the agency's point of contact. They arrange meetings, answer the "
            "team's questions and share the agency's documents."
        )
        % {"contact": contact},
        _("3. Access to records and data")
        + "\n"
        + _(
            "The agency gives the team access to the records, data, policies and people the work "
            "needs, as the workplan describes. The team uses them only for this engagement and "
            "protects personal and sensitive information."
        ),
        _("4. Review of the workplan")
        + "\n"
        + _(
            "The team shares a workplan with milestones and dates. The agency reviews it and may "
            "ask for changes before and during the work."
        ),
        _("5. Conflicts of interest")
        + "\n"
        + _(
            "Every expert on the team discloses any conflict of interest with the agency before "
            "joining. The agency tells the program if it learns of a conflict."
        ),
        _("6. The right to withdraw")
        + "\n"
        + _(
            "The assistance is voluntary. The agency may withdraw at any time, for any reason, "
            "by telling the program; nothing already in its record is lost."
        ),
    ]
    return "\n\n".join(str(part) for part in parts)


def _check_point_of_contact(engagement: Engagement, point_of_contact: Any) -> None:
    if point_of_contact is None:
        raise ValidationError(
            {"point_of_contact": _("Choose the agency's point of contact.")}, code="required"
        )
    if engagement.agency_id is None:
        raise ValidationError(
            _(
                "The agency is not in the directory yet, so it has no verified members to name. "
                "Add the agency to the directory and verify its members first."
            ),
            code="no_agency",
        )
    if not point_of_contact_choices(engagement).filter(pk=point_of_contact.pk).exists():
        raise ValidationError(
            {
                "point_of_contact": _(
                    "The point of contact must be a verified member of %(agency)s."
                )
                % {"agency": engagement.agency_label}
            },
            code="not_member",
        )


def _contact_join_team(*, actor: Any, engagement: Engagement, point_of_contact: Any) -> None:
    """The point of contact is on the team as the agency's contact (and only they are)."""
    live = TeamMember.objects.filter(
        engagement=engagement, role=TeamRole.AGENCY_CONTACT, left_at__isnull=True
    )
    now = timezone.now()
    live.exclude(user_id=point_of_contact.pk).update(left_at=now, updated_at=now)
    if not live.filter(user_id=point_of_contact.pk).exists():
        member = TeamMember(
            engagement=engagement,
            user=point_of_contact,
            role=TeamRole.AGENCY_CONTACT,
            added_by=actor,
        )
        member.full_clean()
        member.save()


def _chief_executives(engagement: Engagement):
    return (
        AgencyMembership.objects.filter(
            agency_id=engagement.agency_id,
            status=MembershipStatus.VERIFIED,
            role=AgencyMembership.Role.EXECUTIVE,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("pk")
    )


def _ready_email_send(engagement: Engagement, agreement: Agreement) -> int:
    """Email each verified chief executive (verified address only). Returns how many."""
    sent = 0
    url = site_url(reverse("engagements:agreement", kwargs={"public_id": engagement.public_id}))
    for membership in _chief_executives(engagement):
        chief = membership.user
        if not address_is_verified(chief.email):
            continue
        message_enqueue(
            template="engagements.agreement_ready",
            to=[chief.email],
            context={
                "chief_name": chief.full_name,
                "agency_name": engagement.agency_label,
                "program_name": engagement.program.name,
                "agreement_url": url,
                "site_name": settings.CONTINUUM["SITE_NAME"],
            },
            target=agreement,
        )
        sent += 1
    return sent


@transaction.atomic
def agreement_prepare(
    *, actor: Any, engagement: Engagement, point_of_contact: Any, terms: str | None = None
) -> Agreement:
    """Write the agreement's terms (generated from the engagement unless `terms` is given),
    name the agency's point of contact, and tell the chief executive it is ready.

    Program staff only (`TransitionForbidden` otherwise), while the engagement is in planning
    (`TransitionNotAllowed`). Once accepted, the terms are never changed (`TransitionNotAllowed`
    with a plain message). Bad input raises `ValidationError`.
    """
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if not ENGAGEMENTS.allows("manage", actor, engagement):
        raise TransitionForbidden(_("Only program staff prepare the agreement."))
    existing = Agreement.objects.select_for_update().filter(engagement=engagement).first()
    if existing is not None and existing.is_accepted:
        raise TransitionNotAllowed(_already_accepted(existing))
    if engagement.status != EngagementStatus.PLANNING:
        raise TransitionNotAllowed(
            _("The agreement is prepared while the engagement is in planning; it is %(status)s.")
            % {"status": engagement.get_status_display().lower()}
        )
    _check_point_of_contact(engagement, point_of_contact)
    text = (terms or "").strip() or agreement_terms_draft(engagement, point_of_contact)
    if len(text) > TERMS_MAX:
        raise ValidationError(
            {"terms": _("Keep the terms under %(max)s characters.") % {"max": f"{TERMS_MAX:,}"}}
        )
    agreement = existing or Agreement(engagement=engagement)
    replaced = existing is not None
    agreement.terms = text
    agreement.point_of_contact = point_of_contact
    agreement.prepared_by = actor
    if replaced:
        agreement.prepared_at = timezone.now()  # the time of this version of the terms
    agreement.full_clean()
    agreement.save()
    _contact_join_team(actor=actor, engagement=engagement, point_of_contact=point_of_contact)
    emailed = _ready_email_send(engagement, agreement)
    event_record(
        actor=actor,
        verb="agreement_revised" if replaced else "agreement_prepared",
        target=engagement,
        note=_("Point of contact: %(name)s.") % {"name": point_of_contact.full_name},
        data={
            "agreement": agreement.pk,
            "point_of_contact": point_of_contact.pk,
            "chief_executives_emailed": emailed,
        },
    )
    return agreement


@transaction.atomic
def agreement_accept(*, actor: Any, agreement: Agreement, name: str, title: str) -> Agreement:
    """The agency's chief executive accepts the terms, typing their name and title.

    Keeps the text exactly as it was shown, who accepted and when. Raises
    `TransitionForbidden` for anyone but a verified chief executive of the engagement's agency,
    `TransitionNotAllowed` when it is accepted already or the engagement has ended, and
    `ValidationError` for a missing name or title.
    """
    agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("engagement")
        .get(pk=agreement.pk)
    )
    engagement = agreement.engagement
    if not ENGAGEMENTS.allows("accept_agreement", actor, engagement):
        raise TransitionForbidden(_("Only the agency's chief executive may accept the agreement."))
    if agreement.is_accepted:
        raise TransitionNotAllowed(_already_accepted(agreement))
    if engagement.status != EngagementStatus.PLANNING:
        raise TransitionNotAllowed(
            _("This engagement is %(status)s, so its agreement can no longer be accepted.")
            % {"status": engagement.get_status_display().lower()}
        )
    errors = {}
    name, title = (name or "").strip(), (title or "").strip()
    if not name:
        errors["name"] = _("Type your full name to sign.")
    if not title:
        errors["title"] = _("Type your title.")
    if errors:
        raise ValidationError(errors)
    agreement.accepted_by = actor
    agreement.accepted_name = name
    agreement.accepted_title = title
    agreement.accepted_at = timezone.now()
    agreement.full_clean()
    agreement.save(update_fields=["accepted_by", "accepted_name", "accepted_title", "accepted_at"])
    event_record(
        actor=actor,
        verb="agreement_accepted",
        target=engagement,
        note=_("Accepted by %(name)s, %(title)s.") % {"name": name, "title": title},
        data={"agreement": agreement.pk},
    )
    return agreement
