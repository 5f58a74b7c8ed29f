"""The staff side: the triage queue (filters, counts, paging, bulk assign) and the staff
request page with each action, through the pages as program staff use them."""

# ruff: noqa: F401, F811 (pytest fixtures are imported by name and used as arguments)

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from continuum.accounts.tests.factories import ProgramStaffFactory
from continuum.activity.models import Event
from continuum.agencies.tests.factories import AgencyFactory, StateFactory
from continuum.engagements.models import Engagement
from continuum.intake.choices import OPEN_STATUSES
from continuum.intake.choices import RequestStatus as S
from continuum.intake.selectors import timeline_for_viewer

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
from .factories import RawSubmittedRequestFactory, program, service, submitted_request

pytestmark = pytest.mark.django_db

QUEUE = reverse("intake:triage_queue")


def _tracking_numbers(response) -> set[str]:
    """Every request shown: the pinned urgent ones and the page's rows."""
    rows = [*response.context["pinned_rows"], *response.context["rows"]]
    return {row.request.tracking_number for row in rows}


def _row(page: str, tracking_number: str) -> str:
    """The queue table's row of one request."""
    rows = [row for row in page.split("<tr") if f">{tracking_number}</a>" in row]
    assert len(rows) == 1
    return rows[0].split("</tr>")[0]


def _raw(**kwargs):
    kwargs.setdefault("submitted_at", timezone.now())
    return RawSubmittedRequestFactory(**kwargs)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


# --- the queue: filters ----------------------------------------------------------------------


@pytest.fixture
def variety(staff, agency_a, agency_b):
    """Requests that differ in one way each from a plain one."""
    tribal = AgencyFactory(
        name="Red Rock Tribal Police", agency_type="tribal", jurisdiction_level="tribal"
    )
    return {
        "plain": _raw(agency=agency_a),
        "in_review": _raw(agency=agency_a, status=S.IN_REVIEW),
        "declined": _raw(agency=agency_a, status=S.DECLINED, decided_at=timezone.now()),
        "critical_response": _raw(
            agency=agency_a, recommended_program=program("critical-response")
        ),
        "maryland_sheriff": _raw(agency=agency_b),
        "tribal": _raw(agency=tribal),
        "incident": _raw(
            agency=agency_a,
            has_critical_incident=True,
            incident_date=timezone.localdate() - datetime.timedelta(days=10),
        ),
        "assigned": _raw(agency=agency_a, reviewer=staff),
        "assigned_other": _raw(agency=agency_a, reviewer=ProgramStaffFactory()),
        "old": _raw(agency=agency_a, submitted_at=timezone.now() - datetime.timedelta(days=30)),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "in_review"}, {"in_review"}),
        ({"status": "declined"}, {"declined"}),
        ({"program": "critical-response"}, {"critical_response"}),
        ({"state": "MD"}, {"maryland_sheriff"}),
        ({"agency_type": "sheriff"}, {"maryland_sheriff"}),
        ({"jurisdiction_level": "tribal"}, {"tribal"}),
        ({"critical_incident": "yes"}, {"incident"}),
        ({"assignee": "me"}, {"assigned"}),
        ({"age": "overdue"}, {"old"}),
    ],
)
@pytest.mark.date_sensitive  # ages and "overdue" are relative to today
def test_each_filter_narrows_the_queue(staff_client, variety, query, expected):
    response = staff_client.get(QUEUE, query)
    assert response.status_code == 200
    assert _tracking_numbers(response) == {variety[key].tracking_number for key in expected}
    assert response.context["counts"]["matching"] == len(expected)


@pytest.mark.date_sensitive  # ages and "overdue" are relative to today
def test_unassigned_and_a_named_reviewer(staff_client, variety, staff):
    response = staff_client.get(QUEUE, {"assignee": "unassigned"})
    assert variety["assigned"].tracking_number not in _tracking_numbers(response)
    assert variety["plain"].tracking_number in _tracking_numbers(response)
    other = variety["assigned_other"].reviewer
    response = staff_client.get(QUEUE, {"assignee": str(other.pk)})
    assert _tracking_numbers(response) == {variety["assigned_other"].tracking_number}


