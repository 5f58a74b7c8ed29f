"""USWDS markup for every Django form, from one renderer and a few widget templates.

`FORM_RENDERER` points here: forms render `uswds/form.html` (error summary, then fields), each
field renders `uswds/field.html` (label, hint, error message, widget), and the widget templates
under `templates/django/forms/widgets/` add the USWDS classes. No form needs its own markup.
"""

from django.forms.renderers import TemplatesSetting


class USWDSFormRenderer(TemplatesSetting):
    form_template_name = "uswds/form.html"
    field_template_name = "uswds/field.html"
