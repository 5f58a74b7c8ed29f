"""Reads scoped by viewer: visibility, the triage queue and its counts, timelines, related work."""

# pytest fixtures are imported by name and used as arguments:
# ruff: noqa: F401, F811

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from continuum.accounts.tests.factories import ProgramStaffFactory
from continuum.agencies.tests.factories import AgencyFactory, StateFactory
from continuum.intake import selectors, sla
from continuum.intake.choices import RequestStatus as S
from continuum.intake.services import triage
from continuum.intake.tests.factories import (
    AssistanceRequestFactory,
    RawSubmittedRequestFactory,
    program,
    service,
    submitted_request,
)

from .domain_fixtures import (
    administrator,
    agency_a,
    agency_b,
    member_a,
    member_b,
    outsider,
    requester_a,
    staff,
)

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]  # relative to today


@pytest.fixture
def two_agencies(requester_a, member_b, agency_a, agency_b):
    """A submitted request and a draft for each agency."""
    return {
        "a": submitted_request(requester=requester_a, agency=agency_a),
        "a_draft": AssistanceRequestFactory(requester=requester_a, agency=agency_a),
        "b": submitted_request(requester=member_b, agency=agency_b),
        "b_draft": AssistanceRequestFactory(requester=member_b, agency=agency_b),
    }


# --- an agency member never sees another agency's request ----------------------------------


def test_requests_visible_to(two_agencies, requester_a, member_a, member_b, staff, outsider):
    r = two_agencies
    assert set(selectors.requests_visible_to(requester_a)) == {r["a"], r["a_draft"]}
    assert set(selectors.requests_visible_to(member_a)) == {r["a"]}  # not the colleague's draft
    assert set(selectors.requests_visible_to(member_b)) == {r["b"], r["b_draft"]}
    assert set(selectors.requests_visible_to(staff)) == {r["a"], r["b"]}
    assert list(selectors.requests_visible_to(outsider)) == []


def test_request_for_viewer_answers_404_for_another_agency(two_agencies, member_a, member_b):
    a = two_agencies["a"]
    assert selectors.request_for_viewer(viewer=member_a, public_id=a.public_id) == a
    with pytest.raises(Http404):
        selectors.request_for_viewer(viewer=member_b, public_id=a.public_id)
    with pytest.raises(Http404):
        selectors.request_for_viewer(viewer=member_a, public_id="not-a-uuid")


def test_the_queue_and_its_counts_never_show_another_agency(two_agencies, member_a, staff):
    assert list(selectors.triage_queue(viewer=member_a, filters={})) == [two_agencies["a"]]
    counts = selectors.queue_counts(viewer=member_a, filters={})
    assert counts["total"] == 1 and counts["by_status"]["submitted"] == 1
    # even when filtering for the other agency's state
    assert list(selectors.triage_queue(viewer=member_a, filters={"state": "MD"})) == []
    assert selectors.queue_counts(viewer=member_a, filters={"state": "MD"})["total"] == 0
    assert selectors.queue_counts(viewer=staff, filters={})["total"] == 2


def test_timelines_are_scoped_and_hide_internal_notes(two_agencies, member_a, member_b, staff):
    a = two_agencies["a"]
    triage.request_note_add(actor=staff, assistance_request=a, note="Chief is new; go gently.")
    triage.request_message_send(actor=staff, assistance_request=a, body="We got your request.")
    with pytest.raises(Http404):
        selectors.timeline_for_viewer(viewer=member_b, ar=a)
    with pytest.raises(Http404):
        selectors.messages_for_viewer(viewer=member_b, ar=a)
    agency_view = selectors.timeline_for_viewer(viewer=member_a, ar=a)
    staff_view = selectors.timeline_for_viewer(viewer=staff, ar=a)
    assert not any(e.internal for e in agency_view)
    assert "Chief is new; go gently." not in [e.note for e in agency_view]
    assert "Chief is new; go gently." in [e.note for e in staff_view]
    assert "routing_recommended" not in [e.verb for e in agency_view]
    sent = next(e for e in agency_view if e.verb == "message_sent")
    assert sent.actor_label == "Program staff"
    assert next(e for e in staff_view if e.verb == "message_sent").actor_label == str(staff)
    assert [m.body for m in selectors.messages_for_viewer(viewer=member_a, ar=a)] == [
        "We got your request."
    ]


