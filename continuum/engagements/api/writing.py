"""What the API's writes share: the permission asked before any reference is looked up, the
references (a team member by id, an agency by ORI) turned into rows, and the services' field
errors named as the API's fields.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from continuum.agencies.models import Agency

from ..models import Engagement
from ..policy import ENGAGEMENTS


def require_work(user: Any, engagement: Engagement) -> None:
    """403 for a caller who sees the engagement but may not work on it (the agency side),
    asked first so that the answer does not depend on what else they sent."""
    if not ENGAGEMENTS.allows("work", user, engagement):
        raise PermissionDenied(
            _("Only program staff and the team delivering the assistance can do this.")
        )


def team_member_user(engagement: Engagement, user_id: int | None, field: str) -> Any:
    """The user `user_id` when on the engagement's team now; a 422 on `field` otherwise (the
    same message whether or not such a person exists)."""
    if user_id is None:
        return None
    user = (
        get_user_model()
        .objects.filter(
            pk=user_id,
            team_memberships__engagement=engagement,
            team_memberships__left_at__isnull=True,
        )
        .first()
    )
    if user is None:
        raise ValidationError({field: _("Choose the owner from the engagement's team.")})
    return user


def agency_by_ori(value: str | None, field: str) -> Agency | None:
    """The directory's agency with this ORI (9 characters, or 7); a 422 on `field` if none."""
    ori = (value or "").strip().upper()
    if not ori:
        return None
    agency = Agency.objects.filter(ori9=ori).first() or (
        Agency.objects.filter(ori7=ori).order_by("pk").first() if len(ori) == 7 else None
    )
    if agency is None:
        raise ValidationError(
            {field: _("No agency in the national directory has the ORI %(ori)s.") % {"ori": ori}}
        )
    return agency


def renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """`error` with its fields named as the API names them (`owner` -> `owner_id`, ...)."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(field, field): messages for field, messages in error.message_dict.items()}
    )
