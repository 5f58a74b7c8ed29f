from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What the token is for, such as “Records system sync”. Only you see it."),
        error_messages={
            "required": _("Give the token a name, such as the system that uses it."),
            "max_length": _("Keep the name to %(limit_value)d characters or fewer."),
        },
    )
