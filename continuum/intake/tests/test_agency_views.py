"""The agency's side: "My requests" and the request page, scoped per agency; answering a request
for information; withdrawing; internal notes never shown."""

# pytest fixtures are imported by name and used as arguments:
# ruff: noqa: F401, F811

from __future__ import annotations

import pytest
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone

from continuum.accounts.tests.factories import UserFactory
from continuum.activity.models import Event
from continuum.intake.choices import RequestStatus
from continuum.intake.models import AssistanceRequest, RequestMessage
from continuum.intake.selectors import request_list_page, requests_visible_to
from continuum.intake.services import triage
from continuum.intake.tests.factories import (
    AssistanceRequestFactory,
    RawSubmittedRequestFactory,
    submitted_request,
)

from .domain_fixtures import (
    agency_a,
    agency_b,
    member_a,
    member_b,
    outsider,
    requester_a,
    staff,
)


def page_of(client, name, ar=None, **kwargs) -> str:
    args = [ar.public_id] if ar is not None else []
    response = client.get(reverse(name, args=args), **kwargs)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def request_a(requester_a, agency_a):
    return submitted_request(
        requester=requester_a, requester_email=requester_a.email, agency=agency_a
    )


@pytest.fixture
def request_b(member_b, agency_b):
    return submitted_request(requester=member_b, requester_email=member_b.email, agency=agency_b)


# --- My requests ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.date_sensitive  # the sent date is local: late on Dec 31 it is January in UTC
def test_my_requests_lists_drafts_first_then_sent_requests(requester_a, agency_a, request_a):
    draft = AssistanceRequestFactory(requester=requester_a, agency=agency_a)
    page = page_of(as_user(requester_a), "intake:my_requests")
    assert page.index("Drafts not sent yet") < page.index("Sent requests")
    assert reverse("intake:request_resume", args=[draft.public_id]) in page
    assert request_a.tracking_number in page
    assert "Submitted" in page
    sent_on = dateformat.format(timezone.localtime(request_a.submitted_at), "F j, Y")
    assert f'<td data-label="Sent on">{sent_on}</td>' in page


@pytest.mark.django_db
def test_my_requests_shows_the_agencys_requests_but_never_another_agencys(
    member_a, requester_a, agency_a, request_a, request_b
):
    others_draft = AssistanceRequestFactory(requester=requester_a, agency=agency_a)
    page = page_of(as_user(member_a), "intake:my_requests")
    assert request_a.tracking_number in page  # a colleague's request of the same agency
    assert request_b.tracking_number not in page
    assert str(others_draft.public_id) not in page  # a colleague's draft stays theirs
    assert request_b.agency.name not in page


@pytest.mark.django_db
def test_my_requests_of_someone_without_an_agency_lists_only_their_own(outsider, request_a):
    page = page_of(as_user(outsider), "intake:my_requests")
    assert request_a.tracking_number not in page
    assert "No requests sent yet." in page


@pytest.mark.django_db
def test_staff_my_requests_is_not_the_whole_queue(staff, request_a, request_b):
    page = page_of(as_user(staff), "intake:my_requests")
    assert request_a.tracking_number not in page
    assert request_b.tracking_number not in page


