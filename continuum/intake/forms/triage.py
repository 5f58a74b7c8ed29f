"""Forms of the staff side: the queue's filters, bulk assignment, and the request page's actions.

Forms only parse and check input; every write happens in `continuum.intake.services.triage`.
Each action form has its own prefix so that several of them can sit on one page without two
fields sharing an id.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from continuum.accounts.models import REVIEWER_CONDITION
from continuum.agencies.choices import AgencyType, JurisdictionLevel
from continuum.agencies.models import State
from continuum.catalog.models import Program, Service
from continuum.core.forms import CachedSelect, ModelIdChoiceField, people_choices
from continuum.documents.forms import AttachmentFields

from ..choices import DECIDED_STATUSES, DeclineReason, ReferralTarget, RequestStatus
from ..models import AssistanceRequest
from ..queue_filters import AGE_CHOICES
from ..selectors import DEFAULT_QUEUE_ORDERING, QUEUE_ORDERINGS

NOTE_MAX = 4000

#: "Closed" in the queue: decided, or withdrawn by the agency.
CLOSED_STATUSES = [*DECIDED_STATUSES, RequestStatus.WITHDRAWN]

PAGE_SIZE = 25


def reviewers():
    """People who may review requests: active program staff and administrators, by name.

    Read through the partial index `accounts_user_reviewers` (its condition is this filter), so
    the list costs the few staff rows, not a scan of every user (agency members and experts
    are most of them, and their number grows with the agencies that ask)."""
    return get_user_model().objects.filter(REVIEWER_CONDITION).order_by("full_name", "email")


def reviewer_choices() -> list[tuple[str, str]]:
    """The reviewers as (id, name) choices: one query. A page with several reviewer selects
    (the queue's filter and bulk-assignment forms) reads them once and gives them to each."""
    return people_choices(reviewers())


def _choice(label, options, *, empty, invalid) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", empty), *options],
        error_messages={"invalid_choice": invalid},
    )


class TriageFilterForm(forms.Form):
    """The queue's filters and sort order (a GET form: it works without JavaScript).

    An invalid value is dropped with a message; the other filters still apply.
    """

    q = forms.CharField(
        label=_("Tracking number or agency name"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Search for %(limit_value)d characters or fewer.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Open (not decided yet)")),
            ("closed", _("Closed (decided or withdrawn)")),
            ("all", _("Any status")),
            ("decided", _("Decided")),
        ]
        + [(value, label) for value, label in RequestStatus.choices if value != "draft"],
        error_messages={"invalid_choice": _("“%(value)s” is not one of the status options.")},
    )
    program = forms.ModelChoiceField(
        label=_("Program"),
        help_text=_("Recommended or decided."),
        required=False,
        queryset=Program.objects.none(),
        to_field_name="slug",
        empty_label=_("Any program"),
        error_messages={
            "invalid_choice": _("That program does not exist. Choose one from the list.")
        },
    )
    state = forms.ModelChoiceField(
        label=_("State or territory"),
        required=False,
        queryset=State.objects.none(),
        to_field_name="usps",
        empty_label=_("Any state"),
        error_messages={
            "invalid_choice": _("That state does not exist. Choose one from the list.")
        },
    )
    agency_type = _choice(
        _("Agency type"),
        AgencyType.choices,
        empty=_("Any type"),
        invalid=_("“%(value)s” is not one of the agency type options."),
    )
    jurisdiction_level = _choice(
        _("Jurisdiction level"),
        JurisdictionLevel.choices,
        empty=_("Any level"),
        invalid=_("“%(value)s” is not one of the jurisdiction level options."),
    )
    critical_incident = _choice(
        _("Critical incident"),
        [("yes", _("With a critical incident")), ("no", _("Without a critical incident"))],
        empty=_("Either"),
        invalid=_("“%(value)s” is not one of the critical incident options."),
    )
    assignee = forms.CharField(label=_("Reviewer"), required=False, widget=CachedSelect)
    age = _choice(
        _("Age"),
        AGE_CHOICES,
        empty=_("Any age"),
        invalid=_("“%(value)s” is not one of the age options."),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, label) for key, (label, _) in QUEUE_ORDERINGS.items()],
        error_messages={
            "invalid_choice": _("“%(value)s” is not a way to sort. Choose from the list.")
        },
    )

    def __init__(self, *args, viewer=None, reviewer_options=None, **kwargs):
        """`reviewer_options`: `reviewer_choices()` when the page has read them already."""
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        staff = reviewer_choices() if reviewer_options is None else reviewer_options
        self.reviewer_ids = {pk for pk, _label in staff}
        self.fields["assignee"].widget.choices = [
            ("", _("Anyone or nobody")),
            ("me", _("Assigned to me")),
            ("unassigned", _("Not assigned")),
            *staff,
        ]
        self.fields["state"].queryset = State.objects.order_by("name")
        self.fields["program"].queryset = Program.objects.order_by("order")

    def clean_assignee(self):
        value = self.cleaned_data["assignee"].strip()
        if value in {"", "me", "unassigned"} or value in self.reviewer_ids:
            return value
        raise forms.ValidationError(_("That reviewer does not exist. Choose one from the list."))

    def clean(self):
        cleaned = super().clean()
        # Drop what did not validate, so the other filters still apply.
        for name in self.errors:
            cleaned.pop(name, None)
        return cleaned

    def filters(self) -> dict:
        """The valid filters, as `selectors.triage_queue` takes them (empty ones left out).

        Without a status the queue shows open requests; "closed" and "all" are one click away.
        """
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return {"status": "open"}
        keys = ("q", "program", "state", "agency_type", "jurisdiction_level")
        keys += ("critical_incident", "assignee", "age")
        found = {key: self.cleaned_data[key] for key in keys if self.cleaned_data.get(key)}
        status = self.cleaned_data.get("status") or "open"
        found["status"] = CLOSED_STATUSES if status == "closed" else status  # "all" is a value too
        return found

    def ordering(self) -> str:
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return DEFAULT_QUEUE_ORDERING
        return self.cleaned_data.get("sort") or DEFAULT_QUEUE_ORDERING


