"""Verifying an account's email address through an emailed, signed and timed link.

The link carries `{"user": pk, "email": address}` signed with `TimestampSigner` (valid 3 days).
Opening it records an `email_verified` event on the account, read back by
`continuum.accounts.selectors.email_is_verified`. Changing the account's address makes old
links useless (the address is in the token).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from continuum.activity.outbox.services import message_enqueue
from continuum.activity.services import event_record

from ..models import LinkSend, User, VerifiedAddress
from ..selectors import email_is_verified
from .sending import link_send_allow

#: The salt predates the move to accounts; kept so links already emailed keep working.
EMAIL_VERIFY_SALT = "continuum.intake.email-verify"
EMAIL_VERIFY_MAX_AGE = datetime.timedelta(days=3)

LINK_INVALID = gettext_lazy(
    "This link is not valid. Check that you copied the whole link from the email, or ask for a "
    "new one."
)


def site_url(path: str) -> str:
    return settings.CONTINUUM["SITE_URL"].rstrip("/") + path


def email_verify_token(user: User) -> str:
    """A signed, timed token naming the account and the address it confirms."""
    return signing.TimestampSigner(salt=EMAIL_VERIFY_SALT).sign_object(
        {"user": user.pk, "email": user.email.lower()}
    )


def email_verify_url(user: User) -> str:
    return site_url(reverse("accounts:verify_email", kwargs={"token": email_verify_token(user)}))


def requester_verification_send(*, user: User) -> None:
    """Email the account a link to verify its address (queued in the outbox, sent after commit).

    Raises `LinkSendLimited` when the address or account had too many such emails lately.
    """
    link_send_allow(kind=LinkSend.Kind.EMAIL_VERIFICATION, email=user.email, account=user)
    # The one kind of email that may go to an unverified address: the link that verifies it.
    message_enqueue(
        template="accounts.verify_email",
        to=[user.email],
        context={
            "full_name": user.full_name,
            "url": email_verify_url(user),
            "days": EMAIL_VERIFY_MAX_AGE.days,
            "site_name": settings.CONTINUUM["SITE_NAME"],
        },
        target=user,
    )


def signed_link_read(
    token: str, *, salt: str, max_age: datetime.timedelta, expired: str
) -> dict[str, Any]:
    """The payload of a signed, timed link, or `ValidationError` (code "expired"/"invalid")."""
    try:
        payload = signing.TimestampSigner(salt=salt).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired:
        raise ValidationError(expired, code="expired") from None
    except (signing.BadSignature, ValueError, UnicodeError):
        raise ValidationError(LINK_INVALID, code="invalid") from None
    if not isinstance(payload, dict):
        raise ValidationError(LINK_INVALID, code="invalid")
    return payload


@transaction.atomic
def requester_email_verify(*, token: str) -> User:
    """Record that the address in `token` belongs to its account; return the account.

    Raises `ValidationError` (code "expired" or "invalid") with a message to show.
    """
    payload = signed_link_read(
        token,
        salt=EMAIL_VERIFY_SALT,
        max_age=EMAIL_VERIFY_MAX_AGE,
        expired=_(
            "This link has expired: links to confirm an email address work for %(days)s days. "
            "Sign in and ask for a new one on “My requests”."
        )
        % {"days": EMAIL_VERIFY_MAX_AGE.days},
    )
    user = User.objects.filter(pk=payload.get("user"), is_active=True).first()
    if user is None or user.email.lower() != str(payload.get("email", "")).lower():
        raise ValidationError(LINK_INVALID, code="invalid")
    if not email_is_verified(user):
        event_record(
            actor=user,
            verb="email_verified",
            target=user,
            internal=True,
            data={"email": user.email.lower()},
        )
    address_verified_record(email=user.email, how=VerifiedAddress.How.ACCOUNT_LINK)
    return user


def address_verified_record(*, email: str, how: str) -> None:
    """Remember that `email` reached its owner (idempotent)."""
    email = (email or "").strip().lower()
    if email:
        VerifiedAddress.objects.get_or_create(email=email, defaults={"how": how})
