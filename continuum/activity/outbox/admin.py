"""Administration of the outbox: message templates (edited through a service, with a preview)
and outgoing messages (read-only; failed ones can be retried)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from continuum.core.workflow import TransitionError

from .forms import MessageTemplateAdminForm
from .models import MessageState, MessageTemplate, OutboundMessage
from .rendering import render_body, render_subject
from .services import message_retry, message_template_update


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    """Texts only: the key, the variables and the rows themselves belong to the code."""

    form = MessageTemplateAdminForm
    list_display = ["key", "subject", "updated_at"]
    search_fields = ["key", "subject", "body", "description"]
    readonly_fields = ["key", "variables_list", "preview", "updated_at"]
    fields = ["key", "description", "subject", "body", "variables_list", "preview", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("Variables you can use"))
    def variables_list(self, obj: MessageTemplate):
        if not obj.variables:
            return _("None")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><code>{{{{ {} }}}}</code>: {}</li>",
                sorted(obj.variables.items()),
            ),
        )

    @admin.display(description=gettext_lazy("Preview of the saved text, with the sample values"))
    def preview(self, obj: MessageTemplate):
        try:
            subject = render_subject(obj.subject, obj.sample_context or {})
            body = render_body(obj.body, obj.sample_context or {})
        except Exception as error:  # noqa: BLE001 -- shown to the administrator
            return _("The saved template fails with the sample values: %(error)s") % {
                "error": error
            }
        return format_html(
            '<div class="continuum-preview"><p><strong>{}</strong> {}</p><pre>{}</pre></div>',
            _("Subject:"),
            subject,
            body,
        )

    def save_model(self, request, obj, form, change):
        try:
            message_template_update(
                actor=request.user,
                template=obj,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                description=form.cleaned_data.get("description", ""),
            )
        except (ValidationError, TransitionError) as error:  # form validation ran first
            self.message_user(request, str(error), level=messages.ERROR)


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    list_display = ["id", "subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template_key"]
    search_fields = ["subject", "recipients"]
    readonly_fields = [f.name for f in OutboundMessage._meta.fields if f.name != "id"]
    actions = ["retry_failed"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("Retry the selected failed messages"))
    def retry_failed(self, request, queryset):
        retried = 0
        for message in queryset.filter(status=MessageState.FAILED):
            try:
                message_retry(actor=request.user, message=message)
            except TransitionError:
                continue
            retried += 1
        self.message_user(
            request,
            ngettext("%(n)d message queued again.", "%(n)d messages queued again.", retried)
            % {"n": retried},
        )