# --- the queue's filters and sorting -------------------------------------------------------


@pytest.fixture
def queue(agency_a, agency_b, staff):
    """Requests that differ in one thing each (written directly: the queue only reads)."""
    now = timezone.now()
    alaska = StateFactory(usps="AK", fips="02", name="Alaska", ori_prefix="AK")
    tribal = AgencyFactory(
        name="Aleknagik Tribal Police",
        agency_type="tribal",
        jurisdiction_level="tribal",
        state=alaska,
    )
    other_reviewer = ProgramStaffFactory()
    raw = RawSubmittedRequestFactory
    return {
        "new_a": raw(agency=agency_a, submitted_at=now - datetime.timedelta(hours=1)),
        "old_overdue": raw(agency=agency_a, submitted_at=now - datetime.timedelta(days=30)),
        "old_answered": raw(
            agency=agency_a,
            submitted_at=now - datetime.timedelta(days=30),
            first_response_at=now - datetime.timedelta(days=29),
            status=S.IN_REVIEW,
            reviewer=staff,
        ),
        "declined": raw(
            agency=agency_b,
            status=S.DECLINED,
            decided_at=now,
            decided_program=None,
            reviewer=other_reviewer,
        ),
        "critical": raw(
            agency=agency_b,
            has_critical_incident=True,
            recommended_program=program("critical-response"),
        ),
        "accepted_oa": raw(
            agency=tribal, status=S.ACCEPTED, decided_program=program("organizational-assessment")
        ),
        "unlisted_ak": raw(
            agency=None,
            unlisted_agency_name="Village Public Safety Officers of Kotlik",
            unlisted_agency_type="tribal",
            unlisted_jurisdiction_level="tribal",
            unlisted_state=alaska,
        ),
        "other_reviewer": other_reviewer,
    }


def _keys(queue, rows):
    names = {v.pk: k for k, v in queue.items() if k != "other_reviewer"}
    return {names[r.pk] for r in rows}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": "declined"}, {"declined"}),
        ({"status": "decided"}, {"declined", "accepted_oa"}),
        (
            {"status": "open"},
            {"new_a", "old_overdue", "old_answered", "critical", "unlisted_ak"},
        ),
        ({"status": ["in_review", "accepted"]}, {"old_answered", "accepted_oa"}),
        ({"program": "critical-response"}, {"critical"}),
        ({"program": "organizational-assessment"}, {"accepted_oa"}),
        (
            {"program": "organizational-assessment", "program_basis": "recommended"},
            set(),
        ),
        ({"state": "AK"}, {"accepted_oa", "unlisted_ak"}),
        ({"state": "md"}, {"declined", "critical"}),
        ({"agency_type": "tribal"}, {"accepted_oa", "unlisted_ak"}),
        ({"agency_type": "sheriff"}, {"declined", "critical"}),
        ({"jurisdiction_level": "tribal"}, {"accepted_oa", "unlisted_ak"}),
        ({"critical_incident": "yes"}, {"critical"}),
        ({"critical_incident": False, "state": "MD"}, {"declined"}),
        ({"assignee": "me"}, {"old_answered"}),
        (
            {"assignee": "unassigned"},
            {"new_a", "old_overdue", "critical", "accepted_oa", "unlisted_ak"},
        ),
        # every open request past its target, answered or not
        ({"age": "overdue"}, {"old_overdue", "old_answered"}),
        ({"overdue": True}, {"old_overdue", "old_answered"}),
        ({"age": "10"}, {"old_overdue", "old_answered"}),
        ({"older_than_days": 10}, {"old_overdue", "old_answered"}),
        ({"q": "kotlik"}, {"unlisted_ak"}),
        ({"q": "Riverton", "age": "overdue"}, {"old_overdue", "old_answered"}),
        ({"status": "", "program": None, "q": "  "}, None),  # empty values are ignored
    ],
    ids=lambda v: str(v) if not isinstance(v, set) else None,
)
def test_queue_filters(queue, staff, filters, expected):
    rows = selectors.triage_queue(viewer=staff, filters=filters)
    everything = {k for k in queue if k != "other_reviewer"}
    assert _keys(queue, rows) == (everything if expected is None else expected)


