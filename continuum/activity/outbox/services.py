"""Every write of the outbox: queue a message, deliver it, retry it, edit a template.

`message_enqueue` is what the rest of the platform calls. It renders the message now, writes the
row in the caller's transaction (so a rolled-back change sends nothing) and asks the task queue
to deliver it once that transaction commits. Delivery never runs in a web request's
transaction, so a mail server that fails never fails a page: the attempt is recorded on the row
and retried with exponential backoff, then the message is marked failed for staff to retry.
If the task is lost (no worker, queue unreachable), the sweep (`manage.py outbox_deliver`)
still finds the message.
"""

from __future__ import annotations

import logging
import smtplib
import socket
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.core.mail.message import SafeMIMEText
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from continuum.activity.services import event_record
from continuum.core.workflow import TransitionError, TransitionForbidden

from .models import MessageState, MessageTemplate, OutboundMessage
from .rendering import render_body, render_subject, reply_footer, reply_to_address
from .workflow import MESSAGE_MACHINE

logger = logging.getLogger(__name__)


def outbox_settings() -> dict[str, int]:
    defaults = {
        "MAX_ATTEMPTS": 8,
        "BACKOFF_SECONDS": 60,
        "BACKOFF_MAX_SECONDS": 3600,
        "STALE_SENDING_SECONDS": 900,
    }
    return {**defaults, **settings.CONTINUUM.get("OUTBOX", {})}


