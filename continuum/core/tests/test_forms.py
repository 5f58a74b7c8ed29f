"""Every Django form renders USWDS markup through the one renderer."""

import pytest
from django import forms


class SampleForm(forms.Form):
    name = forms.CharField(label="Your name", help_text="As it appears on your badge.")
    kind = forms.ChoiceField(choices=[("a", "Alpha"), ("b", "Beta")])
    picks = forms.MultipleChoiceField(
        choices=[("x", "Ex"), ("y", "Why")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="I agree")
    story = forms.CharField(widget=forms.Textarea, max_length=10)


def test_valid_form_renders_labels_hints_and_uswds_widgets():
    html = str(SampleForm())
    assert '<label class="usa-label" for="id_name">Your name' in html
    assert 'class="usa-hint" id="id_name_helptext"' in html
    assert 'aria-describedby="id_name_helptext"' in html
    assert 'class="usa-input"' in html
    assert 'class="usa-select"' in html
    # A text area with a limit is a USWDS character count, its message describing the field.
    assert 'class="usa-textarea usa-character-count__field"' in html
    assert 'aria-describedby="id_story-info"' in html
    assert "You can enter up to 10 characters" in html
    assert 'class="usa-checkbox__input"' in html
    assert '<legend class="usa-legend">' in html
    assert "usa-alert--error" not in html


def test_invalid_form_has_an_error_summary_linking_to_each_field():
    form = SampleForm(data={"name": "", "kind": "zzz", "story": "x" * 11})
    html = str(form)
    assert 'class="usa-alert usa-alert--error"' in html
    assert '<a href="#id_name">Your name: This field is required.</a>' in html
    assert "Select a valid choice" in html
    assert "usa-form-group--error" in html
    assert 'class="usa-error-message" id="id_story_error"' in html
    assert 'aria-invalid="true"' in html


def test_no_duplicate_class_attribute_when_a_widget_sets_a_class():
    class F(forms.Form):
        q = forms.CharField(widget=forms.TextInput(attrs={"class": "usa-input--xl"}))

    html = str(F())
    assert 'class="usa-input usa-input--xl"' in html
    tag = html[html.index("<input") : html.index(">", html.index("<input"))]
    assert tag.count("class=") == 1


def test_radio_groups_get_radio_markup():
    class F(forms.Form):
        size = forms.ChoiceField(choices=[("s", "Small"), ("l", "Large")], widget=forms.RadioSelect)

    html = str(F())
    assert 'class="usa-radio"' in html
    assert 'class="usa-radio__input"' in html
    assert "usa-checkbox" not in html


def test_the_error_summary_never_doubles_punctuation():
    class F(forms.Form):
        incident = forms.CharField(label="Is this about a critical incident?")
        reason = forms.CharField(label="Why.")
        name = forms.CharField(label="Your name:")

    html = str(F(data={}))
    assert "Is this about a critical incident? This field is required." in html
    assert "Why. This field is required." in html
    assert "Your name: This field is required." in html
    assert "?:" not in html and ".:" not in html and "::" not in html


def test_a_form_with_required_fields_explains_the_marker_and_a_required_checkbox_has_it():
    class F(forms.Form):
        agree = forms.BooleanField(label="I agree")

    html = str(F())
    assert "marks a required field" in html
    assert 'I agree <abbr title="required"' in html

    class Optional(forms.Form):
        note = forms.CharField(required=False)

    assert "marks a required field" not in str(Optional())


#: The select template as it was, one include of `select_option.html` for each option: the
#: Python-written options (`uswds.select_groups`) must give the same elements.
SELECT_BY_INCLUDES = (
    '<select name="{{ widget.name }}" class="usa-select{% if widget.attrs.class %} '
    '{{ widget.attrs.class }}{% endif %}"{% include "django/forms/widgets/attrs.html" %}>'
    "{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}"
    '<optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}'
    "{% include option.template_name with widget=option %}{% endfor %}{% if group_name %}"
    "</optgroup>{% endif %}{% endfor %}</select>"
)


class TaggedSelect(forms.SelectMultiple):
    """Options with attributes of their own: a data attribute (quoted and escaped), a class
    (left out, as attrs.html leaves it out), an attribute set to False (left out)."""

    def create_option(self, name, value, label, selected, index, **kwargs):
        option = super().create_option(name, value, label, selected, index, **kwargs)
        option["attrs"] |= {"data-note": f'"{value}" & <more>', "class": "x", "hidden": False}
        return option


class OwnOptionSelect(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"


def _same_select(widget, name, value):
    from django.forms.renderers import get_default_renderer
    from django.template import engines
    from django.test.html import parse_html

    context = widget.get_context(name, value, {"id": f"id_{name}"})
    written = widget.render(name, value, {"id": f"id_{name}"}, renderer=get_default_renderer())
    by_includes = engines["django"].from_string(SELECT_BY_INCLUDES).render(context)
    assert parse_html(written) == parse_html(by_includes)
    return written


def test_select_options_are_written_as_the_per_option_template_writes_them():
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    choices = [
        ("", "Any"),
        ('a"b<c>&', 'Less < more & "quoted" <b>bold</b>'),
        (1000, 2000),
        ("safe", mark_safe("<em>kept</em>")),
        ("lazy", gettext_lazy("Reviewer")),
        ("Group", [("g1", "In a group"), ("g2", "Also <in> it")]),
    ]
    html = _same_select(forms.Select(choices=choices), "kind", 'a"b<c>&')
    assert '<option value="a&quot;b&lt;c&gt;&amp;" selected>' in html
    assert "Less &lt; more &amp; &quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt;</option>" in html
    assert '<option value="1000">2000</option>' in html
    assert "<em>kept</em>" in html
    assert '<optgroup label="Group">' in html
    html = _same_select(TaggedSelect(choices=choices), "many", ["g2", "1000"])
    assert 'value="g2" selected data-note="&quot;g2&quot; &amp; &lt;more&gt;">' in html
    assert 'class="x"' not in html and "hidden" not in html
    # A widget with its own option template keeps it.
    html = _same_select(OwnOptionSelect(choices=[("a", "Alpha")]), "own", "a")
    assert '<label class="usa-checkbox__label">Alpha</label>' in html


@pytest.mark.django_db
def test_people_choices_name_each_person_as_the_account_does():
    from continuum.accounts.models import User
    from continuum.accounts.tests.factories import UserFactory
    from continuum.core.forms import people_choices

    named = UserFactory(full_name="Ana Ruiz")
    unnamed = UserFactory(full_name="")
    people = User.objects.filter(pk__in=[named.pk, unnamed.pk]).order_by("pk")
    assert people_choices(people, "- Choose -") == [
        ("", "- Choose -"),
        (str(named.pk), str(named)),
        (str(unnamed.pk), unnamed.email),
    ]
    assert people_choices(people.none()) == []