class ReviewerField(ModelIdChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.email


def reviewer_field(*, required: bool) -> ReviewerField:
    return ReviewerField(
        label=_("Reviewer"),
        queryset=reviewers(),
        required=required,
        widget=CachedSelect,
        empty_label=_("Choose a reviewer") if required else _("Nobody (remove the reviewer)"),
        error_messages={
            "required": _("Choose a reviewer."),
            "invalid_choice": _(
                "That person cannot review requests. Choose someone from the list."
            ),
        },
    )


class RequestsField(forms.ModelMultipleChoiceField):
    """Requests ticked by their public id; a value that is not an id gets the plain message."""

    def _check_values(self, value):
        for item in value:
            try:
                uuid.UUID(str(item))
            except ValueError:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value"
                ) from None
        return super()._check_values(value)


class BulkAssignForm(forms.Form):
    """Assign one reviewer to the requests ticked in the queue."""

    requests = RequestsField(
        label=_("Requests"),
        queryset=AssistanceRequest.objects.none(),
        to_field_name="public_id",
        error_messages={
            "required": _("Tick at least one request to assign."),
            "invalid_choice": _("One of the ticked requests no longer exists. Reload the queue."),
            "invalid_pk_value": _("One of the ticked requests is not valid. Reload the queue."),
        },
    )
    reviewer = reviewer_field(required=True)

    def __init__(self, *args, requests_queryset=None, reviewer_options=None, **kwargs):
        """`reviewer_options`: `reviewer_choices()` when the page has read them already; the
        select then shows those instead of reading the list again (a submitted form still
        checks the chosen reviewer against the database)."""
        super().__init__(*args, **kwargs)
        if requests_queryset is not None:
            self.fields["requests"].queryset = requests_queryset
        field = self.fields["reviewer"]
        field.queryset = reviewers()
        if reviewer_options is not None:
            field.widget.choices = [("", field.empty_label), *reviewer_options]