def test_queue_search_by_tracking_number_or_agency(queue, staff):
    number = queue["new_a"].tracking_number
    rows = selectors.triage_queue(viewer=staff, filters={"q": number.lower()})
    assert _keys(queue, rows) == {"new_a"}
    rows = selectors.triage_queue(viewer=staff, filters={"q": "aleknagik"})
    assert _keys(queue, rows) == {"accepted_oa"}
    rows = selectors.triage_queue(viewer=staff, filters={"q": "harbor sheriff"})
    assert _keys(queue, rows) == {"declined", "critical"}
    rows = selectors.triage_queue(viewer=staff, filters={"q": "arbor"})  # words start words
    assert _keys(queue, rows) == set()


def test_queue_filter_by_assignee_id(queue, staff):
    reviewer = queue["other_reviewer"]
    rows = selectors.triage_queue(viewer=staff, filters={"assignee": str(reviewer.pk)})
    assert _keys(queue, rows) == {"declined"}
    rows = selectors.triage_queue(viewer=staff, filters={"assignee": reviewer})
    assert _keys(queue, rows) == {"declined"}


@pytest.mark.parametrize(
    "filters",
    [
        {"status": "draft"},
        {"status": "lost"},
        {"program": "no-such-program"},
        {"state": "ZZ"},
        {"agency_type": "navy"},
        {"jurisdiction_level": "galactic"},
        {"critical_incident": "maybe"},
        {"assignee": "someone"},
        {"age": "old"},
        {"older_than_days": -3},
        {"program": "cri-tac", "program_basis": "hoped-for"},
        {"colour": "red"},
    ],
    ids=str,
)
def test_bad_filters_raise_a_plain_validation_error(queue, staff, filters):
    with pytest.raises(ValidationError):
        list(selectors.triage_queue(viewer=staff, filters=filters))


def test_sorting(queue, staff, agency_a):
    newest = list(selectors.triage_queue(viewer=staff, filters={}, ordering="newest"))
    oldest = list(selectors.triage_queue(viewer=staff, filters={}, ordering="oldest"))
    assert [r.submitted_at for r in newest] == sorted(
        (r.submitted_at for r in newest), reverse=True
    )
    assert oldest[0].submitted_at == min(r.submitted_at for r in newest)
    by_agency = list(selectors.triage_queue(viewer=staff, filters={}, ordering="agency_name"))
    names = [r.agency_sort_name for r in by_agency]
    assert names == sorted(names)
    assert "village public safety officers of kotlik" in names  # unlisted agencies sort by name
    by_number = list(selectors.triage_queue(viewer=staff, filters={}, ordering="tracking_number"))
    assert [r.tracking_number for r in by_number] == sorted(r.tracking_number for r in by_number)
    with pytest.raises(ValidationError):
        selectors.triage_queue(viewer=staff, filters={}, ordering="shoe-size")


def test_queue_counts(queue, staff):
    counts = selectors.queue_counts(viewer=staff, filters={"status": "open", "state": "VA"})
    assert counts["total"] == 3  # every status of Virginia: the status filter is left out
    assert counts["matching"] == 3
    assert counts["by_status"] == {
        "submitted": 2,
        "in_review": 1,
        "needs_information": 0,
        "accepted": 0,
        "declined": 0,
        "referred": 0,
        "withdrawn": 0,
    }
    assert counts["overdue"] == 2  # answered or not, both are past the target
    assert counts["unassigned"] == 2
    assert selectors.queue_counts(viewer=staff, filters={"status": "declined"})["matching"] == 1


