"""Every Django form renders USWDS markup through the one renderer."""

from unittest import mock

import pytest
from django import forms

from continuum.core.forms import CachedSelect


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


class PeopleForm(forms.Form):
    """The same choices twice: in Django's select and in the kept one."""

    plain = forms.ChoiceField(required=False)
    kept = forms.ChoiceField(required=False, widget=CachedSelect)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("plain", "kept"):
            self.fields[name].choices = [("", "Nobody"), *people]


def _select(form, name) -> str:
    """The select's own markup, its name and id made the same for both fields."""
    html = str(form[name])
    return html.replace(f'name="{name}"', 'name="x"').replace(f"id_{name}", "id_x")


def test_a_kept_select_is_the_select_django_writes_for_every_input():
    people = [("1", "Ana Ruiz"), ("2", "Bo <Lee>"), ("3", "Cy Park")]
    bound = PeopleForm({"plain": "2", "kept": "2"}, people=people)
    assert _select(bound, "kept") == _select(bound, "plain")
    assert 'value="2" selected' in _select(bound, "kept")
    assert "Bo &lt;Lee&gt;" in _select(bound, "kept")

    built = []
    get_context = forms.Select.get_context

    def counting(widget, *args, **kwargs):
        built.append(type(widget))
        return get_context(widget, *args, **kwargs)

    with mock.patch.object(forms.Select, "get_context", counting):
        again = PeopleForm({"plain": "2", "kept": "2"}, people=people)
        assert _select(again, "kept") == _select(bound, "kept")
        assert _select(again, "plain") == _select(bound, "plain")
        assert built == [forms.Select, forms.Select]  # the kept selects came from memory
        # Another chosen value, a new person, a renamed person: each is another select.
        other = PeopleForm({"plain": "3", "kept": "3"}, people=people)
        assert _select(other, "kept") == _select(other, "plain")
        grown = [*people, ("4", "Di Chen")]
        more = PeopleForm({"plain": "2", "kept": "2"}, people=grown)
        assert _select(more, "kept") == _select(more, "plain")
        assert "Di Chen" in _select(more, "kept")
        renamed = [("1", "Ana Ruiz-Soto"), *people[1:]]
        assert "Ana Ruiz-Soto" in _select(PeopleForm(people=renamed), "kept")
        # An error on the field changes its attributes: another select again.
        invalid = PeopleForm({"plain": "9", "kept": "9"}, people=people)
        assert not invalid.is_valid()
        assert _select(invalid, "kept") == _select(invalid, "plain")
        assert 'aria-invalid="true"' in _select(invalid, "kept")

    for n in range(CachedSelect.cache_size + 5):  # the memory keeps the last few only
        str(PeopleForm({"kept": "1"}, people=[*people, (str(10 + n), f"Person {n}")])["kept"])
    assert len(CachedSelect._rendered) == CachedSelect.cache_size
