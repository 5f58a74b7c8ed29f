"""The documents' policy: the visibility meets the viewer's audience on the target."""

# ruff: noqa: F401, F811

from __future__ import annotations

import pytest

from continuum.core.policy import Audience
from continuum.documents.choices import (
    AGENCY_AND_STAFF,
    PUBLIC,
    STAFF_ONLY,
    TEAM,
    TEAM_AND_AGENCY,
    masks_meeting,
)
from continuum.documents.models import Document
from continuum.documents.permissions import can_view_document
from continuum.documents.selectors import documents_on, documents_visible_to
from continuum.intake.tests.domain_fixtures import agency_a, agency_b, member_a, member_b, staff
from continuum.intake.tests.factories import submitted_request


def test_masks_meeting_lists_exactly_the_masks_sharing_an_audience():
    assert masks_meeting(Audience.AGENCY) == [4, 5, 6, 7, 12, 13, 14, 15]
    assert masks_meeting(Audience.NONE) == []
    assert len(masks_meeting(Audience.everyone())) == 15


@pytest.mark.django_db
def test_each_visibility_reaches_exactly_its_audiences(member_a, member_b, staff, agency_a):
    ar = submitted_request(requester=member_a, requester_email=member_a.email, agency=agency_a)
    documents = {
        int(mask): Document.objects.create(target=ar, name=f"doc {int(mask)}", visibility=mask)
        for mask in (STAFF_ONLY, AGENCY_AND_STAFF, TEAM, TEAM_AND_AGENCY, PUBLIC)
    }
    agency_sees = {int(AGENCY_AND_STAFF), int(TEAM_AND_AGENCY), int(PUBLIC)}
    for mask, document in documents.items():
        assert can_view_document(staff, document)
        assert can_view_document(member_a, document) == (mask in agency_sees)
        assert not can_view_document(member_b, document)  # another agency: nothing at all
    listed = set(documents_visible_to(member_a).values_list("visibility", flat=True))
    assert listed == agency_sees
    assert documents_visible_to(staff).count() == len(documents)
    assert not documents_visible_to(member_b).exists()


@pytest.mark.django_db
def test_a_pages_list_is_the_policys_rule_for_its_own_objects(member_a, member_b, staff, agency_a):
    """`documents_on` asks the rule for the page's objects only: the same documents as the whole
    rule narrowed to those objects, never another object's."""
    ar = submitted_request(requester=member_a, requester_email=member_a.email, agency=agency_a)
    other = submitted_request(requester=member_a, requester_email=member_a.email, agency=agency_a)
    for target in (ar, other):
        for mask in (STAFF_ONLY, AGENCY_AND_STAFF, PUBLIC):
            Document.objects.create(target=target, name=f"doc {int(mask)}", visibility=mask)
    for viewer in (member_a, member_b, staff):
        listed = {d.pk for d in documents_on(viewer=viewer, targets=[ar])}
        expected = set(
            documents_visible_to(viewer)
            .filter(target_id=ar.pk, target_type__model="assistancerequest")
            .values_list("pk", flat=True)
        )
        assert listed == expected, viewer
    assert len(documents_on(viewer=staff, targets=[ar])) == 3
    assert len(documents_on(viewer=member_a, targets=[ar])) == 2
    assert documents_on(viewer=member_b, targets=[ar]) == []
