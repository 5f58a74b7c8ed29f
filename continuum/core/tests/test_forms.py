"""Every Django form renders USWDS markup through the one renderer."""

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