def backoff_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: 1, 2, 4, 8 … minutes, capped."""
    conf = outbox_settings()
    seconds = conf["BACKOFF_SECONDS"] * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, conf["BACKOFF_MAX_SECONDS"]))


# --- queueing ---------------------------------------------------------------------------------

#: True inside `outbox_disabled()` (per thread / async context, never process-wide).
_DISABLED: ContextVar[bool] = ContextVar("outbox_disabled", default=False)


@contextmanager
def outbox_disabled() -> Iterator[None]:
    """Queue no message inside this block: for generated demo data, which must email nobody."""
    token = _DISABLED.set(True)
    try:
        yield
    finally:
        _DISABLED.reset(token)


def _clean_recipients(to: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for address in to:
        address = (address or "").strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            out.append(address)
    return out


#: What an attachment may be: a few text files, each small (the row keeps them as text).
ATTACHMENT_LIMITS = {"count": 5, "chars": 200_000}


def _clean_attachments(attachments: Iterable[dict[str, str]] | None) -> list[dict[str, str]]:
    """The attachments as stored on the row; raises ValueError for one the outbox cannot send
    (a programming error of the caller, never the user's input)."""
    cleaned = []
    for item in attachments or ():
        filename = str(item.get("filename") or "").strip()
        content_type = str(item.get("content_type") or "").strip()
        content = item.get("content")
        if not filename or "/" in filename or "\\" in filename:
            raise ValueError(f"Outbox attachment needs a plain file name, not {filename!r}.")
        if not content_type.startswith("text/"):
            raise ValueError(f"Outbox attachments are text files, not {content_type!r}.")
        if not isinstance(content, str) or len(content) > ATTACHMENT_LIMITS["chars"]:
            raise ValueError(f"Outbox attachment {filename!r} is not text or is too large.")
        cleaned.append({"filename": filename, "content_type": content_type, "content": content})
    if len(cleaned) > ATTACHMENT_LIMITS["count"]:
        raise ValueError("Too many attachments for one message.")
    return cleaned


def message_enqueue(
    *,
    template: str,
    to: list[str],
    context: dict[str, Any],
    target: models.Model | None = None,
    attachments: Iterable[dict[str, str]] | None = None,
) -> OutboundMessage | None:
    """Queue one email rendered from the template `template` (a MessageTemplate key).

    Call it inside the transaction of the change that causes the email. Returns the row, or
    None when there is nobody to send it to (or inside `outbox_disabled()`). It does not raise
    for a missing or broken template: the row is then kept as failed with the reason, for staff
    to see. `attachments` are text files sent with it: dicts of `filename`, `content_type`
    (`text/...`, parameters allowed: `text/calendar; method=REQUEST`) and `content` (str).
    """
    recipients = _clean_recipients(to)
    if not recipients or _DISABLED.get():
        return None
    message = OutboundMessage(
        template_key=template, recipients=recipients, attachments=_clean_attachments(attachments)
    )
    if target is not None:
        message.target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        message.target_id = str(target.pk)
    problem = ""
    row = MessageTemplate.objects.filter(key=template).first()
    if row is None:
        problem = _("There is no message template named “%(key)s”.") % {"key": template}
    else:
        try:
            message.subject = render_subject(row.subject, context)
            message.body = render_body(row.body, context) + reply_footer()
        except Exception as error:  # noqa: BLE001 -- any template failure is kept, not raised
            problem = _("The template could not be rendered: %(error)s") % {"error": error}
        else:
            if not message.subject:
                problem = _("The template's subject is empty once filled in.")
    if problem:
        logger.error("Outbox: message %s for %s not rendered: %s", template, recipients, problem)
        message.subject = message.subject or template
        message.body = message.body or problem
    message.full_clean()
    message.save()
    if problem:
        # Straight to failed through the machine, so staff see it with its reason.
        MESSAGE_MACHINE.apply(actor=None, obj=message, action="claim", internal=True)
        MESSAGE_MACHINE.apply(
            actor=None,
            obj=message,
            action="give_up",
            note=problem,
            internal=True,
            before_save=lambda m: setattr(m, "last_error", problem),
        )
        return message
    transaction.on_commit(lambda: message_schedule(message_id=message.pk))
    return message


def message_schedule(*, message_id: int) -> None:
    """Ask the task queue to deliver one message when it is due. Never raises: a message whose
    task could not be queued is still found by the sweep."""
    from .tasks import message_deliver_task

    try:
        due = OutboundMessage.objects.filter(pk=message_id).values_list(
            "next_attempt_at", flat=True
        )
        when = due.first()
        task = message_deliver_task
        if when is not None and when > timezone.now():
            if not task.get_backend().supports_defer:
                return  # the sweep delivers it when it is due
            task = task.using(run_after=when)
        task.enqueue(message_id)
    except Exception:  # noqa: BLE001 -- the row is safe; the sweep will deliver it
        logger.warning("Outbox: could not queue message %s; the sweep will.", message_id)


# --- delivering -------------------------------------------------------------------------------


def _plain_reason(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        reason = _("The mail server refused the recipients.")
    elif isinstance(error, smtplib.SMTPAuthenticationError):
        reason = _("The mail server refused our user name or password.")
    elif isinstance(error, smtplib.SMTPServerDisconnected):
        reason = _("The mail server closed the connection.")
    elif isinstance(error, smtplib.SMTPException):
        reason = _("The mail server refused the message.")
    elif isinstance(error, TimeoutError | socket.timeout):
        reason = _("The mail server did not answer in time.")
    elif isinstance(error, ConnectionError | OSError):
        reason = _("The mail server could not be reached.")
    else:
        reason = _("Sending failed.")
    detail = str(error).strip()
    return (f"{reason} ({type(error).__name__}: {detail})" if detail else reason)[:1000]


def _claim(ids: Iterable[int]) -> list[OutboundMessage]:
    """Take the due messages among `ids` for this worker. Rows another worker holds are
    skipped (SKIP LOCKED on PostgreSQL; SQLite serializes writers anyway)."""
    now = timezone.now()
    claimed = []
    with transaction.atomic():
        rows = (
            OutboundMessage.objects.due(before=now)
            .filter(pk__in=list(ids))
            .order_by("pk")
            .select_for_update(skip_locked=True)
        )
        for row in rows:
            try:
                claimed.append(
                    MESSAGE_MACHINE.apply(
                        actor=None,
                        obj=row,
                        action="claim",
                        internal=True,
                        before_save=lambda m: _stamp_claim(m, now),
                    )
                )
            except TransitionError:
                continue
    return claimed


def _stamp_claim(message: OutboundMessage, now) -> None:
    message.attempts += 1
    message.claimed_at = now


def _mime_attachment(item: dict[str, str]) -> SafeMIMEText:
    """One stored attachment as a MIME part, keeping the content type's parameters (a calendar
    client reads `method=REQUEST` or `method=CANCEL` there)."""
    mime_type, *params = [part.strip() for part in item["content_type"].split(";")]
    subtype = mime_type.split("/", 1)[1]
    part = SafeMIMEText(item["content"], subtype, "utf-8")
    for param in params:
        name, _sep, value = param.partition("=")
        if name and value:
            part.set_param(name.strip(), value.strip().strip('"'))
    part.add_header("Content-Disposition", "attachment", filename=item["filename"])
    return part


def _build_email(message: OutboundMessage) -> EmailMessage:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.recipients,
        reply_to=[address] if (address := reply_to_address()) else None,
    )
    for item in message.attachments or ():
        email.attach(_mime_attachment(item))
    return email


def _send(message: OutboundMessage) -> str:
    """Send one claimed message and record the outcome: "sent", "deferred" or "failed"."""
    try:
        email = _build_email(message)
        email.send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 -- every failure is recorded on the row
        reason = _plain_reason(error)
        logger.warning(
            "Outbox: message %s attempt %s failed: %s", message.pk, message.attempts, reason
        )
        if message.attempts >= outbox_settings()["MAX_ATTEMPTS"]:
            MESSAGE_MACHINE.apply(
                actor=None,
                obj=message,
                action="give_up",
                note=reason,
                internal=True,
                before_save=lambda m: _stamp_failure(m, reason, None),
            )
            return "failed"
        next_at = timezone.now() + backoff_delay(message.attempts)
        MESSAGE_MACHINE.apply(
            actor=None,
            obj=message,
            action="defer",
            note=reason,
            internal=True,
            before_save=lambda m: _stamp_failure(m, reason, next_at),
        )
        message_schedule(message_id=message.pk)
        return "deferred"
    MESSAGE_MACHINE.apply(
        actor=None,
        obj=message,
        action="deliver",
        internal=True,
        before_save=_stamp_sent,
    )
    return "sent"


def _stamp_failure(message: OutboundMessage, reason: str, next_at) -> None:
    message.last_error = reason
    message.claimed_at = None
    if next_at is not None:
        message.next_attempt_at = next_at


def _stamp_sent(message: OutboundMessage) -> None:
    message.sent_at = timezone.now()
    message.claimed_at = None
    message.last_error = ""


def message_deliver(*, message_id: int) -> str:
    """Deliver one message if it is due and nobody else is sending it.

    Returns "sent", "deferred" (failed; will be tried again), "failed" (gave up) or "skipped"
    (already sent or being sent, not due yet, or gone).
    """
    claimed = _claim([message_id])
    return _send(claimed[0]) if claimed else "skipped"


def outbox_sweep(*, grace: timedelta = timedelta(seconds=60), limit: int = 100) -> dict[str, int]:
    """Deliver queued messages overdue by more than `grace`, whose task was lost or never ran,
    and queue again the ones a dead worker left "sending". Safe to run in several processes."""
    conf = outbox_settings()
    now = timezone.now()
    outcome = {"released": 0, "sent": 0, "deferred": 0, "failed": 0}
    stale = OutboundMessage.objects.filter(
        status=MessageState.SENDING,
        claimed_at__lt=now - timedelta(seconds=conf["STALE_SENDING_SECONDS"]),
    ).values_list("pk", flat=True)[:limit]
    for pk in list(stale):
        with transaction.atomic():
            row = (
                OutboundMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=MessageState.SENDING)
                .first()
            )
            if row is None:
                continue
            MESSAGE_MACHINE.apply(
                actor=None,
                obj=row,
                action="release",
                note=_("Its worker stopped while sending; queued again."),
                internal=True,
                before_save=lambda m: setattr(m, "claimed_at", None),
            )
            outcome["released"] += 1
    due = (
        OutboundMessage.objects.due(before=now - grace)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for message in _claim(list(due)):
        outcome[_send(message)] += 1
    return outcome


def message_retry(*, actor: Any, message: OutboundMessage) -> OutboundMessage:
    """Program staff send a failed message again: a new round of attempts starts now."""
    now = timezone.now()

    def reset(m: OutboundMessage) -> None:
        m.attempts = 0
        m.next_attempt_at = now

    with transaction.atomic():
        row = MESSAGE_MACHINE.apply(
            actor=actor, obj=message, action="retry", internal=True, before_save=reset
        )
        transaction.on_commit(lambda: message_schedule(message_id=row.pk))
    return row


# --- templates --------------------------------------------------------------------------------

TEMPLATE_EDITABLE_FIELDS = ("subject", "body", "description")


def message_template_update(
    *, actor: Any, template: MessageTemplate, subject: str, body: str, description: str
) -> MessageTemplate:
    """Change a message template's texts (validated) and record who changed what."""
    if not getattr(actor, "is_superuser", False):
        raise TransitionForbidden(_("Only administrators may change message templates."))
    values = {"subject": subject, "body": body, "description": description}
    with transaction.atomic():
        row = MessageTemplate.objects.select_for_update().get(pk=template.pk)
        changed = [name for name in TEMPLATE_EDITABLE_FIELDS if getattr(row, name) != values[name]]
        if not changed:
            return row
        before = {name: getattr(row, name) for name in changed}
        for name in changed:
            setattr(row, name, values[name])
        row.full_clean()
        row.save()
        event_record(
            actor=actor,
            verb="message_template_changed",
            target=row,
            note=_("Changed: %(fields)s.") % {"fields": ", ".join(changed)},
            internal=True,
            data={"changed": changed, "before": before},
        )
    return row
