"""Outgoing messages and the administrator-editable templates they are rendered from."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class MessageTemplate(models.Model):
    """The subject and body of one kind of message, in the Django template language.

    Rows are seeded by a data migration (code refers to them by `key`); administrators edit the
    texts in the administration site, never the key.
    """

    key = models.CharField(
        _("key"),
        max_length=100,
        unique=True,
        validators=[
            RegexValidator(r"^[a-z0-9_.]+$", _("Use lower-case letters, digits, dots and _."))
        ],
        help_text=_("How the code names this message; it does not change."),
    )
    subject = models.CharField(
        _("subject"),
        max_length=500,
        help_text=_("One line. Django template language: {{ variable }}, {% if %} … {% endif %}."),
    )
    body = models.TextField(
        _("body"),
        help_text=_("Plain text. Django template language, with the variables listed below."),
    )
    description = models.TextField(_("description"), blank=True, help_text=_("When it is sent."))
    variables = models.JSONField(
        _("variables"),
        default=dict,
        blank=True,
        help_text=_("The variables the code gives the template, and what each one is."),
    )
    sample_context = models.JSONField(
        _("sample values"),
        default=dict,
        blank=True,
        help_text=_("Example values of the variables, for the preview."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")

    def __str__(self) -> str:
        return self.key

    def clean(self) -> None:
        from .rendering import template_errors

        errors = {}
        for name in ("subject", "body"):
            problem = template_errors(getattr(self, name) or "")
            if problem:
                errors[name] = problem
        if errors:
            raise ValidationError(errors)


class OutboundMessageQuerySet(models.QuerySet):
    def due(self, *, before=None) -> OutboundMessageQuerySet:
        """Queued messages whose next attempt is at or before `before` (now by default)."""
        return self.filter(
            status=MessageState.QUEUED, next_attempt_at__lte=before or timezone.now()
        )


class OutboundMessage(models.Model):
    """One email as it will be (or was) sent. Its state changes only through MESSAGE_MACHINE."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    template_key = models.CharField(_("template"), max_length=100)
    recipients = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    #: Files sent with the message, as text: [{"filename", "content_type", "content"}] (an
    #: iCalendar invitation, say). Checked by `message_enqueue` (see `ATTACHMENT_LIMITS`).
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("state"),
        max_length=16,
        choices=MessageState.choices,
        default=MessageState.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(
        _("last error"), blank=True, help_text=_("Why the last attempt failed, in plain words.")
    )
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(
        _("sending since"), null=True, blank=True, help_text=_("When a worker took it to send.")
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")

    objects = OutboundMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="activity_outbox_due_idx"),
            models.Index(fields=["status", "-id"], name="activity_outbox_state_idx"),
            models.Index(fields=["target_type", "target_id"], name="activity_outbox_target_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"[:255]