@pytest.mark.date_sensitive  # ages and "overdue" are relative to today
def test_no_filter_shows_open_requests_closed_ones_one_click_away(staff_client, variety):
    from .factories import AssistanceRequestFactory

    draft = AssistanceRequestFactory()
    response = staff_client.get(QUEUE)
    open_ones = {ar.tracking_number for key, ar in variety.items() if key != "declined"}
    assert _tracking_numbers(response) == open_ones
    page = response.content.decode()
    assert str(draft.public_id) not in page
    assert 'href="?status=closed"' in page
    closed = staff_client.get(QUEUE, {"status": "closed"})
    assert _tracking_numbers(closed) == {variety["declined"].tracking_number}
    everything = staff_client.get(QUEUE, {"status": "all"})
    assert _tracking_numbers(everything) == {ar.tracking_number for ar in variety.values()}
    assert str(draft.public_id) not in everything.content.decode()


@pytest.mark.date_sensitive  # ages and "overdue" are relative to today
def test_filters_combine(staff_client, variety):
    response = staff_client.get(QUEUE, {"status": "submitted", "assignee": "me"})
    assert _tracking_numbers(response) == {variety["assigned"].tracking_number}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": "lost"}, "is not one of the status options"),
        ({"program": "astrology"}, "That program does not exist"),
        ({"state": "ZZ"}, "That state does not exist"),
        ({"assignee": "999999"}, "That reviewer does not exist"),
        ({"sort": "random"}, "is not a way to sort"),
        ({"cursor": "banana"}, "This page link is out of date or broken"),
    ],
)
@pytest.mark.date_sensitive  # ages and "overdue" are relative to today
def test_invalid_filter_values_give_a_message_not_an_error(staff_client, variety, query, message):
    response = staff_client.get(QUEUE, {**query, "critical_incident": "yes"})
    assert response.status_code == 200
    if message:
        assert message in response.content.decode()
    # The valid filter still applies.
    assert _tracking_numbers(response) == {variety["incident"].tracking_number}


@pytest.mark.date_sensitive  # ages and "overdue" are relative to today
def test_sorting(staff_client, agency_a, agency_b):
    older = _raw(agency=agency_b, submitted_at=timezone.now() - datetime.timedelta(days=2))
    newer = _raw(agency=agency_a)

    def order(sort):
        rows = staff_client.get(QUEUE, {"sort": sort}).context["rows"]
        return [row.request.pk for row in rows]

    assert order("newest") == [newer.pk, older.pk]
    assert order("oldest") == [older.pk, newer.pk]
    # Harbor County Sheriff's Office (B) before Riverton Police Department (A)
    assert order("agency_name") == [older.pk, newer.pk]
    by_tracking = sorted([older, newer], key=lambda ar: ar.tracking_number)
    assert order("tracking_number") == [ar.pk for ar in by_tracking]


# --- counts, paging, query count -------------------------------------------------------------


@pytest.mark.date_sensitive  # ages and "overdue" are relative to today
def test_counts_total_and_per_status(staff_client, variety):
    response = staff_client.get(QUEUE, {"status": "in_review"})
    counts = response.context["counts"]
    assert counts["total"] == len(variety)
    assert counts["by_status"]["in_review"] == 1
    assert counts["by_status"]["declined"] == 1
    assert counts["matching"] == 1
    page = response.content.decode()
    assert "In review: <strong>1</strong>" in page
    assert f"All statuses: <strong>{len(variety)}</strong>" in page