def test_counts_take_one_query(queue, staff, django_assert_num_queries):
    # the program and state lookups, the response targets (for "overdue"), then the count
    with django_assert_num_queries(4):
        selectors.queue_counts(viewer=staff, filters={"state": "AK", "program": "cri-tac"})


def _render_rows(rows):
    """Touch everything a queue row shows; return it (so nothing is optimized away)."""
    shown = []
    targets = sla.response_targets()  # once per page, as the views do
    for ar in rows:
        row = [ar.agency_display_name, ar.tracking_number, ar.get_status_display()]
        if ar.agency_id:
            row += [ar.agency.state.usps, ar.agency.get_agency_type_display()]
        elif ar.unlisted_state_id:
            row.append(ar.unlisted_state.usps)
        row.append(str(ar.reviewer) if ar.reviewer_id else "")
        row.append(ar.recommended_program.short_label if ar.recommended_program_id else "")
        row.append(ar.decided_program.short_label if ar.decided_program_id else "")
        row += [s.name for s in ar.services.all()]
        row += [s.name for s in ar.recommended_services.all()]
        row += [sla.request_age_business_days(ar), sla.is_overdue(ar, targets=targets)]
        shown.append(row)
    return shown


def _page_queries(viewer, filters=None):
    with CaptureQueriesContext(connection) as queries:
        _render_rows(selectors.triage_queue(viewer=viewer, filters=filters or {})[:25])
    return len(queries)


def _many(count, agency, staff):
    services = [service("policy-review"), service("bias-audit")]
    for _ in range(count):
        ar = RawSubmittedRequestFactory(
            agency=agency,
            reviewer=staff,
            recommended_program=program("cri-tac"),
            decided_program=program("cri-tac"),
        )
        ar.services.set(services)
        ar.recommended_services.set(services[:1])


def test_the_queue_page_costs_the_same_queries_for_few_or_many_requests(
    staff, agency_a, agency_b, member_a, django_assert_max_num_queries
):
    _many(3, agency_a, staff)
    few = _page_queries(staff)
    few_agency = _page_queries(member_a)
    _many(40, agency_b, staff)
    _many(10, agency_a, staff)
    assert _page_queries(staff) == few
    assert _page_queries(member_a) == few_agency
    with django_assert_max_num_queries(4):
        _render_rows(selectors.triage_queue(viewer=staff, filters={"status": "open"})[:25])


# --- related work and duplicates -----------------------------------------------------------


def test_related_work_and_possible_duplicates(staff, requester_a, agency_a, agency_b):
    ar = submitted_request(requester=requester_a, agency=agency_a, services=["policy-review"])
    same = submitted_request(
        requester=requester_a, agency=agency_a, services=["policy-review", "training"]
    )
    other_service = submitted_request(requester=requester_a, agency=agency_a, services=["training"])
    other_agency = submitted_request(agency=agency_b, services=["policy-review"])
    long_ago = submitted_request(requester=requester_a, agency=agency_a, services=["policy-review"])
    type(long_ago).objects.filter(pk=long_ago.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=200)
    )
    AssistanceRequestFactory(requester=requester_a, agency=agency_a, services=["policy-review"])
    triage.request_accept(
        actor=staff,
        assistance_request=same,
        program=program("cri-tac"),
        services=[service("training")],
    )

    assert list(selectors.possible_duplicates(ar)) == [same]
    related = selectors.related_work(ar)
    assert set(related.other_requests) == {same, other_service, long_ago}
    assert other_agency not in related.other_requests
    assert [e.assistance_request for e in related.engagements] == [same]


def test_not_sure_requests_of_the_same_agency_are_possible_duplicates(requester_a, agency_a):
    first = submitted_request(requester=requester_a, agency=agency_a)
    second = submitted_request(requester=requester_a, agency=agency_a)
    assert list(selectors.possible_duplicates(second)) == [first]
