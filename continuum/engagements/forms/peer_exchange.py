"""Recording a peer exchange with a host agency chosen from the ranked candidates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from continuum.agencies.models import Agency
from continuum.core.forms import ModelIdChoiceField

from ..choices import DeliveryMode
from ..models import NOTE_MAX
from .meetings import DATE_FORMATS


class PeerExchangeForm(forms.Form):
    host_agency = ModelIdChoiceField(
        label=_("Host agency"),
        queryset=Agency.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the host agency."),
            "invalid_choice": _("Choose a host agency from the list."),
        },
    )
    occurred_on = forms.DateField(
        label=_("Date of the exchange"),
        help_text=_("For example: 3/14/2027. For a visit over several days, the first day."),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%m/%d/%Y", attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Enter the date of the exchange."),
            "invalid": _("Enter the date like this: 3/14/2027."),
        },
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0"),
        max_value=Decimal("1000"),
        max_digits=6,
        decimal_places=2,
        help_text=_("How long the exchange lasted, in hours. For example: 6.5."),
        error_messages={
            "required": _("Enter the hours."),
            "invalid": _("Enter the hours as a number, like 6.5."),
            "min_value": _("Enter 0 hours or more."),
            "max_value": _("Enter 1,000 hours or fewer."),
            "max_decimal_places": _("Enter the hours with at most 2 decimals."),
            "max_digits": _("Enter 1,000 hours or fewer."),
        },
    )
    delivery_mode = forms.ChoiceField(
        label=_("How did it take place?"),
        choices=DeliveryMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how it took place.")},
    )
    participants = forms.IntegerField(
        label=_("Number of participants"),
        min_value=0,
        max_value=100_000,
        initial=0,
        error_messages={
            "required": _("Enter the number of participants (0 if none)."),
            "invalid": _("Enter the number of participants as a whole number."),
            "min_value": _("Enter 0 or more participants."),
            "max_value": _("Enter 100,000 participants or fewer."),
        },
    )
    notes = forms.CharField(
        label=_("Notes (team only)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was learned. Kept on this engagement; the host's record gets a line."),
    )

    def __init__(self, *args: Any, candidates: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["host_agency"]
        ranked = [c.agency.pk for c in candidates]
        # The choices in the order of the ranking (best first).
        field.queryset = Agency.objects.filter(pk__in=ranked).order_by(
            Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)], default=Value(0))
        )
        names = {c.agency.pk: str(c.agency) for c in candidates}
        field.label_from_instance = lambda agency: names.get(agency.pk, str(agency))