class AssignForm(forms.Form):
    reviewer = reviewer_field(required=False)

    def __init__(self, *args, **kwargs):
        """The select shows `reviewer_choices()` (names read as plain values: a national
        program's hundreds of staff, each a model instance, cost milliseconds a page); the
        chosen reviewer is still checked against the database."""
        super().__init__(*args, **kwargs)
        field = self.fields["reviewer"]
        field.queryset = reviewers()
        field.widget.choices = [("", field.empty_label), *reviewer_choices()]


def _text(label: str, *, help_text: str = "", required: bool = True, rows: int = 4):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Write the {label.lower()}.",
            "max_length": _(
                "Keep it to %(limit_value)d characters or fewer (it has %(show_value)d)."
            ),
        },
    )


class NoteForm(forms.Form):
    note = _text(
        "Internal note",
        help_text=_("Internal: never shown to the agency. Only program staff read it."),
    )


class MessageForm(AttachmentFields):  # a file may come with the message
    body = _text(
        "Message",
        help_text=_("The requester reads this on the request page and gets it by email."),
    )


class StartReviewForm(forms.Form):
    """No fields: the button is the whole form."""


class InformationRequestForm(forms.Form):
    question = _text(
        "Question for the agency",
        help_text=(
            _(
                "Say exactly what you need. The request waits for their answer, and the days it "
                "waits do not count against the first-response target."
            )
        ),
    )


class AcceptForm(forms.Form):
    program = ModelIdChoiceField(
        label=_("Program"),
        queryset=Program.objects.none(),
        empty_label=_("Choose a program"),
        error_messages={
            "required": _("Choose the program that will help the agency."),
            "invalid_choice": _("That program does not exist. Choose one from the list."),
        },
    )
    services = forms.MultipleChoiceField(
        label=_("Services"),
        help_text=_("Choose the services the program will provide."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one service."),
            "invalid_choice": _("“%(value)s” is not a service on offer. Choose from the list."),
        },
    )
    note = _text("Note to the agency", required=False, rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.active().order_by("order")
        services = list(
            Service.objects.active().select_related("program").order_by("program__order", "order")
        )
        self._services = {str(s.pk): s for s in services}
        grouped: dict[str, list] = {}
        for s in services:
            grouped.setdefault(s.program.name, []).append((str(s.pk), s.name))
        self.fields["services"].choices = list(grouped.items())

    def clean_services(self):
        return [self._services[pk] for pk in self.cleaned_data["services"]]

    def clean(self):
        # Checked here too (the service checks again), so the confirm step never summarizes
        # a decision that cannot be made.
        cleaned = super().clean()
        program, services = cleaned.get("program"), cleaned.get("services")
        if program is not None and services:
            wrong = [s for s in services if s.program_id != program.pk]
            if wrong:
                names = ", ".join(f"“{s.name}”" for s in wrong)
                verb = "is" if len(wrong) == 1 else "are"
                self.add_error(
                    "services",
                    _("%(names)s %(verb)s not part of %(program)s.")
                    % {"names": names, "verb": verb, "program": program},
                )
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", "Choose a reason"), *DeclineReason.choices],
        error_messages={
            "required": _("Choose the reason for declining."),
            "invalid_choice": _("“%(value)s” is not one of the reasons. Choose from the list."),
        },
    )
    note = _text(
        "Explanation for the agency",
        help_text=_("Explain the decision in plain words; the agency reads this."),
    )


class ReferForm(forms.Form):
    target = forms.ChoiceField(
        label=_("Refer to"),
        choices=[("", "Choose where to refer"), *ReferralTarget.choices],
        error_messages={
            "required": _("Choose where to refer the agency."),
            "invalid_choice": _("“%(value)s” is not one of the options. Choose from the list."),
        },
    )
    note = _text(
        "Referral note",
        help_text=_("Tell the agency who can help and how to reach them."),
    )


class SavedViewForm(forms.Form):
    """Name the queue's current filters to reopen them later."""

    name = forms.CharField(
        label=_("Name this view"),
        help_text=_("For example: Unassigned critical incidents. Saving a name again updates it."),
        max_length=80,
        error_messages={
            "required": _("Give the view a name."),
            "max_length": _("Keep the name to %(limit_value)d characters or fewer."),
        },
    )
    query = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the view a name."))
        return name
