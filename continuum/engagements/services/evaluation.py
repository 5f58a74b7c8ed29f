"""The agency's evaluation of a closed engagement (issue 9 §7).

When the engagement closes, `evaluation_send` makes the evaluation with a random token (only its
sha256 hash is stored) and emails the link to the agency's point of contact or requester (a
verified address). The agency answers once: through the link (no sign-in: the token is the key)
or, signed in, from the engagement's page.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.accounts.selectors import address_is_verified
from continuum.activity.services import event_record
from continuum.core.policy import Audience

from ..choices import Effectiveness, EngagementStatus, Satisfaction, TeamRole
from ..models import Engagement, Evaluation
from ..policy import relation_of
from . import delivery_mail


def token_hash(token: str) -> str:
    return hashlib.sha256(str(token).encode()).hexdigest()


def evaluation_recipient(engagement: Engagement) -> str:
    """The first verified address of: the agreement's point of contact, the agency point of
    contact on the team, the requester. Empty when none is verified."""
    candidates = []
    agreement = getattr(engagement, "agreement", None)
    if agreement is not None and agreement.point_of_contact_id:
        candidates.append(agreement.point_of_contact.email)
    candidates += list(
        engagement.team.filter(role=TeamRole.AGENCY_CONTACT, left_at__isnull=True)
        .order_by("created_at")
        .values_list("user__email", flat=True)
    )
    ar = engagement.assistance_request
    candidates.append(ar.requester_email or (ar.requester.email if ar.requester_id else ""))
    for address in candidates:
        if address and address_is_verified(address):
            return address
    return ""


@transaction.atomic
def evaluation_send(*, actor: Any, engagement: Engagement) -> Evaluation:
    """Make the closed engagement's evaluation and email its link (once per engagement).

    Returns the evaluation; a second call returns the existing one without sending again.
    """
    if engagement.status != EngagementStatus.CLOSED:
        raise ValidationError(_("The evaluation is sent once the engagement is closed."))
    existing = Evaluation.objects.filter(engagement=engagement).first()
    if existing is not None:
        return existing
    token = secrets.token_urlsafe(32)
    recipient = evaluation_recipient(engagement)
    evaluation = Evaluation(engagement=engagement, token_hash=token_hash(token), sent_to=recipient)
    evaluation.full_clean(exclude=[] if recipient else ["sent_to"])
    evaluation.save()
    if recipient:
        delivery_mail.evaluation_invite(engagement, to=recipient, token=token)
    event_record(
        actor=actor,
        verb="evaluation_sent" if recipient else "evaluation_opened",
        target=engagement,
        audiences=Audience.STAFF | Audience.AGENCY,
    )
    return evaluation


def evaluation_for_token(token: str) -> Evaluation | None:
    """The unanswered evaluation of this link's token, or None (wrong or used token)."""
    token = str(token or "")
    if not 20 <= len(token) <= 100:
        return None
    return (
        Evaluation.objects.select_related("engagement__program", "engagement__agency")
        .filter(token_hash=token_hash(token), completed_at__isnull=True)
        .first()
    )


def _choice(value: Any, choices, *, field: str, message: str):
    values = {str(v): v for v in choices.values}
    if str(value) not in values:
        raise ValidationError({field: message})
    return values[str(value)]


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("yes", "true", "1"):
        return True
    if text in ("no", "false", "0"):
        return False
    raise ValidationError({"would_recommend": _("Say whether you would recommend it.")})


@transaction.atomic
def evaluation_answer(
    *,
    actor: Any,
    evaluation: Evaluation,
    effectiveness: str,
    satisfaction: Any,
    what_changed: str = "",
    would_recommend: Any,
    respondent_name: str = "",
    by_link: bool = False,
) -> Evaluation:
    """Record the agency's answers, once.

    Through the emailed link (`by_link=True`) the token is the key; signed in, the actor must be
    on the agency side of the engagement.
    """
    row = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("engagement")
        .get(pk=evaluation.pk)
    )
    if not by_link and not relation_of(actor, row.engagement).agency:
        raise PermissionDenied(_("You do not have permission to do this."))
    if row.completed_at is not None:
        raise ValidationError(_("This evaluation has already been answered. Thank you."))
    row.effectiveness = _choice(
        effectiveness,
        Effectiveness,
        field="effectiveness",
        message=_("Say whether the assistance met your agency's goals."),
    )
    row.satisfaction = _choice(
        satisfaction,
        Satisfaction,
        field="satisfaction",
        message=_("Choose how satisfied you are, from 1 to 5."),
    )
    row.what_changed = str(what_changed or "").strip()
    row.would_recommend = _yes_no(would_recommend)
    row.respondent_name = str(respondent_name or "").strip()
    if not row.respondent_name and getattr(actor, "is_authenticated", False):
        row.respondent_name = getattr(actor, "full_name", "") or ""
    row.completed_at = timezone.now()
    row.full_clean(exclude=["sent_to"])
    row.save()
    event_record(
        actor=actor,
        verb="evaluation_answered",
        target=row.engagement,
        audiences=Audience.STAFF | Audience.AGENCY,
        data={"effectiveness": row.effectiveness, "satisfaction": row.satisfaction},
    )
    for f in ("effectiveness", "satisfaction", "what_changed", "would_recommend", "completed_at"):
        setattr(evaluation, f, getattr(row, f))
    return row
