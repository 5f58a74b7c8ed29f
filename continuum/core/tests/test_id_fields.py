"""Choosing rows by id: a value no row can have is the field's own message, before any query."""

import pytest
from django import forms

from continuum.catalog.models import Program
from continuum.core.forms import ModelIdChoiceField, ModelIdMultipleChoiceField
from continuum.core.validation import DATABASE_ID_MAX

pytestmark = pytest.mark.django_db

IMPOSSIBLE = ["99999999999999999999", str(DATABASE_ID_MAX + 1), "-1", "0", "²", "1e3", "x"]


class ProgramsForm(forms.Form):
    program = ModelIdChoiceField(
        queryset=Program.objects.all(), error_messages={"invalid_choice": "No such program."}
    )
    programs = ModelIdMultipleChoiceField(
        queryset=Program.objects.all(),
        required=False,
        error_messages={"invalid_pk_value": "“%(pk)s” is not a program."},
    )


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_an_id_no_row_can_have_is_an_invalid_choice(value, django_assert_num_queries):
    form = ProgramsForm(data={"program": value})
    with django_assert_num_queries(0):
        assert not form.is_valid()
    assert form.errors["program"] == ["No such program."]


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_several_ids_refuse_one_no_row_can_have(value):
    program = Program.objects.order_by("pk").first()
    form = ProgramsForm(data={"program": program.pk, "programs": [program.pk, value]})
    assert not form.is_valid()
    assert form.errors["programs"] == [f"“{value}” is not a program."]


def test_real_ids_still_choose_rows():
    programs = list(Program.objects.order_by("pk")[:2])
    form = ProgramsForm(data={"program": str(programs[0].pk), "programs": [p.pk for p in programs]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["program"] == programs[0]
    assert list(form.cleaned_data["programs"]) == programs