def test_keyset_pages_of_25_with_uswds_pagination(staff_client, agency_a):
    for _ in range(30):
        _raw(agency=agency_a)
    first = staff_client.get(QUEUE, {"status": "submitted"})
    assert len(first.context["rows"]) == 25
    assert first.context["cursor_prev"] is None
    cursor = first.context["cursor_next"]
    page = first.content.decode()
    assert "usa-pagination" in page
    assert "status=submitted&amp;cursor=" in page  # the filters stay on the page links
    second = staff_client.get(QUEUE, {"status": "submitted", "cursor": cursor})
    assert len(second.context["rows"]) == 5
    assert second.context["cursor_next"] is None
    assert "First page" in second.content.decode()
    assert not _tracking_numbers(first) & _tracking_numbers(second)
    back = staff_client.get(QUEUE, {"status": "submitted", "cursor": second.context["cursor_prev"]})
    assert _tracking_numbers(back) == _tracking_numbers(first)
    assert back.context["cursor_prev"] is None


def test_a_broken_or_foreign_cursor_shows_the_first_page_with_a_message(staff_client, agency_a):
    for _ in range(27):
        _raw(agency=agency_a)
    cursor = staff_client.get(QUEUE).context["cursor_next"]
    for query in ({"cursor": "garbage"}, {"cursor": cursor, "sort": "oldest"}):
        response = staff_client.get(QUEUE, query)
        assert response.status_code == 200
        assert "This page link is out of date or broken" in response.content.decode()
        assert len(response.context["rows"]) == 25


def test_the_default_view_is_open_work(staff_client, variety):
    open_rows = _tracking_numbers(staff_client.get(QUEUE))
    every = _tracking_numbers(staff_client.get(QUEUE, {"status": "all"}))
    assert open_rows < every
    decided = {ar.tracking_number for ar in variety.values() if ar.status not in OPEN_STATUSES}
    assert decided and not open_rows & decided


def _queue_queries(client, django_assert_max_num_queries, n: int, agency) -> int:
    reviewer = ProgramStaffFactory()
    for i in range(n):
        ar = _raw(agency=agency, reviewer=reviewer if i % 2 else None)
        ar.services.set([service("policy-review"), service("training")])
        ar.recommended_services.set([service("policy-review")])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(QUEUE)
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(n, 25)
    return len(captured)


def test_query_count_does_not_grow_with_the_number_of_requests(
    staff_client, agency_a, django_assert_max_num_queries
):
    few = _queue_queries(staff_client, django_assert_max_num_queries, 5, agency_a)
    many = _queue_queries(staff_client, django_assert_max_num_queries, 30, agency_a)
    assert many == few
    with django_assert_max_num_queries(few):
        staff_client.get(QUEUE, {"status": "open", "sort": "agency_name"})


def _reviewer_reads(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured
        if 'FROM "accounts_user"' in q["sql"] and '"is_program_staff" OR' in q["sql"]
    ]


