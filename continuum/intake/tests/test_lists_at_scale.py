"""Lists whose cost does not grow (issue 8 §2, ADR 0012): bounded counts equal a full count
below the cap, keyset pages of the API lists, and the agency's sort name kept by the services."""

# ruff: noqa: F401, F811 (pytest fixtures are imported by name and used as arguments)

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from continuum.accounts.tests.factories import ProgramStaffFactory
from continuum.agencies.models import Agency
from continuum.agencies.tests.factories import AgencyFactory
from continuum.intake import selectors
from continuum.intake.choices import OPEN_STATUSES, RequestStatus
from continuum.intake.models import AssistanceRequest

from .domain_fixtures import agency_a, agency_b, requester_a, staff
from .factories import AssistanceRequestFactory, RawSubmittedRequestFactory, submitted_request
from .test_api import Api

SUBMITTED = [s for s in RequestStatus.values if s != RequestStatus.DRAFT]


def _exact(rows, **conditions):
    return sum(1 for row in rows if all(check(row) for check in conditions.values()))


@pytest.mark.date_sensitive  # "overdue" is relative to today
@pytest.mark.django_db
def test_bounded_counts_equal_a_full_count_after_random_operations(staff, agency_a, agency_b):
    rng = random.Random(2026)
    reviewers = [staff, ProgramStaffFactory(), None]
    for _ in range(60):
        RawSubmittedRequestFactory(
            agency=rng.choice([agency_a, agency_b]),
            status=rng.choice(SUBMITTED),
            reviewer=rng.choice(reviewers),
        )
    AssistanceRequestFactory(agency=agency_a)  # a draft is never counted
    rows = list(AssistanceRequest.objects.exclude(status=RequestStatus.DRAFT))
    for ar in rng.sample(rows, 20):  # random changes after the fact
        AssistanceRequest.objects.filter(pk=ar.pk).update(
            status=rng.choice(SUBMITTED), reviewer=rng.choice(reviewers)
        )
    rows = list(AssistanceRequest.objects.exclude(status=RequestStatus.DRAFT))
    now = timezone.now()
    for filters, keep in [
        ({}, lambda r: True),
        ({"state": agency_b.state.usps}, lambda r: r.agency_id == agency_b.pk),
        ({"assignee": "unassigned"}, lambda r: r.reviewer_id is None),
        ({"assignee": str(staff.pk)}, lambda r: r.reviewer_id == staff.pk),
    ]:
        counts = selectors.queue_counts(viewer=staff, filters=filters, now=now)
        kept = [r for r in rows if keep(r)]
        assert counts["total"] == len(kept)
        assert counts["open"] == _exact(kept, open=lambda r: r.status in OPEN_STATUSES)
        assert counts["unassigned"] == _exact(
            kept, open=lambda r: r.status in OPEN_STATUSES, none=lambda r: r.reviewer_id is None
        )
        for status in SUBMITTED:
            assert counts["by_status"][status] == _exact(kept, s=lambda r, s=status: r.status == s)
        assert not any(getattr(value, "capped", False) for value in counts.values())
    capped = selectors.queue_counts(viewer=staff, filters={}, cap=10)
    assert capped["total"] == 10 and capped["total"].capped and str(capped["total"]) == "10+"


@pytest.mark.django_db
def test_staff_api_list_pages_through_submitted_requests_and_own_drafts(client, staff, agency_a):
    rows = [RawSubmittedRequestFactory(agency=agency_a) for _ in range(7)]
    own_draft = AssistanceRequestFactory(agency=agency_a, requester=staff)
    others_draft = AssistanceRequestFactory(agency=agency_a)
    api = Api(client, staff)
    seen, cursor, pages = [], None, 0
    while True:
        params = {"page_size": 3, **({"cursor": cursor} if cursor else {})}
        body = api.get("/requests/", params).json()
        assert body["count"] == 8 and not body["count_capped"]
        seen += [item["public_id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
    expected = sorted([*rows, own_draft], key=lambda ar: ar.pk, reverse=True)
    assert seen == [str(ar.public_id) for ar in expected] and pages == 3
    assert str(others_draft.public_id) not in seen
    assert api.get("/requests/", {"cursor": "forged"}).status_code == 422


@pytest.mark.django_db
def test_the_services_keep_the_agency_sort_name(requester_a, agency_a):
    listed = submitted_request(agency=agency_a, requester=requester_a)
    assert listed.agency_sort_name == "riverton police department"
    unlisted = submitted_request(
        agency=None,
        requester=requester_a,
        unlisted_agency_name="  Village   Public Safety Officers ",
        unlisted_agency_type="tribal",
        unlisted_jurisdiction_level="tribal",
        unlisted_state=agency_a.state,
    )
    assert unlisted.agency_sort_name == "village public safety officers"


@pytest.mark.django_db
def test_an_agency_renamed_by_the_directory_moves_in_the_queue(staff, agency_a):
    from continuum.agencies.services import directory_changed

    zebra = AgencyFactory(name="Zebra County Sheriff")
    first = RawSubmittedRequestFactory(agency=agency_a)
    second = RawSubmittedRequestFactory(agency=zebra)
    Agency.objects.filter(pk=zebra.pk).update(name="Abbot County Sheriff")  # the import's upsert
    directory_changed(agency_ids=None)
    queue = selectors.triage_queue(viewer=staff, filters={}, ordering="agency_name")
    assert [ar.pk for ar in queue] == [second.pk, first.pk]
