import pytest
from django.core.exceptions import ValidationError

from continuum.catalog.models import Program, Service

from .factories import ProgramFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_a_kind_must_belong_to_the_same_program_as_its_parent():
    other = ServiceFactory(program=ProgramFactory())
    kind = ServiceFactory.build(program=Program.objects.get(slug="cri-tac"), parent=other)
    with pytest.raises(ValidationError) as error:
        kind.full_clean()
    assert "same program" in str(error.value.message_dict["parent"])


def test_a_kind_cannot_have_kinds_of_its_own():
    kind = Service.objects.get(slug="needs-assessment-training")
    grandchild = ServiceFactory.build(program=kind.program, parent=kind)
    with pytest.raises(ValidationError) as error:
        grandchild.full_clean()
    assert "Choose a top-level service" in str(error.value.message_dict["parent"])


def test_a_service_with_kinds_cannot_become_a_kind():
    needs = Service.objects.get(slug="needs-assessment")
    needs.parent = Service.objects.get(slug="training")
    with pytest.raises(ValidationError) as error:
        needs.full_clean()
    assert "has kinds of its own" in str(error.value.message_dict["parent"])


def test_a_service_cannot_be_a_kind_of_itself():
    training = Service.objects.get(slug="training")
    training.parent = training
    with pytest.raises(ValidationError):
        training.full_clean()


def test_a_valid_kind_passes():
    needs = Service.objects.get(slug="needs-assessment")
    ServiceFactory.build(program=needs.program, parent=needs, name="Another kind").full_clean()


def test_program_labels():
    cri_tac = Program.objects.get(slug="cri-tac")
    response = Program.objects.get(slug="critical-response")
    assert cri_tac.short_label == "CRI-TAC"
    assert cri_tac.full_label.endswith("Technical Assistance Center (CRI-TAC)")
    assert response.full_label == "Critical Response"