def test_the_queue_reads_the_reviewers_once_whatever_the_number_of_people(staff_client, agency_a):
    """Both reviewer selects (the filter's and the bulk assignment's) show the reviewers from
    one read; more agency members and experts (most of the users) add no query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from continuum.accounts.tests.factories import AgencyMembershipFactory, ExpertFactory

    _raw(agency=agency_a)
    reviewer = ProgramStaffFactory(full_name="Quinn Okafor")

    def page():
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(QUEUE)
        assert response.status_code == 200
        return response.content.decode(), captured

    html, captured = page()
    assert len(_reviewer_reads(captured)) == 1
    for name in ("assignee", "bulk-reviewer"):
        select = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
        assert f'<option value="{reviewer.pk}">Quinn Okafor</option>' in select, name
    bulk = html.split('name="bulk-reviewer"', 1)[1].split("</select>", 1)[0]
    assert '<option value="" selected>Choose a reviewer</option>' in bulk
    few = len(captured)
    for _ in range(15):
        AgencyMembershipFactory()
        ExpertFactory()
    html, captured = page()
    assert len(captured) == few
    assert len(_reviewer_reads(captured)) == 1


def test_one_count_query_per_page(staff_client, agency_a):
    """queue_counts counts the matching rows; the paginator must not count them again."""
    for _ in range(3):
        _raw(agency=agency_a)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        staff_client.get(QUEUE, {"status": "submitted"})
    counts = [q["sql"] for q in captured if re.search(r"\bCOUNT\(", q["sql"], re.IGNORECASE)]
    assert len(counts) == 1, counts


# --- rows ------------------------------------------------------------------------------------


@pytest.mark.date_sensitive  # ages and "overdue" are relative to today
def test_row_shows_what_triage_needs_and_an_overdue_tag(staff_client, agency_a, staff):
    late = _raw(
        agency=agency_a,
        reviewer=staff,
        recommended_program=program("cri-tac"),
        submitted_at=timezone.now() - datetime.timedelta(days=30),
    )
    late.services.set([service("policy-review")])
    fresh = _raw(agency=agency_a)
    page = staff_client.get(QUEUE).content.decode()
    row = _row(page, late.tracking_number)
    assert reverse("intake:triage_detail", args=[late.public_id]) in row
    assert "Riverton Police Department, VA" in row
    assert "CRI-TAC" in row
    assert "Policy review" in row
    assert "Submitted" in row
    assert "Jordan Avery" in row
    assert "30 business days" not in row  # 30 calendar days
    assert "business days (target 2)" in row
    assert ">Past target</span>" in row
    assert "Past target" not in _row(page, fresh.tracking_number)
    assert "0 business days (target 2)" in _row(page, fresh.tracking_number)


@pytest.mark.date_sensitive  # ages and "overdue" are relative to today
def test_htmx_request_gets_only_the_results(staff_client, variety):
    response = staff_client.get(QUEUE, {"status": "in_review"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert variety["in_review"].tracking_number in page
    assert 'id="queue-summary"' in page
    full = staff_client.get(QUEUE).content.decode()
    assert 'hx-target="#queue-results"' in full and 'hx-push-url="true"' in full


# --- bulk assign -----------------------------------------------------------------------------


def test_bulk_assign_assigns_and_returns_to_the_same_filters(staff_client, agency_a):
    reviewer = ProgramStaffFactory(full_name="Casey Lin")
    first, second, untouched = (_raw(agency=agency_a) for _ in range(3))
    response = staff_client.post(
        reverse("intake:triage_bulk_assign"),
        {
            "bulk-requests": [str(first.public_id), str(second.public_id)],
            "bulk-reviewer": reviewer.pk,
            "queue_query": "status=submitted&sort=oldest&page=1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?status=submitted&sort=oldest&page=1"
    for ar in (first, second, untouched):
        ar.refresh_from_db()
    assert first.reviewer == reviewer and second.reviewer == reviewer
    assert untouched.reviewer is None
    followed = staff_client.get(response["Location"])
    assert "2 requests assigned to Casey Lin." in followed.content.decode()


def test_bulk_assign_without_a_tick_or_reviewer_says_so(staff_client, agency_a):
    _raw(agency=agency_a)
    response = staff_client.post(
        reverse("intake:triage_bulk_assign"), {"bulk-reviewer": "", "queue_query": ""}, follow=True
    )
    page = response.content.decode()
    assert "Tick at least one request to assign." in page
    assert "Choose a reviewer." in page
    # Said in the page's USWDS error alert, not in a browser tooltip: the form lets the server
    # answer (novalidate), and the answer is an alert screen readers announce.
    alert = page.split('class="usa-alert usa-alert--error')[1].split("</div>")[0]
    assert 'role="alert"' in alert
    assert 'id="bulk-assign" novalidate' in page


def test_bulk_assign_refuses_a_non_staff_reviewer_and_forged_ids(staff_client, agency_a, member_a):
    ar = _raw(agency=agency_a)
    response = staff_client.post(
        reverse("intake:triage_bulk_assign"),
        {"bulk-requests": [str(ar.public_id)], "bulk-reviewer": member_a.pk},
        follow=True,
    )
    assert "That person cannot review requests" in response.content.decode()
    response = staff_client.post(
        reverse("intake:triage_bulk_assign"),
        {"bulk-requests": ["not-a-uuid"], "bulk-reviewer": ProgramStaffFactory().pk},
        follow=True,
    )
    assert response.status_code == 200
    assert "is not valid" in response.content.decode()
    ar.refresh_from_db()
    assert ar.reviewer is None


def test_bulk_assign_redirect_stays_on_the_queue(staff_client, agency_a):
    ar = _raw(agency=agency_a)
    response = staff_client.post(
        reverse("intake:triage_bulk_assign"),
        {
            "bulk-requests": [str(ar.public_id)],
            "bulk-reviewer": ProgramStaffFactory().pk,
            "queue_query": "//evil.example/",
        },
    )
    assert response["Location"].startswith(QUEUE)


# --- access ----------------------------------------------------------------------------------


def test_non_staff_get_404_on_every_triage_url(client, agency_a, requester_a, member_a, outsider):
    ar = submitted_request(agency=agency_a, requester=requester_a)
    urls = [
        ("get", QUEUE),
        ("post", reverse("intake:triage_bulk_assign")),
        ("get", reverse("intake:triage_detail", args=[ar.public_id])),
    ] + [
        ("post", reverse("intake:triage_action", args=[ar.public_id, slug]))
        for slug in ("assign", "note", "message", "start-review", "accept", "decline", "refer")
    ]
    for user in (requester_a, member_a, outsider):
        client.force_login(user)
        for method, url in urls:
            response = getattr(client, method)(url)
            assert response.status_code == 404, (user, url)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_unknown_request_or_action_is_404(staff_client, agency_a, requester_a):
    import uuid

    ar = submitted_request(agency=agency_a, requester=requester_a)
    assert staff_client.get(reverse("intake:triage_detail", args=[uuid.uuid4()])).status_code == 404
    url = reverse("intake:triage_action", args=[ar.public_id, "explode"])
    assert staff_client.post(url).status_code == 404


def test_a_draft_has_no_triage_page_even_for_its_staff_author(staff_client, staff):
    from .factories import AssistanceRequestFactory

    draft = AssistanceRequestFactory(requester=staff)
    assert _detail(staff_client, draft).status_code == 404
    assert _act(staff_client, draft, "note", {"note-note": "x"}).status_code == 404


def test_administrators_use_triage_too(client, administrator, agency_a, requester_a):
    ar = submitted_request(agency=agency_a, requester=requester_a)
    client.force_login(administrator)
    assert _tracking_numbers(client.get(QUEUE)) == {ar.tracking_number}
    detail = client.get(reverse("intake:triage_detail", args=[ar.public_id]))
    assert detail.status_code == 200
    assert ar.tracking_number in detail.content.decode()


# --- the staff request page ------------------------------------------------------------------


@pytest.fixture
def ar(agency_a, requester_a):
    return submitted_request(
        agency=agency_a,
        requester=requester_a,
        services=[service("policy-review"), service("training")],
        narrative="We want our use-of-force policy reviewed against current practice.",
    )


def _detail(client, ar):
    return client.get(reverse("intake:triage_detail", args=[ar.public_id]))


def _act(client, ar, slug, data=None, **kwargs):
    return client.post(
        reverse("intake:triage_action", args=[ar.public_id, slug]), data or {}, **kwargs
    )


def _decide(client, ar, slug, data, **kwargs):
    """A decision's two steps: the summary (nothing saved yet), then "Confirm"."""
    summary = _act(client, ar, slug, data)
    assert summary.status_code == 200
    assert "Nothing is saved and nobody is told until you confirm." in summary.content.decode()
    ar.refresh_from_db()
    assert ar.status in {S.SUBMITTED, S.IN_REVIEW}, "nothing is saved before confirming"
    return _act(client, ar, slug, {**data, "step": "confirm"}, **kwargs)


