"""The minimal engagement an accepted request creates."""

import pytest
from django.core.exceptions import ValidationError

from continuum.accounts.tests.factories import ProgramStaffFactory
from continuum.activity.models import Event
from continuum.engagements.models import Engagement
from continuum.engagements.services import engagement_create_from_request
from continuum.intake.tests.factories import program, service, submitted_request

pytestmark = pytest.mark.django_db


def test_an_engagement_from_a_request():
    staff = ProgramStaffFactory()
    ar = submitted_request(services=["bias-audit"])
    engagement = engagement_create_from_request(
        actor=staff,
        assistance_request=ar,
        program=program("critical-response"),
        services=[service("bias-audit"), service("facilitated-discussion")],
    )
    assert engagement.status == "planning"
    assert engagement.agency_id == ar.agency_id
    assert engagement.program.slug == "critical-response"
    assert {s.slug for s in engagement.services.all()} == {"bias-audit", "facilitated-discussion"}
    event = Event.objects.for_target(engagement).get()
    assert event.verb == "engagement_created" and event.actor == staff
    assert ar.tracking_number in event.note


def test_one_engagement_per_request_and_services_of_its_program():
    staff = ProgramStaffFactory()
    ar = submitted_request()
    cri_tac = program("cri-tac")
    with pytest.raises(ValidationError, match="not part of"):
        engagement_create_from_request(
            actor=staff, assistance_request=ar, program=cri_tac, services=[service("bias-audit")]
        )
    with pytest.raises(ValidationError, match="at least one service"):
        engagement_create_from_request(
            actor=staff, assistance_request=ar, program=cri_tac, services=[]
        )
    engagement_create_from_request(
        actor=staff, assistance_request=ar, program=cri_tac, services=[service("training")]
    )
    with pytest.raises(ValidationError, match="already has an engagement"):
        engagement_create_from_request(
            actor=staff, assistance_request=ar, program=cri_tac, services=[service("training")]
        )
    assert Engagement.objects.count() == 1


def test_an_unlisted_agency_engagement_has_no_directory_agency_yet():
    from continuum.agencies.tests.factories import StateFactory

    ar = submitted_request(
        agency=None,
        unlisted_agency_name="Kotlik Village Public Safety",
        unlisted_agency_type="tribal",
        unlisted_jurisdiction_level="tribal",
        unlisted_state=StateFactory(),
    )
    engagement = engagement_create_from_request(
        actor=ProgramStaffFactory(),
        assistance_request=ar,
        program=program("cri-tac"),
        services=[service("training")],
    )
    assert engagement.agency is None


def test_the_admin_lists_engagements_read_only(client):
    from continuum.accounts.tests.factories import AdministratorFactory

    ar = submitted_request()
    engagement = engagement_create_from_request(
        actor=None,
        assistance_request=ar,
        program=program("cri-tac"),
        services=[service("training")],
    )
    client.force_login(AdministratorFactory())
    listed = client.get("/admin/engagements/engagement/").context["cl"].result_list
    assert list(listed) == [engagement]
    change = client.get(f"/admin/engagements/engagement/{engagement.pk}/change/")
    assert change.context["original"] == engagement
    assert ar.tracking_number in change.content.decode()
    assert client.get("/admin/engagements/engagement/add/").status_code == 403
