"""The rate limit on emails sent to addresses nobody has verified yet.

Only verification emails go to such addresses (an account's address check, a chief
executive's confirmation link). Each send is a `LinkSend` row; before sending we count the rows
of the last hour and the last day for the address and for the account that caused it. The
count lives in the database, so every web process and worker sees the same numbers; rows older
than two days are deleted as new ones are written.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import LinkSend, User

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)

#: (window, most sends in it) per address and per account.
ADDRESS_LIMITS: tuple[tuple[datetime.timedelta, int], ...] = ((HOUR, 3), (DAY, 6))
ACCOUNT_LIMITS: tuple[tuple[datetime.timedelta, int], ...] = ((HOUR, 5), (DAY, 20))


class LinkSendLimited(ValidationError):
    """Too many verification emails; the message is safe to show and says when to try again.

    A `ValidationError`, so forms that catch those show it as the form's error."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="rate_limited")


def _wait_message(window: datetime.timedelta) -> str:
    if window <= HOUR:
        return _(
            "We have sent several emails with a link recently, so we did not send another one. "
            "Check your inbox and spam folder, or try again in an hour."
        )
    return _(
        "We have sent several emails with a link today, so we did not send another one. Check "
        "your inbox and spam folder, or try again tomorrow."
    )


@transaction.atomic
def link_send_allow(*, kind: str, email: str, account: User | None) -> LinkSend:
    """Record one send of a link email to `email` on behalf of `account`, or refuse it.

    Raises `LinkSendLimited` (with a message to show) when the address or the account has had
    too many such emails in the last hour or day; nothing is recorded then.
    """
    email = (email or "").strip().lower()
    if not getattr(account, "is_authenticated", False):
        account = None  # an anonymous visitor: counted per address only
    now = timezone.now()
    by_address = LinkSend.objects.filter(email=email)
    for window, most in ADDRESS_LIMITS:
        if by_address.filter(created_at__gt=now - window).count() >= most:
            raise LinkSendLimited(_wait_message(window))
    if account is not None and account.pk is not None:
        by_account = LinkSend.objects.filter(account_id=account.pk)
        for window, most in ACCOUNT_LIMITS:
            if by_account.filter(created_at__gt=now - window).count() >= most:
                raise LinkSendLimited(_wait_message(window))
    # Rows older than the longest window count for nothing: forget them (an indexed range).
    LinkSend.objects.filter(created_at__lt=now - 2 * DAY).delete()
    sent = LinkSend(kind=kind, email=email, account=account, created_at=now)
    sent.full_clean()
    sent.save()
    return sent