def test_detail_shows_the_submission_recommendation_and_actions(staff_client, ar):
    response = _detail(staff_client, ar)
    page = response.content.decode()
    assert response.status_code == 200
    assert ar.tracking_number in page
    assert "use-of-force policy reviewed" in page
    assert "Chief Alex Morgan" in page
    assert f"Continuum suggests {ar.recommended_program.name}" in page
    assert "Computed with routing table" not in page  # no jargon in the sentence
    assert f"routing table version {ar.routing_table.version}" in page  # kept as a detail
    for reason in ar.recommendation_reasons:
        assert reason in page
    for heading in ("Start the review", "Assign a reviewer", "Ask the agency for information"):
        assert heading in page
    for heading in ("Accept", "Decline", "Refer elsewhere", "Message the requester"):
        assert heading in page
    assert "Internal: never shown to the agency." in page
    assert "Request submitted" in page  # the timeline


def test_accept_form_is_preselected_from_the_recommendation(staff_client, ar):
    form = _detail(staff_client, ar).context["forms"]["accept"]
    assert form.initial["program"] == ar.recommended_program_id
    assert set(form.initial["services"]) == {str(s.pk) for s in ar.recommended_services.all()}
    assert ar.recommended_services.exists()


def test_only_allowed_actions_are_offered(staff_client, ar, staff):
    from continuum.intake.services.triage import request_decline

    request_decline(actor=staff, assistance_request=ar, reason="out_of_scope", note="Not ours.")
    forms = _detail(staff_client, ar).context["forms"]
    gone = {"start_review", "request_information", "accept", "decline", "refer", "assign"}
    assert not gone & set(forms)
    assert "note" in forms


