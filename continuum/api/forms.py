from django import forms

from .models import ApiToken


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text="What the token is for, such as “Records system sync”. Only you see it.",
        error_messages={
            "required": "Give the token a name, such as the system that uses it.",
            "max_length": "Keep the name to %(limit_value)d characters or fewer.",
        },
    )