@pytest.mark.django_db
def test_my_requests_costs_the_same_queries_for_many_requests(
    requester_a, agency_a, django_assert_max_num_queries
):
    client = as_user(requester_a)
    RawSubmittedRequestFactory(requester=requester_a, agency=agency_a)
    AssistanceRequestFactory(requester=requester_a, agency=agency_a)
    with django_assert_max_num_queries(12) as few:
        page_of(client, "intake:my_requests")
    # More than a page of each list (25 sent, 10 drafts), some sent by colleagues.
    RawSubmittedRequestFactory.create_batch(20, requester=requester_a, agency=agency_a)
    RawSubmittedRequestFactory.create_batch(20, agency=agency_a)
    AssistanceRequestFactory.create_batch(12, requester=requester_a, agency=agency_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = page_of(client, "intake:my_requests")
    assert page.count("CRI-2099-") == 25
    assert "Older sent requests" in page and "Older drafts" in page


def _every_page(client, parameter: str, context_name: str) -> list:
    """Every row of one of the page's lists, following its "older" links."""
    rows, cursor = [], None
    while True:
        response = client.get(reverse("intake:my_requests"), {parameter: cursor} if cursor else {})
        page = response.context[context_name]
        rows += page.rows
        if not page.next_cursor:
            return rows
        cursor = page.next_cursor


@pytest.mark.django_db
def test_my_requests_pages_sent_requests_and_drafts_newest_first_each_once(
    member_a, requester_a, agency_a, agency_b
):
    # The member's own requests for their agency are in both parts (own, agency's): once here.
    mine = RawSubmittedRequestFactory.create_batch(20, requester=member_a, agency=agency_a)
    elsewhere = RawSubmittedRequestFactory(requester=member_a, agency=agency_b)
    colleagues = RawSubmittedRequestFactory.create_batch(10, requester=requester_a, agency=agency_a)
    drafts = AssistanceRequestFactory.create_batch(12, requester=member_a, agency=agency_a)
    AssistanceRequestFactory(requester=requester_a, agency=agency_a)  # a colleague's draft
    client = as_user(member_a)

    first = client.get(reverse("intake:my_requests"))
    assert (len(first.context["page"].rows), len(first.context["drafts"].rows)) == (25, 10)
    html = first.content.decode()
    assert "Older sent requests" in html and "Older drafts" in html

    sent = _every_page(client, "cursor", "page")
    assert [ar.pk for ar in sent] == [
        ar.pk
        for ar in sorted(
            [*mine, elsewhere, *colleagues], key=lambda ar: (ar.submitted_at, ar.pk), reverse=True
        )
    ]
    listed_drafts = _every_page(client, "drafts", "drafts")
    assert [ar.pk for ar in listed_drafts] == [
        ar.pk for ar in sorted(drafts, key=lambda ar: (ar.updated_at, ar.pk), reverse=True)
    ]


@pytest.mark.django_db
def test_a_broken_page_link_of_my_requests_shows_the_first_page(member_a, agency_a):
    RawSubmittedRequestFactory(requester=member_a, agency=agency_a)
    response = as_user(member_a).get(reverse("intake:my_requests"), {"cursor": "not-ours"})
    assert response.status_code == 200
    assert len(response.context["page"].rows) == 1
    assert "This page link is out of date or broken" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member_a", "requester_a", "outsider", "staff"])
def test_the_lists_parts_show_exactly_what_the_policy_shows(
    who, request, member_a, requester_a, member_b, outsider, staff, agency_a, agency_b
):
    """The parts that seek (own requests; the agency's sent ones) are the policy's rule split:
    paged through, they hold the rows `requests_visible_to` holds, no more, no fewer."""
    viewer = request.getfixturevalue(who)
    for user in (member_a, requester_a, member_b, staff):
        RawSubmittedRequestFactory.create_batch(3, requester=user, agency=agency_a)
        RawSubmittedRequestFactory(requester=user, agency=agency_b)
        RawSubmittedRequestFactory(requester=user, agency=None, unlisted_agency_name="Elsewhere")
        AssistanceRequestFactory(requester=user, agency=agency_a)
    RawSubmittedRequestFactory(requester=None, agency=agency_a)  # sent without an account
    visible = set(requests_visible_to(viewer).values_list("pk", flat=True))

    listed, cursor = [], None
    while True:
        page = request_list_page(viewer=viewer, cursor=cursor, size=4)
        listed += [ar.pk for ar in page.rows]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert sorted(listed) == sorted(visible)
    assert int(page.extra["count"]) == len(visible)

    mine = Q(requester_id=viewer.pk)
    if who in ("member_a", "requester_a"):
        mine |= Q(agency_id=agency_a.pk)
    expected = set(requests_visible_to(viewer).filter(mine).values_list("pk", flat=True))
    client = as_user(viewer)
    shown = [ar.pk for ar in _every_page(client, "cursor", "page")]
    shown += [ar.pk for ar in _every_page(client, "drafts", "drafts")]
    assert sorted(shown) == sorted(expected)


@pytest.mark.django_db
def test_my_requests_needs_sign_in(client):
    response = client.get(reverse("intake:my_requests"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


# --- the request page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_request_page_shows_status_timeline_and_chief_state(requester_a, request_a):
    page = page_of(as_user(requester_a), "intake:request_detail", request_a)
    assert f"Request {request_a.tracking_number}" in page
    assert "Request submitted" in page  # the timeline
    assert "Not confirmed yet" in page
    assert request_a.chief_email in page


@pytest.mark.django_db
def test_the_request_page_is_404_for_outsiders(
    request_a, member_b, outsider, client, member_a, staff
):
    url = reverse("intake:request_detail", args=[request_a.public_id])
    for user in (member_b, outsider):
        assert as_user(user).get(url).status_code == 404
        assert (
            as_user(user)
            .post(reverse("intake:request_withdraw", args=[request_a.public_id]))
            .status_code
            == 404
        )
        assert (
            as_user(user)
            .post(reverse("intake:request_answer", args=[request_a.public_id]), {"answer": "x"})
            .status_code
            == 404
        )
    assert client.get(url).status_code == 302  # anonymous: sign in first
    for user in (member_a, staff):
        assert f"Request {request_a.tracking_number}" in as_user(user).get(url).content.decode()


@pytest.mark.django_db
def test_a_draft_request_page_sends_its_owner_to_the_review(requester_a, member_a, agency_a):
    draft = AssistanceRequestFactory(requester=requester_a, agency=agency_a)
    url = reverse("intake:request_detail", args=[draft.public_id])
    response = as_user(requester_a).get(url)
    assert response.url == reverse("intake:request_review", args=[draft.public_id])
    assert as_user(member_a).get(url).status_code == 404


@pytest.mark.django_db
def test_internal_notes_never_reach_the_agency(requester_a, member_a, staff, request_a):
    triage.request_note_add(
        actor=staff, assistance_request=request_a, note="Chief seems reluctant; check with DOJ."
    )
    assert any(e.internal for e in Event.objects.for_target(request_a))
    for user in (requester_a, member_a, staff):
        page = page_of(as_user(user), "intake:request_detail", request_a)
        assert "Chief seems reluctant" not in page
        assert "Internal note" not in page
        assert "Routing recommendation" not in page  # an internal event too


@pytest.mark.django_db
def test_messages_from_staff_are_shown(requester_a, staff, request_a):
    triage.request_message_send(
        actor=staff, assistance_request=request_a, body="Could we talk on Tuesday?"
    )
    page = page_of(as_user(requester_a), "intake:request_detail", request_a)
    assert "Could we talk on Tuesday?" in page
    assert "Program staff" in page
    assert staff.full_name not in page  # agency users see "Program staff"


# --- answering a request for information --------------------------------------------------------


@pytest.fixture
def waiting_request(staff, request_a):
    return triage.request_information_ask(
        actor=staff, assistance_request=request_a, question="How many sworn officers do you have?"
    )


@pytest.mark.django_db
def test_the_agency_answers_a_request_for_information(member_a, waiting_request):
    client = as_user(member_a)
    page = page_of(client, "intake:request_detail", waiting_request)
    assert "How many sworn officers do you have?" in page
    assert "Send your answer" in page
    url = reverse("intake:request_answer", args=[waiting_request.public_id])
    response = client.post(url, {"answer": "We have 212 sworn officers."})
    assert response.status_code == 302
    waiting_request.refresh_from_db()
    assert waiting_request.status == RequestStatus.IN_REVIEW
    answer = RequestMessage.objects.get(assistance_request=waiting_request, from_staff=False)
    assert answer.body == "We have 212 sworn officers." and answer.author == member_a
    assert "Send your answer" not in page_of(client, "intake:request_detail", waiting_request)


@pytest.mark.django_db
def test_an_empty_or_over_long_answer_is_refused_with_a_message(requester_a, waiting_request):
    url = reverse("intake:request_answer", args=[waiting_request.public_id])
    client = as_user(requester_a)
    response = client.post(url, {"answer": "  "})
    assert response.status_code == 400
    assert "Write your answer before you send it." in response.content.decode()
    response = client.post(url, {"answer": "y" * 4001})
    assert "Shorten it to 4,000 characters" in response.content.decode()
    waiting_request.refresh_from_db()
    assert waiting_request.status == RequestStatus.NEEDS_INFORMATION


@pytest.mark.django_db
def test_answering_when_nothing_was_asked_is_refused(requester_a, request_a):
    url = reverse("intake:request_answer", args=[request_a.public_id])
    response = as_user(requester_a).post(url, {"answer": "Here you go."}, follow=True)
    assert "not waiting for information" in response.content.decode()
    assert not RequestMessage.objects.filter(assistance_request=request_a).exists()


# --- withdrawing ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_agency_withdraws_before_a_decision_and_the_record_is_kept(requester_a, request_a):
    client = as_user(requester_a)
    url = reverse("intake:request_withdraw", args=[request_a.public_id])
    page = page_of(client, "intake:request_detail", request_a)
    assert url in page
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Withdraw request" in confirm.content.decode()
    request_a.refresh_from_db()
    assert request_a.status == RequestStatus.SUBMITTED  # the page alone changes nothing
    response = client.post(url, {"reason": "We found help from our state association."})
    assert response.status_code == 302
    request_a.refresh_from_db()
    assert request_a.status == RequestStatus.WITHDRAWN
    assert request_a.withdrawal_reason == "We found help from our state association."
    # The whole record is kept.
    kept = AssistanceRequest.objects.get(pk=request_a.pk)
    assert kept.tracking_number and kept.narrative and kept.submitted_at
    assert Event.objects.for_target(kept).filter(verb="withdrawn").exists()
    page = page_of(client, "intake:request_detail", kept)
    assert "Withdrawn" in page
    assert "We found help from our state association." in page
    assert url not in page  # no second withdrawal


@pytest.mark.django_db
def test_withdrawing_without_a_reason_is_fine(member_a, request_a):
    url = reverse("intake:request_withdraw", args=[request_a.public_id])
    assert as_user(member_a).post(url, {"reason": ""}).status_code == 302
    request_a.refresh_from_db()
    assert request_a.status == RequestStatus.WITHDRAWN


@pytest.mark.django_db
def test_an_over_long_reason_is_refused(requester_a, request_a):
    url = reverse("intake:request_withdraw", args=[request_a.public_id])
    response = as_user(requester_a).post(url, {"reason": "z" * 2001})
    assert response.status_code == 400
    assert "Shorten it to 2,000 characters" in response.content.decode()
    request_a.refresh_from_db()
    assert request_a.status == RequestStatus.SUBMITTED


@pytest.mark.django_db
def test_withdrawal_is_refused_after_a_decision(requester_a, staff, request_a):
    triage.request_decline(
        actor=staff, assistance_request=request_a, reason="no_capacity", note="Not this year."
    )
    client = as_user(requester_a)
    url = reverse("intake:request_withdraw", args=[request_a.public_id])
    assert url not in page_of(client, "intake:request_detail", request_a)
    for response in (client.get(url, follow=True), client.post(url, {}, follow=True)):
        assert "can no longer be withdrawn" in response.content.decode()
    request_a.refresh_from_db()
    assert request_a.status == RequestStatus.DECLINED


@pytest.mark.django_db
def test_staff_cannot_withdraw_for_the_agency(staff, request_a):
    url = reverse("intake:request_withdraw", args=[request_a.public_id])
    as_user(staff).post(url, {"reason": "cleanup"})
    request_a.refresh_from_db()
    assert request_a.status == RequestStatus.SUBMITTED


@pytest.mark.django_db
def test_anonymous_withdraw_goes_to_sign_in(client, request_a):
    response = client.post(reverse("intake:request_withdraw", args=[request_a.public_id]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


@pytest.mark.django_db
def test_a_new_user_has_nothing_listed(client):
    client.force_login(UserFactory())
    assert "No requests sent yet." in page_of(client, "intake:my_requests")