def test_start_review(staff_client, ar, staff):
    response = _act(staff_client, ar, "start-review", follow=True)
    assert "The review has started." in response.content.decode()
    ar.refresh_from_db()
    assert ar.status == S.IN_REVIEW
    assert ar.reviewer == staff


def test_assign_and_unassign(staff_client, ar):
    reviewer = ProgramStaffFactory(full_name="Casey Lin")
    response = _act(staff_client, ar, "assign", {"assign-reviewer": reviewer.pk}, follow=True)
    assert "Casey Lin is now the reviewer." in response.content.decode()
    ar.refresh_from_db()
    assert ar.reviewer == reviewer
    response = _act(staff_client, ar, "assign", {"assign-reviewer": ""}, follow=True)
    assert "The reviewer is removed." in response.content.decode()
    ar.refresh_from_db()
    assert ar.reviewer is None


def test_internal_note_is_seen_by_staff_and_never_by_the_agency(
    staff_client, ar, requester_a, member_a, staff
):
    note = "Chief called; litigation may be pending, check with counsel."
    response = _act(staff_client, ar, "note", {"note-note": note}, follow=True)
    page = response.content.decode()
    assert "Your internal note is saved" in page
    assert note in page
    assert any(entry.note == note for entry in timeline_for_viewer(viewer=staff, ar=ar))
    for agency_user in (requester_a, member_a):
        entries = timeline_for_viewer(viewer=agency_user, ar=ar)
        assert all(note not in entry.note for entry in entries)
        staff_client.force_login(agency_user)
        agency_page = staff_client.get(
            reverse("intake:request_detail", args=[ar.public_id])
        ).content.decode()
        assert note not in agency_page


def test_message_the_requester(staff_client, ar, mailoutbox, django_capture_on_commit_callbacks):
    body = "Could we schedule a call next week?"
    with django_capture_on_commit_callbacks(execute=True):
        response = _act(staff_client, ar, "message", {"message-body": body}, follow=True)
    assert "Your message is sent to the requester." in response.content.decode()
    assert ar.messages.get().body == body
    assert any(body in message.body for message in mailoutbox)


def test_request_information(staff_client, ar):
    question = "How many sworn officers does the agency have today?"
    data = {"request-information-question": question}
    response = _act(staff_client, ar, "request-information", data, follow=True)
    assert "Your question is sent to the agency." in response.content.decode()
    ar.refresh_from_db()
    assert ar.status == S.NEEDS_INFORMATION
    assert ar.clock_paused_at is not None


def test_accept_creates_the_engagement(staff_client, ar):
    cri_tac = program("cri-tac")
    data = {
        "accept-program": cri_tac.pk,
        "accept-services": [service("policy-review").pk],
        "accept-note": "Welcome aboard.",
    }
    response = _decide(staff_client, ar, "accept", data, follow=True)
    assert "The request is accepted into" in response.content.decode()
    ar.refresh_from_db()
    assert ar.status == S.ACCEPTED
    engagement = Engagement.objects.get(assistance_request=ar)
    assert engagement.program == cri_tac
    assert list(engagement.services.all()) == [service("policy-review")]


def test_accept_with_a_service_of_another_program_is_refused_in_the_page(staff_client, ar):
    data = {"accept-program": program("cri-tac").pk, "accept-services": [service("bias-audit").pk]}
    response = _act(staff_client, ar, "accept", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "usa-alert--error" in page
    assert "not part of" in page
    ar.refresh_from_db()
    assert ar.status == S.SUBMITTED


def test_accept_with_a_forged_program_or_service_id(staff_client, ar):
    data = {"accept-program": 999999, "accept-services": ["999999"]}
    response = _act(staff_client, ar, "accept", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "That program does not exist" in page
    assert "is not a service on offer" in page


def test_decline(staff_client, ar):
    data = {"decline-reason": "no_capacity", "decline-note": "We cannot take this on now."}
    response = _decide(staff_client, ar, "decline", data, follow=True)
    assert "The request is declined." in response.content.decode()
    ar.refresh_from_db()
    assert ar.status == S.DECLINED
    assert ar.decline_reason == "no_capacity"


def test_decline_without_reason_or_text_says_what_is_missing(staff_client, ar):
    response = _act(staff_client, ar, "decline", {"decline-reason": "", "decline-note": ""})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Choose the reason for declining." in page
    assert "Write the explanation for the agency." in page


def test_refer(staff_client, ar):
    data = {"refer-target": "state_partner", "refer-note": "The state academy runs this course."}
    response = _decide(staff_client, ar, "refer", data, follow=True)
    assert "The request is referred." in response.content.decode()
    ar.refresh_from_db()
    assert ar.status == S.REFERRED
    assert ar.referral_target == "state_partner"


def test_an_action_no_longer_allowed_is_refused_with_a_message(staff_client, ar, staff):
    from continuum.intake.services.triage import request_refer

    request_refer(actor=staff, assistance_request=ar, target="resources", note="See the toolkit.")
    data = {"decline-reason": "other", "decline-note": "Second thoughts."}
    response = _act(staff_client, ar, "decline", data, follow=True)
    assert response.status_code == 200
    assert "This can&#x27;t be done now: the request is referred." in response.content.decode()
    ar.refresh_from_db()
    assert ar.status == S.REFERRED


def test_a_refused_transition_shows_its_message(staff_client, ar, staff, monkeypatch):
    """The page re-checks availability, but a race can still refuse: the message is shown."""
    from continuum.core.workflow import TransitionNotAllowed
    from continuum.intake.views import triage

    def refuse(**kwargs):
        raise TransitionNotAllowed("A decision has already been made on this request.")

    monkeypatch.setattr(triage, "request_review_start", refuse)
    response = _act(staff_client, ar, "start-review", follow=True)
    assert "A decision has already been made on this request." in response.content.decode()


def test_a_too_long_note_is_a_clear_error(staff_client, ar):
    response = _act(staff_client, ar, "note", {"note-note": "x" * 4001})
    assert response.status_code == 422
    assert "Keep it to 4000 characters or fewer" in response.content.decode()
    assert not Event.objects.filter(verb="note_added").exists()


def test_related_work_and_possible_duplicates(staff_client, ar, agency_a, requester_a, staff):
    twin = submitted_request(
        agency=agency_a, requester=requester_a, services=[service("policy-review")]
    )
    unrelated = submitted_request(
        agency=agency_a, requester=requester_a, services=[service("peer-exchange")]
    )
    from continuum.intake.services.triage import request_accept

    request_accept(
        actor=staff,
        assistance_request=unrelated,
        program=program("cri-tac"),
        services=[service("peer-exchange")],
    )
    response = _detail(staff_client, ar)
    assert twin in response.context["duplicates"]
    assert unrelated not in response.context["duplicates"]
    assert {twin, unrelated} <= set(response.context["related"].other_requests)
    page = response.content.decode()
    assert twin.tracking_number in page and unrelated.tracking_number in page
    assert "Peer exchange" in page  # the engagement's service
